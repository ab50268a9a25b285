"""The oversight dashboard's data: every table with its chart, from the case store (read-only).

`StoreDashboard` is what `probable serve` hands the web layer (which may not import
oversight, so it only knows the shape: `probable.web.pages.dashboard.DashboardSource`).
Given a `HeldTruth` (a simulated world's), it adds the detainers held on citizens and
on people who could not be removed; given a public detainer release's summary, its
tables too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from probable.oversight import metrics
from probable.oversight.charts import CHARTS, chart
from probable.oversight.ddp import DdpSummary
from probable.oversight.held import CachedTruth, HeldTruth, held_on_truth
from probable.oversight.panels import PANELS
from probable.oversight.tables import Rows, columns_of, to_csv

Metric = Callable[[Session], Rows]


@dataclass(frozen=True, slots=True)
class Panel:
    """One table of the dashboard with its words and its chart (None: a table only)."""

    name: str
    title: str
    summary: str
    """The chart's text alternative: what it shows, with the main figures."""
    note: str
    columns: tuple[tuple[str, str], ...]
    rows: Rows
    spec: dict[str, Any] | None


def _now() -> datetime:
    return datetime.now(UTC)


class StoreDashboard:
    """The tables and charts of one case store.

    `factory` should make read-only sessions (`session_factory(engine, read_only=True)`).
    With `max_age` (seconds), `tables` answers from figures at most that old and
    refreshes them in a background thread when they age (stale while revalidating), so
    a page never waits on the aggregates over a large store; `warm` computes them
    ahead. With `max_age=None` every call reads the store afresh.
    """

    def __init__(
        self,
        factory: sessionmaker[Session],
        truth: HeldTruth | None = None,
        *,
        public: DdpSummary | None = None,
        clock: Callable[[], datetime] = _now,
        max_age: float | None = None,
    ) -> None:
        self.factory = factory
        self.truth = None if truth is None else CachedTruth(truth)
        self.public = public
        self.clock = clock
        self.max_age = max_age
        self._cache: tuple[float, dict[str, Rows]] | None = None
        self._lock = threading.Lock()
        self._refreshing = False

    def warm(self) -> None:
        """Compute the figures now, in a background thread (for a cached dashboard)."""
        if self.max_age is not None:
            threading.Thread(target=self._refresh, name="probable-dashboard", daemon=True).start()

    def _refresh(self) -> dict[str, Rows]:
        try:
            found = self._read()
            with self._lock:
                self._cache = (time.monotonic(), found)
            return found
        finally:
            with self._lock:
                self._refreshing = False

    def _metrics(self) -> dict[str, Metric]:
        """The store's tables by name, in page order (the truth's first, when there is one)."""
        found: dict[str, Metric] = {}
        if self.truth is not None:
            truth = self.truth
            found["held_on_truth"] = lambda s: held_on_truth(s, truth)
        found.update(
            documents_by_week=metrics.documents_by_week,
            lift_reasons=metrics.lift_reasons,
            hold_hours=lambda s: metrics.hold_hours(s, as_of=self.clock()),
            cases_by_status=metrics.cases_by_status,
            cases_by_action=metrics.cases_by_action,
        )
        return found

    def _public(self) -> dict[str, Rows]:
        if self.public is None:
            return {}
        return {
            "ddp_citizenship": self.public.citizenship,
            "ddp_by_month": self.public.by_month_state,
            "ddp_lift_reasons": self.public.lift_reasons,
        }

    def table(self, name: str) -> Rows | None:
        """One table's rows; None when there is no table of that name."""
        metric = self._metrics().get(name)
        if metric is not None:
            with self.factory() as session:
                return metric(session)
        return self._public().get(name)

    def _read(self) -> dict[str, Rows]:
        with self.factory() as session:
            found = {name: metric(session) for name, metric in self._metrics().items()}
        return {**found, **self._public()}

    def tables(self) -> dict[str, Rows]:
        """Every table, the store's read in one session (or the cached figures)."""
        if self.max_age is None:
            return self._read()
        with self._lock:
            cached = self._cache
            stale = cached is None or time.monotonic() - cached[0] > self.max_age
            start = stale and cached is not None and not self._refreshing
            if start:
                self._refreshing = True
        if cached is None:
            return self._refresh()
        if start:
            threading.Thread(target=self._refresh, name="probable-dashboard", daemon=True).start()
        return cached[1]

    def panels(self) -> list[Panel]:
        """Every table with its words and chart, in page order."""
        return [self.panel(name, rows) for name, rows in self.tables().items()]

    @staticmethod
    def panel(name: str, rows: Rows) -> Panel:
        """Table `name`'s panel over `rows`."""
        text = PANELS[name]
        summary = text.describe(rows)
        return Panel(
            name=name,
            title=text.title,
            summary=summary,
            note=text.note,
            columns=text.columns,
            rows=rows,
            spec=chart(name, rows, summary) if name in CHARTS else None,
        )

    def csv(self, name: str) -> str | None:
        """One table as CSV, every column (the page's first); None when there is no such table."""
        # A cached dashboard answers from the same figures as its page.
        rows = self.table(name) if self.max_age is None else self.tables().get(name)
        if rows is None:
            return None
        shown = [column for column, _ in PANELS[name].columns]
        return to_csv(rows, [*shown, *(c for c in columns_of(rows) if c not in shown)])
