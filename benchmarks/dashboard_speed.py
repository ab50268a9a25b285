"""Benchmark: the oversight dashboard's metrics over a case store of 100,000 cases.

1. Bulk-inserts N cases (default 100,000) with their bookings, determinations and
   documents (about 35% I-247A, 20% I-247G) into a fresh SQLite store (SQLAlchemy Core,
   seeded), or into `--database-url` (an empty store: PostgreSQL works too).
2. Times each metric (median and best of `--repeat` runs), the truth figures with a
   stand-in truth function (first call, then cached), every table with its chart
   (`StoreDashboard.panels`), one CSV, and the whole page: `GET /dashboard` in-process,
   signed in, rendered with every chart and table.
3. Times the page as `probable serve` serves it: the dashboard cached (`max_age=60`)
   and warmed before timing, `--requests` requests (default 20), p50/p95 of the
   server time (inside the ASGI app, the test client's own work left out) and of the
   whole in-process request.

Run: `uv run python benchmarks/dashboard_speed.py [--cases N] [--repeat N]
[--requests N] [--database-url URL] [--json]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import statistics
import tempfile
import threading
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator, Mapping, MutableMapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from probable.center import CaseViews, Center
from probable.center.lift_reasons import LIFT_REASON_TEXTS
from probable.center.users import add_user
from probable.oversight import metrics
from probable.oversight.dashboard import StoreDashboard
from probable.oversight.held import held_on_truth
from probable.store import make_engine, migrate, session_factory, sqlite_url, transaction
from probable.store.models import Base, CaseRow
from probable.web.pages import register_pages
from probable.web.pages.dashboard import register_dashboard

START = datetime(2024, 3, 4, tzinfo=UTC)
WEEKS = 104
SETTLEMENT = datetime(2025, 3, 4, tzinfo=UTC)
STATES = ("CA", "TX", "FL", "NY", "AZ", "IL", "WA", "GA", "NC", "NJ")
CHUNK = 10_000
PASSWORD = "benchmark password"

#: (action, share of cases, the statuses its cases end in with their weights).
ACTIONS: tuple[tuple[str | None, float, dict[str, float]], ...] = (
    ("issue_detainer", 0.35, {
        "custody_assumed": 0.5, "detainer_lifted": 0.15, "detainer_lapsed": 0.2,
        "detainer_served": 0.1, "detainer_issued": 0.05,
    }),
    ("request_notification", 0.20, {"notification_requested": 1.0}),
    ("refer_corroboration", 0.15, {"awaiting_corroboration": 0.4, "closed": 0.6}),
    ("refer_citizenship_investigation", 0.03, {"citizenship_investigation": 1.0}),
    ("no_action", 0.25, {"closed": 1.0}),
    (None, 0.02, {"received": 1.0}),
)  # fmt: skip

END_FIELD = {"custody_assumed": "custody_at", "detainer_lifted": "lifted_at",
             "detainer_lapsed": "lapsed_at"}  # fmt: skip
DOCUMENT_STATUS = {"custody_assumed": "custody_assumed", "detainer_lifted": "lifted",
                   "detainer_lapsed": "lapsed", "detainer_served": "served",
                   "detainer_issued": "issued"}  # fmt: skip


def _rows(n: int, seed: int) -> Iterator[tuple[dict[str, Any], ...]]:
    """Per case: its booking, case, determination (if decided) and document (if any)."""
    rng = random.Random(seed)
    actions = [a for a, _, _ in ACTIONS]
    weights = [w for _, w, _ in ACTIONS]
    ends = {a: s for a, _, s in ACTIONS}
    for i in range(1, n + 1):
        booked = START + timedelta(seconds=rng.uniform(0, WEEKS * 7 * 86400))
        state = STATES[i % len(STATES)]
        ori = f"{state}{i % 60:07d}"
        action = rng.choices(actions, weights)[0]
        statuses = ends[action]
        status = rng.choices(list(statuses), list(statuses.values()))[0]
        profile = (
            None if action is None
            else "settlement_neutral_review" if booked >= SETTLEMENT else "ninth_circuit"
        )  # fmt: skip
        booking = {"id": i, "event_id": f"replay-B{i:07d}", "booking_id": f"B{i:07d}",
                   "agency_ori": ori, "received_at": booked,
                   "payload": {"booking_id": f"B{i:07d}"}}  # fmt: skip
        case = {"id": i, "number": f"C{i:08d}", "booking_row_id": i, "agency_ori": ori,
                "state": state, "status": status, "action": action, "profile": profile,
                "booked_at": booked, "created_at": booked, "updated_at": booked}  # fmt: skip
        if action is None:
            yield booking, case
            continue
        decided = booked + timedelta(minutes=rng.uniform(5, 90))
        determination = {"id": i, "case_id": i, "seq": 1, "trigger": "intake",
                         "action": action, "profile": profile, "profile_version": "1",
                         "reason": "benchmark", "body": {}, "evidence": {},
                         "created_at": decided}  # fmt: skip
        if action not in ("issue_detainer", "request_notification"):
            yield booking, case, determination
            continue
        form = "I-247A" if action == "issue_detainer" else "I-247G"
        document: dict[str, Any] = {
            "id": i, "number": f"D{i:08d}", "case_id": i, "determination_id": i, "form": form,
            "status": "issued", "issued_at": decided, "html": "", "pdf": b"",
            "release_at": None, "hold_expires_at": None, "custody_at": None,
            "lifted_at": None, "lift_reason": None, "lapsed_at": None,
        }  # fmt: skip
        if form == "I-247A":
            release = decided + timedelta(hours=rng.uniform(1, 96))
            expires = release + timedelta(hours=rng.choice((48, 72, 96)))
            document.update(status=DOCUMENT_STATUS[status], release_at=release,
                            hold_expires_at=expires)  # fmt: skip
            field = END_FIELD.get(status)
            if field == "lapsed_at":
                document[field] = expires
            elif field is not None:
                document[field] = release + timedelta(hours=rng.uniform(-6, 48))
            if field == "lifted_at":
                document["lift_reason"] = rng.choice(LIFT_REASON_TEXTS)
        yield booking, case, determination, document


def fill(engine: Engine, n: int, seed: int) -> float:
    """Insert `n` cases in chunks with SQLAlchemy Core; the seconds it took."""
    tables = Base.metadata.tables
    order = ("booking_events", "cases", "determinations", "detainers")
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            tables["agencies"].insert(),
            [{"ori": f"{s}{k:07d}", "name": f"Agency {s}{k}", "state": s,
              "time_zone": "America/Chicago", "responsible_office": "PERC"}
             for k in range(60) for s in STATES],
        )  # fmt: skip
        batch: dict[str, list[dict[str, Any]]] = {name: [] for name in order}
        for rows in _rows(n, seed):
            for name, row in zip(order, rows, strict=False):
                batch[name].append(row)
            if len(batch["cases"]) >= CHUNK:
                for name in order:
                    connection.execute(tables[name].insert(), batch[name])
                    batch[name] = []
        for name in order:
            if batch[name]:
                connection.execute(tables[name].insert(), batch[name])
    return time.perf_counter() - started


def stand_in_truth(booking_ids: Sequence[str], /) -> Mapping[str, Mapping[str, bool]]:
    """A truth for the benchmark: 2% citizens, 3% not removable, fixed by booking id."""
    out = {}
    for b in booking_ids:
        roll = hashlib.sha256(b.encode()).digest()[0] / 256
        out[b] = {"citizen": roll < 0.02, "removable": roll >= 0.05}
    return out


def timed(run: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Median and best milliseconds of `repeat` runs."""
    ms = []
    for _ in range(repeat):
        begun = time.perf_counter()
        run()
        ms.append(1000 * (time.perf_counter() - begun))
    return {"median_ms": round(statistics.median(ms), 1), "best_ms": round(min(ms), 1)}


class _NoEvidence:
    """The center's evidence source, never asked: the benchmark posts no bookings."""

    def gather(self, *_: Any) -> Any:
        raise AssertionError("the benchmark posts no bookings")

    def close(self) -> None:
        """Nothing to close."""


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class ServerTimed:
    """An ASGI app timed from inside: the milliseconds of each HTTP request it served."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.ms: list[float] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        begun = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http":
                self.ms.append(1000 * (time.perf_counter() - begun))


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    """p50 (median) and p95 (nearest rank) of `ms`, in milliseconds."""
    ordered = sorted(ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def page_timer(
    factory: sessionmaker[Session], source: StoreDashboard, *, username: str = "bench-auditor"
) -> tuple[Callable[[], int], ServerTimed]:
    """A signed-in client of the pages: the call that GETs /dashboard (its size), and the
    app it calls, which keeps each request's server time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    with transaction(factory) as session:
        add_user(session, username=username, role="auditor", at=START, password=PASSWORD)
    app = FastAPI()
    app.state.center = Center(factory, _NoEvidence(), clock=lambda: datetime.now(UTC))
    app.state.views = CaseViews(factory, clock=lambda: datetime.now(UTC))
    app.state.factory = factory
    register_pages(app, session_secret=b"benchmark session secret, 32 b.")
    register_dashboard(app, source)
    timed_app = ServerTimed(app)
    client = TestClient(timed_app, base_url="https://testserver")
    form = client.get("/sign-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    client.post(
        "/sign-in",
        data={"csrf_token": token.group(1), "username": username, "password": PASSWORD},
    )

    def get() -> int:
        answer = client.get("/dashboard")
        assert answer.status_code == 200, answer.status_code
        return len(answer.content)

    return get, timed_app


def cached_page(
    writer: sessionmaker[Session],
    factory: sessionmaker[Session],
    as_of: datetime,
    requests: int,
) -> dict[str, Any]:
    """The page as `probable serve` serves it: cached a minute, warmed, then timed."""
    board = StoreDashboard(factory, stand_in_truth, clock=lambda: as_of, max_age=60.0)
    begun = time.perf_counter()
    board.warm()
    for thread in threading.enumerate():
        if thread.name == "probable-dashboard":
            thread.join()
    warm_ms = 1000 * (time.perf_counter() - begun)
    get_page, timed_app = page_timer(writer, board, username="bench-auditor-cached")
    get_page()  # the first request renders the templates once
    timed_app.ms.clear()
    whole = []
    for _ in range(requests):
        begun = time.perf_counter()
        get_page()
        whole.append(1000 * (time.perf_counter() - begun))
    server = percentiles(timed_app.ms)
    return {
        "max_age_s": board.max_age,
        "warm_ms": round(warm_ms, 1),
        "requests": len(timed_app.ms),
        "server_p50_ms": server["p50_ms"],
        "server_p95_ms": server["p95_ms"],
        "request_p50_ms": percentiles(whole)["p50_ms"],
        "request_p95_ms": percentiles(whole)["p95_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--requests", type=int, default=20, help="Requests of the cached page (p50/p95)."
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url", help="An empty case store (default: a SQLite file).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="probable-dashboard-") as scratch:
        path = Path(scratch) / "cases.db"
        engine = make_engine(args.database_url or sqlite_url(path))
        migrate(engine)
        writer = session_factory(engine)
        with writer() as session:
            if session.scalar(select(func.count()).select_from(CaseRow)):
                parser.error("the store at --database-url is not empty")
        insert_seconds = fill(engine, args.cases, args.seed)
        factory = session_factory(engine, read_only=True)
        with factory() as session:
            documents = sum(int(r["documents"] or 0) for r in metrics.documents_by_week(session))
        as_of = START + timedelta(weeks=WEEKS)

        def metric(run: Callable[[Session], Any]) -> Callable[[], Any]:
            def once() -> Any:
                with factory() as session:
                    return run(session)

            return once

        figures: dict[str, Any] = {
            "cases": args.cases,
            "documents": documents,
            "database": engine.dialect.name,
            "insert_seconds": round(insert_seconds, 1),
            "store_mb": round(path.stat().st_size / 1e6, 1) if path.exists() else None,
            "repeat": args.repeat,
            "metrics": {
                name: timed(metric(run), args.repeat)
                for name, run in (
                    ("documents_by_week", metrics.documents_by_week),
                    ("lift_reasons", metrics.lift_reasons),
                    ("hold_hours", lambda s: metrics.hold_hours(s, as_of=as_of)),
                    ("cases_by_status", metrics.cases_by_status),
                    ("cases_by_action", metrics.cases_by_action),
                    ("held_on_truth", lambda s: held_on_truth(s, stand_in_truth)),
                )
            },
        }
        dashboard = StoreDashboard(factory, stand_in_truth, clock=lambda: as_of)
        figures["panels_first_ms"] = timed(dashboard.panels, 1)["best_ms"]
        figures["panels"] = timed(dashboard.panels, args.repeat)
        figures["csv_documents_by_week"] = timed(
            lambda: dashboard.csv("documents_by_week"), args.repeat
        )
        get_page, _ = page_timer(writer, dashboard)
        figures["page_bytes"] = get_page()
        figures["page"] = timed(get_page, args.repeat)
        figures["page_cached"] = cached_page(writer, factory, as_of, args.requests)
        engine.dispose()

    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['cases']:,} cases, {figures['documents']:,} documents on "
        f"{figures['database']}: inserted in {figures['insert_seconds']} s"
    )
    for name, t in figures["metrics"].items():
        print(f"  {name:<20} {t['median_ms']:>8.1f} ms (best {t['best_ms']})")
    print(f"  {'all panels':<20} {figures['panels']['median_ms']:>8.1f} ms "
          f"(first, truth uncached: {figures['panels_first_ms']})")  # fmt: skip
    print(f"  {'GET /dashboard':<20} {figures['page']['median_ms']:>8.1f} ms, "
          f"{figures['page_bytes']:,} bytes")  # fmt: skip
    c = figures["page_cached"]
    print(f"  {'GET /dashboard':<20} cached (max_age {c['max_age_s']:g} s, warmed in "
          f"{c['warm_ms']} ms), {c['requests']} requests: server p50 {c['server_p50_ms']} ms, "
          f"p95 {c['server_p95_ms']} ms (whole request p50 {c['request_p50_ms']}, "
          f"p95 {c['request_p95_ms']})")  # fmt: skip


if __name__ == "__main__":
    main()
