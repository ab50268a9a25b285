"""The case stores the oversight tests count in: each test's own, on SQLite and PostgreSQL.

The backends and their stores are the center tests' (`tests/center/service.py`:
PostgreSQL from `PROBABLE_TEST_POSTGRES_URL`, one schema per store).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.center.service import backend, database_url
from tests.oversight.store_rows import known_store

__all__ = ["backend", "database_url", "known"]


@pytest.fixture
def known(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Read-only sessions on a store holding `fill_known`'s rows."""
    engine, factory = known_store(database_url)
    yield factory
    engine.dispose()
