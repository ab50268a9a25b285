"""Benchmark: no event lost or duplicated when the service is SIGKILLed mid-replay, repeatedly.

The bigger variant of tests/test_service_kill.py. `probable serve` runs as a child
process on a free loopback port over a fresh SQLite case store (or --database-url);
`probable replay --retry-seconds` posts --events of the world's fingerprint-matched
bookings at --rate. Each time another 1/(kills+1) of the events is stored the server
is SIGKILLed, left down --down seconds, and restarted on the same port and store; the
replay retries through. Then every event is posted once more (each must answer 200
with its own case), and the store is checked: each event exactly once, one case
each, none left `received`, one intake determination per case, the audit chain intact.

Uses --world, else a cached world of 50,000 people and 5,000 bookings in --cache
(simulated and indexed on first run). Prints the counts; `--json` prints them as JSON.
Exit status 1 when an event was lost or duplicated.

Run: `uv run python benchmarks/service_kill.py [--world DIR] [--events 1000] [--rate 50]
[--kills 3] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from probable.center.audit import verify_chain
from probable.center.intake import intake_payload
from probable.sources import read_world_booking_events
from probable.store import make_engine, migrate, session_factory
from probable.store.models import AuditRow, BookingRow, CaseRow, DeterminationRow
from service_load import CACHE, Server, cli, ensure_world, err_console, running

#: Seconds the whole replay may take beyond its schedule and the restarts.
SLACK_SECONDS = 300.0


def replayed_bodies(world: Path, events: int) -> list[dict[str, Any]]:
    """The bodies `probable replay --limit EVENTS` posts, in its order (booking time)."""
    matched = sorted(
        (e for e in read_world_booking_events(world) if e.fin is not None),
        key=lambda e: e.booked_at,
    )
    if len(matched) < events:
        sys.exit(f"{world} has only {len(matched):,} matched bookings; ask for fewer --events")
    return [intake_payload(e, event_id=f"replay-{e.booking_id}") for e in matched[:events]]


def stored_events(database_url: str) -> int:
    """Booking events in the store now."""
    engine = make_engine(database_url)
    try:
        with session_factory(engine, read_only=True)() as session:
            return session.scalar(select(func.count()).select_from(BookingRow)) or 0
    finally:
        engine.dispose()


def post_again(url: str, token: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """Post every body once more: statuses, and how many distinct cases answered."""
    statuses: Counter[str] = Counter()
    cases: set[int] = set()
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        for body in bodies:
            try:
                response = client.post("/v1/bookings", json=body)
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
                continue
            statuses[str(response.status_code)] += 1
            if response.status_code in (200, 201):
                cases.add(response.json()["id"])
    return {"statuses": dict(statuses), "distinct_cases": len(cases)}


def check_store(database_url: str, expected: set[str]) -> dict[str, Any]:
    """What the store holds of the replayed events, counted."""
    engine = make_engine(database_url)
    try:
        with session_factory(engine, read_only=True)() as session:
            event_ids = list(session.scalars(select(BookingRow.event_id)))
            statuses = Counter(session.scalars(select(CaseRow.status)))
            per_case = Counter(
                session.scalars(
                    select(DeterminationRow.case_id).where(DeterminationRow.trigger == "intake")
                )
            )
            actions = Counter(session.scalars(select(AuditRow.action)))
            chain = verify_chain(session)
    finally:
        engine.dispose()
    stored = set(event_ids)
    return {
        "booking_events": len(event_ids),
        "distinct_event_ids": len(stored),
        "lost": len(expected - stored),
        "unexpected": len(stored - expected),
        "duplicated": len(event_ids) - len(stored),
        "cases": sum(statuses.values()),
        "cases_by_status": dict(sorted(statuses.items())),
        "undecided": statuses.get("received", 0),
        "cases_with_intake_determination": len(per_case),
        "cases_decided_twice_at_intake": sum(1 for n in per_case.values() if n > 1),
        "audit_booking_received": actions.get("booking.received", 0),
        "audit_entries": chain.entries,
        "audit_chain_ok": chain.ok,
        "audit_problem": chain.problem or None,
    }


def main() -> None:
    """Replay with kills, then count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, help="An existing world (else the cached one).")
    parser.add_argument("--index", type=Path, help="Its identity index (default WORLD/...).")
    parser.add_argument("--cache", type=Path, default=CACHE, help="Where the default world is.")
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--bookings", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="A case store (default: fresh SQLite file).")
    parser.add_argument("--events", type=int, default=1_000, help="Bookings replayed.")
    parser.add_argument("--rate", type=float, default=50.0, help="Bookings per second.")
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs during the replay.")
    parser.add_argument("--down", type=float, default=1.0, help="Seconds down after a kill.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.events < args.kills + 1 or args.rate <= 0:
        parser.error("--events must exceed --kills, and --rate be positive")

    world, index, setup = ensure_world(args)
    bodies = replayed_bodies(world, args.events)
    expected = {b["event_id"] for b in bodies}
    figures: dict[str, Any] = {
        "world": str(world),
        "events": args.events,
        "rate": args.rate,
        "setup": setup,
        "kills": [],
    }
    with tempfile.TemporaryDirectory(prefix="probable-kill-") as scratch:
        server = Server(
            world=world, index=index, scratch=Path(scratch), database_url=args.database_url
        )
        if args.database_url is None:
            schema = make_engine(server.database_url)
            migrate(schema)  # first, so the user and the server's start run side by side
            schema.dispose()
        with running(server):
            launched = time.perf_counter()
            server.launch()
            token = server.add_user(f"feed-{uuid.uuid4().hex[:6]}")
            server.wait_ready()
            figures["setup"]["server_start_seconds"] = round(time.perf_counter() - launched, 1)
            out, errors = Path(scratch) / "replay.json", Path(scratch) / "replay.err"
            replay_args = cli(
                "replay", "--world", str(world), "--url", server.url, "--token", token,
                "--rate", str(args.rate), "--limit", str(args.events),
                "--retry-seconds", "300", "--json",
            )  # fmt: skip
            started = time.perf_counter()
            with out.open("wb") as stdout, errors.open("wb") as stderr:
                replay = subprocess.Popen(replay_args, env=server.env, stdout=stdout, stderr=stderr)
            deadline = time.monotonic() + args.events / args.rate + SLACK_SECONDS
            try:
                with Progress(
                    TextColumn("[progress.description]{task.description}"),
                    BarColumn(),
                    TextColumn("{task.completed}/{task.total}"),
                    TimeElapsedColumn(),
                    console=err_console,
                    disable=args.json,
                ) as bar:
                    task = bar.add_task("replay with kills", total=args.events)
                    for k in range(1, args.kills + 1):
                        threshold = k * args.events // (args.kills + 1)
                        while (stored := stored_events(server.database_url)) < threshold:
                            bar.update(task, completed=stored)
                            if replay.poll() is not None or time.monotonic() > deadline:
                                break
                            time.sleep(0.05)
                        if replay.poll() is not None:
                            break
                        server.kill()
                        at = stored_events(server.database_url)
                        time.sleep(args.down)
                        restarted = server.start()
                        figures["kills"].append(
                            {"stored_at_kill": at, "restart_seconds": round(restarted, 1)}
                        )
                        bar.update(task, description=f"replay with kills ({k} done)")
                    while replay.poll() is None and time.monotonic() < deadline:
                        bar.update(task, completed=stored_events(server.database_url))
                        time.sleep(0.2)
                if replay.poll() is None:
                    replay.kill()
                    sys.exit("the replay did not finish in time")
            finally:
                if replay.poll() is None:
                    replay.kill()
                replay.wait(timeout=10)
            figures["replay_wall_seconds"] = round(time.perf_counter() - started, 1)
            if replay.returncode != 0:
                sys.exit(f"replay failed: {errors.read_text(errors='replace')[-3000:]}")
            figures["replay"] = json.loads(out.read_text())
            figures["second_pass"] = post_again(server.url, token, bodies)
            figures["recovered_at_start"] = server.recovered()
        figures["store"] = check_store(server.database_url, expected)
    store, again = figures["store"], figures["second_pass"]
    figures["ok"] = bool(
        store["lost"] == 0
        and store["duplicated"] == 0
        and store["unexpected"] == 0
        and store["cases"] == args.events
        and store["undecided"] == 0
        and store["cases_decided_twice_at_intake"] == 0
        and store["cases_with_intake_determination"] == args.events
        and store["audit_chain_ok"]
        and figures["replay"]["refused"] == 0
        and again["statuses"] == {"200": args.events}
        and again["distinct_cases"] == args.events
    )
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        replayed, kills = figures["replay"], figures["kills"]
        print(f"world {figures['world']}: {args.events:,} events at {args.rate:g}/s, "
              f"{len(kills)} SIGKILLs at {[k['stored_at_kill'] for k in kills]} stored "
              f"(restarts {[k['restart_seconds'] for k in kills]} s)")  # fmt: skip
        print(f"replay: {replayed}")
        print(f"recovered at start: {figures['recovered_at_start'] or 'none'}")
        print(f"second pass: {again}")
        print(f"store: {store}")
        print("no event lost or duplicated" if figures["ok"] else "FAILED: see the counts above")
    if not figures["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
