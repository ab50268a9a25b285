"""Alembic's environment: runs the migrations on the engine `probable.store` hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from probable.store.models import Base

config = context.config
engine: Engine | None = config.attributes.get("engine")
if engine is None:
    # `alembic` run by hand: the URL comes from -x url=... (docs/store.md).
    engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
