"""Each metric over a store of known rows gives the known table, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from probable.oversight import metrics
from probable.oversight.metrics import HoursBins, hold_summary
from probable.store import session_factory
from tests.oversight.store_rows import (
    AS_OF,
    KNOWN_ACTIONS,
    KNOWN_DOCUMENTS_BY_WEEK,
    KNOWN_HOLDS,
    KNOWN_LIFT_REASONS,
    KNOWN_STATUSES,
    at,
    empty_store,
)


def test_documents_by_week(known: sessionmaker[Session]) -> None:
    with known() as session:
        assert metrics.documents_by_week(session) == KNOWN_DOCUMENTS_BY_WEEK


def test_lift_reasons(known: sessionmaker[Session]) -> None:
    with known() as session:
        assert metrics.lift_reasons(session) == KNOWN_LIFT_REASONS


def test_cases_by_status_and_action(known: sessionmaker[Session]) -> None:
    with known() as session:
        assert metrics.cases_by_status(session) == KNOWN_STATUSES
        assert metrics.cases_by_action(session) == KNOWN_ACTIONS


def test_hold_hours_histogram(known: sessionmaker[Session]) -> None:
    with known() as session:
        rows = metrics.hold_hours(session, as_of=AS_OF)
    labels = ["0-12 h", "12-24 h", "24-36 h", "36-48 h", "48-60 h"]
    assert [(r["bin"], r["profile"]) for r in rows] == [
        (label, profile) for profile in ("database_only", "settlement") for label in labels
    ]
    for row in rows:
        holds, hours = KNOWN_HOLDS.get((str(row["bin"]), str(row["profile"])), (0, 0.0))
        assert row["holds"] == holds, row
        assert row["hours"] == pytest.approx(hours, abs=0.01), row
        assert row["max_hours"] == (pytest.approx(hours, abs=0.01) if holds else None), row
    assert rows[4]["from_hours"] == 48 and rows[4]["to_hours"] == 60
    summary = hold_summary(rows)
    assert summary["holds"] == 4
    assert summary["hours"] == pytest.approx(96.5, abs=0.01)
    assert summary["mean_hours"] == pytest.approx(24.125, abs=0.01)
    assert summary["max_hours"] == pytest.approx(48.5, abs=0.01)


def test_a_hold_in_force_runs_to_now_then_to_its_expiry(known: sessionmaker[Session]) -> None:
    def settlement_hours(as_of_hours: float) -> float:
        with known() as session:
            rows = metrics.hold_hours(session, as_of=at(18) + timedelta(hours=as_of_hours))
        return sum(float(r["hours"]) for r in rows if r["profile"] == "settlement")

    # D6's release was 18 March 00:00; its hold expires 20 March 06:00 (54 h).
    assert settlement_hours(10) == pytest.approx(10, abs=0.01)
    assert settlement_hours(200) == pytest.approx(54, abs=0.01)
    # Before the release time nobody is held yet.
    assert settlement_hours(-1) == 0


def test_the_open_bin_takes_the_longest_holds(known: sessionmaker[Session]) -> None:
    with known() as session:
        rows = metrics.hold_hours(session, as_of=AS_OF, bins=HoursBins(width=24, top=48))
    assert [(r["bin"], r["profile"], r["holds"]) for r in rows if r["holds"]] == [
        ("0-24 h", "database_only", 2),
        ("48 h or more", "database_only", 1),
        ("24-48 h", "settlement", 1),
    ]
    assert next(r for r in rows if r["bin"] == "48 h or more")["to_hours"] is None


def test_bins_must_tile_the_range() -> None:
    with pytest.raises(ValueError, match="multiple of width"):
        HoursBins(width=12, top=50)


def test_an_empty_store_gives_empty_tables(database_url: str) -> None:
    engine = empty_store(database_url)
    with session_factory(engine, read_only=True)() as session:
        assert metrics.documents_by_week(session) == []
        assert metrics.lift_reasons(session) == []
        assert metrics.hold_hours(session, as_of=AS_OF) == []
        assert metrics.cases_by_status(session) == []
        assert metrics.cases_by_action(session) == []
    assert hold_summary([]) == {"holds": 0, "hours": 0.0, "mean_hours": None, "max_hours": None}
    engine.dispose()
