"""The case store: SQLAlchemy 2 models and Alembic migrations, SQLite by default, PostgreSQL
for a deployment. It keeps what the center gives it and holds no business rules.
docs/store.md explains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.store.database import (
        StoreError,
        make_engine,
        migrate,
        session_factory,
        sqlite_url,
        transaction,
    )
    from probable.store.models import Base

__all__ = [
    "Base",
    "StoreError",
    "make_engine",
    "migrate",
    "session_factory",
    "sqlite_url",
    "transaction",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
