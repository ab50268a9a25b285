"""The case store: migrations idempotent and matching the models; times aware, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import StatementError

from probable.store import Base, make_engine, migrate, session_factory, transaction
from probable.store.models import AgencyRow, UserRow
from tests.center.service import count

TABLES = {
    "agencies",
    "users",
    "api_tokens",
    "booking_events",
    "cases",
    "determinations",
    "corroboration",
    "reviews",
    "detainers",
    "outbox",
    "audit_log",
    "audit_head",
}


# SQLite's reflection cannot read an expression index (the queue's order); the rest is compared.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning",
    "ignore:autogenerate skipping metadata-specified expression-based index:UserWarning",
)
def test_migrations_run_twice_and_match_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        migrate(engine)  # a second run changes nothing and does not fail
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert tables >= TABLES | {"alembic_version"}
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            assert len(versions) == 1
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            indexes = (
                "SELECT name FROM sqlite_master WHERE type = 'index'"
                if connection.dialect.name == "sqlite"
                else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            )
            names = set(connection.execute(text(indexes)).scalars())
            expected = {i.name for t in Base.metadata.tables.values() for i in t.indexes}
            assert expected <= names, "every index of the models, expressions included"
    finally:
        engine.dispose()


def test_times_come_back_aware_in_utc_and_naive_times_are_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        factory = session_factory(engine)
        tokyo = timezone(timedelta(hours=9))
        written = datetime(2016, 1, 2, 3, 4, 5, 678901, tzinfo=tokyo)
        with transaction(factory) as session:
            session.add(
                AgencyRow(ori="CA0000001", state="CA", time_zone="UTC", responsible_office="PERC")
            )
            session.add(UserRow(username="aware", role="officer", created_at=written))
        with factory() as session:
            read = session.scalar(select(UserRow.created_at).where(UserRow.username == "aware"))
        assert read is not None
        assert read.utcoffset() == timedelta(0)
        assert read.tzinfo == UTC
        assert read == written
        assert (read.hour, read.microsecond) == (18, 678901)  # 03:04 in Tokyo, the day before

        with pytest.raises(StatementError, match="naive datetime"), transaction(factory) as s:
            s.add(UserRow(username="naive", role="officer", created_at=datetime(2016, 1, 2)))
        assert count(factory, UserRow) == 1
    finally:
        engine.dispose()
