"""Benchmark: the server time of every page with 100,000 cases in a SQLite case store.

1. Takes `--seeds` real bookings of a world through the center (identity lookup,
   evidence, law, documents, reviews): the templates.
2. Fills the store to `--cases` cases by bulk-inserting copies of the templates with
   SQLAlchemy Core (bookings, cases, determinations with their evidence, reviews,
   documents with their HTML and PDF), deadlines spread around now; a few hundred of
   the copies get audit entries through `probable.center.audit.append`.
3. Signs in through the form and times each page in-process (Starlette's test client
   over the ASGI app, no network): `--requests` requests each, p50/p95 in ms, the
   first request (a cold identity lookup for the case page) shown apart. Target: every
   page's p95 under 300 ms.

The world comes from `probable simulate` and `probable identity build`, e.g.
`probable simulate --persons 20000 --bookings 2000 --seed 7 --out /tmp/w20 --force`
and `probable identity build --world /tmp/w20`.

Run: `uv run python benchmarks/pages_speed.py --world /tmp/w20 [--cases 100000] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from probable.center import CaseViews, Center, CenterSettings, IndexEvidence
from probable.center import audit as audit_log
from probable.center.intake import BookingIntake, intake_payload
from probable.center.users import add_user, load_agencies, principal_of
from probable.sources import read_world_agencies, read_world_booking_events
from probable.store import make_engine, migrate, session_factory, transaction
from probable.store.models import (
    BookingRow,
    CaseRow,
    DetainerRow,
    DeterminationRow,
    ReviewRow,
    UserRow,
)
from probable.web import create_app

PASSWORD = "benchmark password"
USERS = {
    "officer": "bench-officer",
    "neutral_reviewer": "bench-reviewer",
    "auditor": "bench-auditor",
    "agency_liaison": "bench-liaison",
    "intake": "bench-feed",
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

#: Rows per INSERT batch.
BATCH = 2_000

#: How soon each kind of deadline falls, in hours from now (low, high).
DEADLINES = {"review": (-1.0, 48.0), "corroboration": (-1.0, 24.0), "hold": (-6.0, 72.0)}


@dataclass
class Template:
    """One real decided case: its rows, to copy."""

    case: dict[str, Any]
    booking: dict[str, Any]
    determinations: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    detainers: list[dict[str, Any]]


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _seed(factory: sessionmaker[Session], world: Path, index: Path, seeds: int) -> Center:
    """Users, agencies, and `seeds` bookings taken in by the center."""
    now = datetime.now(UTC)
    events = [e for e in read_world_booking_events(world) if e.fin][:seeds]
    with transaction(factory) as session:
        load_agencies(session, read_world_agencies(world))
        for role, name in USERS.items():
            agency = events[0].agency.ori if role == "agency_liaison" else None
            add_user(
                session, username=name, role=role, at=now, agency_ori=agency, password=PASSWORD
            )
    with factory() as session:
        feed = principal_of(
            session.scalars(select(UserRow).where(UserRow.username == USERS["intake"])).one()
        )
    center = Center(
        factory,
        IndexEvidence.from_world(world, index),
        settings=CenterSettings(profile="settlement_neutral_review"),
    )
    for event in events:
        payload = intake_payload(event, event_id=f"seed-{event.booking_id}")
        try:
            center.intake(BookingIntake.model_validate(payload), feed)
        except ValueError as exc:  # a form the center cannot render; skip that booking
            print(f"seed {event.booking_id} skipped: {exc}", file=sys.stderr)
    return center


def _templates(factory: sessionmaker[Session]) -> list[Template]:
    out = []
    with factory() as session:
        for case in session.scalars(select(CaseRow).order_by(CaseRow.id)):
            dets = session.scalars(
                select(DeterminationRow).where(DeterminationRow.case_id == case.id)
            ).all()
            if not dets:
                continue
            out.append(
                Template(
                    _row(case),
                    _row(case.booking),
                    [_row(d) for d in dets],
                    [
                        _row(r)
                        for r in session.scalars(
                            select(ReviewRow).where(ReviewRow.case_id == case.id)
                        )
                    ],
                    [
                        _row(d)
                        for d in session.scalars(
                            select(DetainerRow).where(DetainerRow.case_id == case.id)
                        )
                    ],
                )
            )
    return out


def _fill(engine: Engine, templates: Sequence[Template], cases: int, rng: random.Random) -> int:
    """Copies of the templates up to `cases` cases in all; how many were added."""
    with engine.connect() as conn:
        start = int(conn.scalar(select(func.max(CaseRow.id))) or 0)
        det_start = int(conn.scalar(select(func.max(DeterminationRow.id))) or 0)
    now = datetime.now(UTC)
    add = max(0, cases - start)
    per_case = max(len(t.determinations) for t in templates)
    plan = [(start + 1 + i, templates[i % len(templates)]) for i in range(add)]
    rng.shuffle(plan)

    def deadline(t: Template) -> datetime | None:
        kind = t.case["deadline_kind"]
        if kind is None:
            return None
        low, high = DEADLINES.get(kind, (0.0, 48.0))
        return now + timedelta(hours=rng.uniform(low, high))

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        for case_id, t in plan:
            payload = {
                **t.booking["payload"],
                "event_id": f"bulk-{case_id}",
                "booking_id": f"BB{case_id:08d}",
            }
            yield (
                "booking",
                {
                    **t.booking,
                    "id": case_id,
                    "event_id": payload["event_id"],
                    "booking_id": payload["booking_id"],
                    "payload": payload,
                },
            )
            due = deadline(t)
            yield (
                "case",
                {
                    **t.case,
                    "id": case_id,
                    "number": f"C{case_id:08d}",
                    "booking_row_id": case_id,
                    "deadline": due,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            first = det_start + (case_id - start - 1) * per_case + 1
            for n, d in enumerate(t.determinations):
                yield "determination", {**d, "id": first + n, "case_id": case_id}
            last_det = first + len(t.determinations) - 1
            for r in t.reviews:
                yield (
                    "review",
                    {k: v for k, v in r.items() if k != "id"}
                    | {
                        "case_id": case_id,
                        "determination_id": last_det,
                        "due_at": due or r["due_at"],
                    },
                )
            for d in t.detainers:
                yield (
                    "detainer",
                    {k: v for k, v in d.items() if k != "id"}
                    | {
                        "case_id": case_id,
                        "determination_id": last_det,
                        "number": f"{d['number'][:1]}B{case_id:09d}",
                    },
                )

    tables = {
        "booking": BookingRow.__table__,
        "case": CaseRow.__table__,
        "determination": DeterminationRow.__table__,
        "review": ReviewRow.__table__,
        "detainer": DetainerRow.__table__,
    }
    pending: dict[str, list[dict[str, Any]]] = {k: [] for k in tables}

    def flush(conn: Any) -> None:
        # Parents first, so the foreign keys hold at every batch.
        for name, table in tables.items():
            if pending[name]:
                conn.execute(insert(table), pending[name])
                pending[name] = []

    with engine.begin() as conn:
        for kind, row in rows():
            pending[kind].append(row)
            if len(pending[kind]) >= BATCH:
                flush(conn)
        flush(conn)
    return add


def _audit_some(factory: sessionmaker[Session], case_ids: Sequence[int]) -> None:
    now = datetime.now(UTC)
    with transaction(factory) as session:
        for case_id in case_ids:
            for action in ("booking.received", "determination.made"):
                audit_log.append(
                    session,
                    actor="system:benchmark",
                    action=action,
                    at=now,
                    case_id=case_id,
                    detail={"bulk": True},
                )


def _client(app: Any, username: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    client = TestClient(app, follow_redirects=False)
    form = client.get("/sign-in")
    token = CSRF.search(form.text)
    assert token is not None
    signed = client.post(
        "/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert signed.status_code == 303, signed.text
    return client


def _time(fetch: Callable[[], Any], requests: int) -> dict[str, Any]:
    times = []
    status = None
    for _ in range(requests):
        t0 = time.perf_counter()
        response = fetch()
        times.append((time.perf_counter() - t0) * 1000)
        status = response.status_code
    ordered = sorted(times)
    return {
        "status": status,
        "first_ms": round(times[0], 1),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "n": len(times),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build the store, fill it, time the pages."""
    rng = random.Random(7)
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="probable-pages-")) / "cases.db"
    db.unlink(missing_ok=True)
    engine = make_engine(f"sqlite+pysqlite:///{db}")
    migrate(engine)
    factory = session_factory(engine)
    world = Path(args.world)
    index = Path(args.index) if args.index else world / "identity.duckdb"
    t0 = time.perf_counter()
    center = _seed(factory, world, index, args.seeds)
    seeded = time.perf_counter() - t0
    templates = _templates(factory)
    t0 = time.perf_counter()
    added = _fill(engine, templates, args.cases, rng)
    with engine.connect() as conn:
        total = int(conn.scalar(select(func.count(CaseRow.id))) or 0)
        bulk = list(conn.scalars(select(CaseRow.id).where(CaseRow.id > len(templates)).limit(300)))
    _audit_some(factory, bulk)
    filled = time.perf_counter() - t0
    views = CaseViews(factory, clock=center.clock)
    app = create_app(center, views)
    officer = _client(app, USERS["officer"])
    reviewer = _client(app, USERS["neutral_reviewer"])
    auditor = _client(app, USERS["auditor"])
    liaison = _client(app, USERS["agency_liaison"])
    with engine.connect() as conn:
        middle = int(
            conn.scalar(
                select(CaseRow.id)
                .where(CaseRow.status == "awaiting_review")
                .order_by(CaseRow.id)
                .offset(total // 200)
            )
            or 1
        )
        review = conn.execute(
            select(ReviewRow.id, ReviewRow.case_id)
            .where(ReviewRow.status == "pending")
            .order_by(ReviewRow.id.desc())
        ).first()
        document = conn.scalar(select(DetainerRow.number).order_by(DetainerRow.id.desc()))
        liaison_case = conn.scalar(
            select(CaseRow.id)
            .where(CaseRow.agency_ori == templates[0].case["agency_ori"])
            .order_by(CaseRow.id.desc())
        )
        agency = templates[len(templates) // 2].case["agency_ori"]
    assert review is not None
    pages: dict[str, tuple[Any, str]] = {
        "sign-in form": (_client_anonymous(app), "/sign-in"),
        "queue (open, by deadline)": (officer, "/queue"),
        "queue fragment (htmx poll)": (officer, "/queue/results"),
        "queue filtered (action)": (officer, "/queue?status=all&action=issue_detainer"),
        "queue filtered (agency)": (officer, f"/queue?status=all&agency={agency}"),
        "queue page 100": (officer, "/queue?status=all&page=100"),
        "queue (liaison, own agency)": (liaison, "/queue?status=all"),
        "case page (waterfalls)": (officer, f"/cases/{middle}"),
        "case page (liaison)": (liaison, f"/cases/{liaison_case}"),
        "interview form": (officer, f"/cases/{middle}/interview"),
        "document form": (officer, f"/cases/{middle}/document"),
        "review queue": (reviewer, "/reviews"),
        "review page": (reviewer, f"/cases/{review.case_id}/reviews/{review.id}"),
        "document page": (officer, f"/documents/{document}"),
        "document as printed": (officer, f"/documents/{document}/print"),
        "document PDF": (officer, f"/documents/{document}/pdf"),
        "auditor home": (auditor, "/"),
        "audit log page": (auditor, "/audit"),
    }
    timings = {
        name: _time(lambda c=client, p=path: c.get(p), args.requests)
        for name, (client, path) in pages.items()
    }
    center.evidence.close()
    return {
        "cases": total,
        "added": added,
        "templates": len(templates),
        "seed_seconds": round(seeded, 1),
        "fill_seconds": round(filled, 1),
        "requests": args.requests,
        "target_p95_ms": 300,
        "pages": timings,
        "db": str(db),
        "db_bytes": db.stat().st_size,
    }


def _client_anonymous(app: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    return TestClient(app, follow_redirects=False)


def main() -> None:
    """Parse the options, run, print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", required=True, help="a simulated world directory")
    parser.add_argument("--index", help="its identity index (default WORLD/identity.duckdb)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, default=40, help="real bookings to copy")
    parser.add_argument("--requests", type=int, default=20, help="requests per page")
    parser.add_argument("--db", help="the SQLite file (default: a new temporary one)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['cases']:,} cases ({result['templates']} real, copied); "
        f"seed {result['seed_seconds']} s, fill {result['fill_seconds']} s; "
        f"{result['db_bytes'] / 1e6:,.0f} MB"
    )
    head = f"{'page':32} {'status':>6} {'first':>8} {'p50':>8} {'p95':>8}"
    print(f"{head}  (ms, {args.requests} requests)")
    for name, t in result["pages"].items():
        flag = "" if t["p95_ms"] < result["target_p95_ms"] else "  over target"
        print(
            f"{name:32} {t['status']:>6} {t['first_ms']:>8} {t['p50_ms']:>8} {t['p95_ms']:>8}{flag}"
        )


if __name__ == "__main__":
    main()
