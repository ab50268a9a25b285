"""The cached dashboard: figures at most `max_age` old, refreshed in the background, warmed ahead.

Every statement the dashboard's read-only sessions send is counted (an engine event),
with the thread that sent it, so a test sees whether a call touched the store at all.
A case added between two calls shows whether the figures are the cached or fresh ones.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from probable.oversight.dashboard import StoreDashboard
from probable.oversight.tables import Rows
from probable.store import session_factory, transaction
from probable.store.database import READ_ONLY
from tests.oversight.store_rows import TRUTH, StoreFiller, known_store

#: The name of the dashboard's refresh thread.
THREAD = "probable-dashboard"

#: How long a test waits for a refresh before failing (seconds).
PATIENCE = 10.0


@dataclass
class Store:
    """A store of known rows, the reads sent to it, and a gate that can hold a refresh."""

    engine: Engine
    read: sessionmaker[Session]
    reads: list[str] = field(default_factory=list)
    """The name of the thread of each statement a read-only session sent."""
    gate: threading.Event = field(default_factory=threading.Event)
    """While clear, a refresh thread's statements wait (set: they run at once)."""
    truth_asked: list[Sequence[str]] = field(default_factory=list)

    def add_case(self, booking_id: str) -> None:
        """A new undecided case, written in its own transaction."""
        with transaction(session_factory(self.engine)) as session:
            StoreFiller(session).case(booking_id, "received")

    def truth(self, booking_ids: Sequence[str], /) -> Mapping[str, Mapping[str, bool]]:
        """The known rows' truth, each question recorded."""
        self.truth_asked.append(list(booking_ids))
        return {b: TRUTH[b] for b in booking_ids if b in TRUTH}

    def refreshes(self) -> list[threading.Thread]:
        """The dashboard's refresh threads still running."""
        return [t for t in threading.enumerate() if t.name == THREAD]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    engine, read = known_store(database_url)
    found = Store(engine, read)
    found.gate.set()

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn: Any, *_: Any) -> None:
        if not conn.get_execution_options().get(READ_ONLY, False):
            return
        name = threading.current_thread().name
        found.reads.append(name)
        if name == THREAD:
            assert found.gate.wait(PATIENCE), "a test held the refresh too long"

    yield found
    # No refresh may outlive the store it reads.
    found.gate.set()
    for thread in found.refreshes():
        thread.join(PATIENCE)
    engine.dispose()


def cases(tables: Mapping[str, Rows]) -> int:
    """The cases the figures count."""
    return sum(int(r["cases"] or 0) for r in tables["cases_by_status"])


def join_refreshes(store: Store) -> None:
    for thread in store.refreshes():
        thread.join(PATIENCE)
        assert not thread.is_alive(), "the refresh did not finish"


def test_without_max_age_every_call_reads_the_store(store: Store) -> None:
    board = StoreDashboard(store.read)
    assert cases(board.tables()) == 9
    read = len(store.reads)
    assert read > 0
    store.add_case("B10")
    assert cases(board.tables()) == 10
    assert len(store.reads) > read
    board.warm()  # nothing to warm
    assert store.refreshes() == []


def test_a_second_call_within_max_age_does_not_touch_the_store(store: Store) -> None:
    board = StoreDashboard(store.read, store.truth, max_age=60)
    first = board.tables()
    assert cases(first) == 9
    assert "held_on_truth" in first
    assert store.reads, "the first call reads the store"
    assert set(store.reads) == {threading.current_thread().name}, "and waits for it"
    read, asked = len(store.reads), len(store.truth_asked)

    store.add_case("B10")
    again = board.tables()
    assert len(store.reads) == read
    assert len(store.truth_asked) == asked
    assert again is first
    assert cases(again) == 9
    assert store.refreshes() == []


def test_after_max_age_the_stale_figures_then_the_refreshed(store: Store) -> None:
    board = StoreDashboard(store.read, max_age=0.05)
    first = board.tables()
    read = len(store.reads)
    store.add_case("B10")
    time.sleep(0.06)

    stale = board.tables()
    assert stale is first, "an aged cache answers at once"
    assert cases(stale) == 9

    deadline = time.monotonic() + PATIENCE
    latest = stale
    while cases(latest) == 9 and time.monotonic() < deadline:
        time.sleep(0.01)
        latest = board.tables()
    assert cases(latest) == 10, "the refresh never landed"
    assert THREAD in store.reads[read:], "the refresh read in the background"
    join_refreshes(store)


def test_one_refresh_at_a_time_and_callers_never_wait(store: Store) -> None:
    board = StoreDashboard(store.read, max_age=0.05)
    first = board.tables()
    store.add_case("B10")
    time.sleep(0.06)

    store.gate.clear()  # the refresh will wait on its first statement
    started = time.monotonic()
    answers = [board.tables() for _ in range(5)]
    assert time.monotonic() - started < 1.0
    assert all(a is first for a in answers), "the stale figures, while the refresh runs"
    refreshes = store.refreshes()
    assert len(refreshes) == 1, "one refresh, however many callers"

    store.gate.set()
    refreshes[0].join(PATIENCE)
    assert not refreshes[0].is_alive()
    assert cases(board.tables()) == 10
    join_refreshes(store)


def test_warm_fills_the_cache(store: Store) -> None:
    board = StoreDashboard(store.read, store.truth, max_age=60)
    board.warm()
    join_refreshes(store)
    assert store.reads, "warm read the store"
    assert set(store.reads) == {THREAD}, "in the background"
    read, asked = len(store.reads), len(store.truth_asked)

    store.add_case("B10")
    warmed = board.tables()
    assert len(store.reads) == read, "the first call answers from the warmed figures"
    assert len(store.truth_asked) == asked
    assert cases(warmed) == 9
    assert [r["profile"] for r in warmed["held_on_truth"]] == ["database_only", "settlement"]
