"""No event is lost or duplicated when the service is killed with SIGKILL mid-replay.

`probable serve` runs as a child process on a loopback port over a SQLite case store;
`probable replay` posts the small world's bookings to it, retrying while it is down.
When about a third of the events are stored the server is SIGKILLed (no shutdown
hooks run), then restarted on the same port and database; the replay carries on.
Then posting the same events again must only repeat (200, one case each), and
the store itself is checked: every event exactly once, one case each, every case
decided (`Center.recover` decides what the kill left `received`), one intake
determination per case, and an audit log whose chain verifies.

Everything is bounded: each wait has a deadline and every child is killed in `finally`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from probable.center.audit import verify_chain
from probable.center.intake import intake_payload
from probable.sources import read_world_booking_events
from probable.store import make_engine, migrate, session_factory
from probable.store.database import sqlite_url
from probable.store.models import AuditRow, BookingRow, CaseRow, DeterminationRow
from probable.world.simulate import SimulationResult
from tests.conftest import WorldIdentity

#: Bookings replayed, their rate, and the share stored before the kill.
EVENTS = 150
RATE = 30.0
KILL_AFTER = EVENTS // 3

#: Deadlines (seconds): a server start, the whole replay, any one child command.
START_SECONDS = 60.0
REPLAY_SECONDS = 90.0
COMMAND_SECONDS = 60.0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "probable.cli", *args]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[Any] | None, *, grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it has not gone within `grace` seconds; always reaped."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)


class Service:
    """`probable serve` as a child process, restartable on the same port and store."""

    def __init__(self, tmp: Path, world: Path, index: Path) -> None:
        self.tmp = tmp
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = sqlite_url(tmp / "cases.db")
        self.env = {
            **os.environ,
            "PROBABLE_DATA_DIR": str(tmp / "data"),
            "PROBABLE_DATABASE_URL": self.database_url,
            "PROBABLE_WORLD": str(world),
            "PROBABLE_INDEX": str(index),
            "PROBABLE_HOST": "127.0.0.1",
        }
        self.world = world
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def add_intake_user(self) -> str:
        """A new intake user's first API token."""
        done = subprocess.run(
            _cli("users", "add", "feed", "--role", "intake", "--world", str(self.world)),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        token = done.stdout.strip()
        assert token and " " not in token, done.stdout
        return token

    def log(self, start: int) -> Path:
        """The stderr of the `start`-th start (1-based)."""
        return self.tmp / f"serve-{start}.log"

    def start(self) -> None:
        """Start the server and wait until /healthz answers."""
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the server (it takes some seconds to import and open the world)."""
        self.starts += 1
        with self.log(self.starts).open("wb") as log:
            self.process = subprocess.Popen(
                _cli("serve", "--port", str(self.port)),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def wait_ready(self) -> None:
        """Wait until /healthz answers; fail if the server exits or takes too long."""
        assert self.process is not None
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"serve exited with {self.process.returncode}:\n"
                    + self.log(self.starts).read_text(errors="replace")[-3000:]
                )
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"serve did not answer /healthz within {START_SECONDS} s")

    def kill(self) -> None:
        """SIGKILL: no lifespan shutdown, no flush, as a power cut would."""
        assert self.process is not None and self.process.poll() is None, "server not running"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        assert self.process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        """SIGTERM, then SIGKILL."""
        _stop(self.process)


@contextmanager
def _service(tmp: Path, world: Path, index: Path) -> Iterator[Service]:
    service = Service(tmp, world, index)
    try:
        yield service
    finally:
        service.stop()


def _replay(service: Service, token: str, out: Path) -> subprocess.Popen[bytes]:
    """`probable replay` of the first EVENTS bookings at RATE, retrying while the server is down."""
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        return subprocess.Popen(
            _cli(
                "replay",
                "--world",
                str(service.world),
                "--url",
                service.url,
                "--token",
                token,
                "--rate",
                str(RATE),
                "--limit",
                str(EVENTS),
                "--retry-seconds",
                str(START_SECONDS),
                "--json",
            ),
            env=service.env,
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
        )


def _finish(replay: subprocess.Popen[bytes], out: Path) -> dict[str, Any]:
    try:
        replay.wait(timeout=REPLAY_SECONDS)
    except subprocess.TimeoutExpired:
        _stop(replay, grace=2)
        raise AssertionError(f"replay did not finish within {REPLAY_SECONDS} s") from None
    assert replay.returncode == 0, out.with_suffix(".err").read_text(errors="replace")[-3000:]
    counts: dict[str, Any] = json.loads(out.read_text())
    return counts


def _stored(service: Service) -> int:
    engine = make_engine(service.database_url)
    try:
        with session_factory(engine, read_only=True)() as session:
            return session.scalar(select(func.count()).select_from(BookingRow)) or 0
    finally:
        engine.dispose()


def _replayed(world: Path) -> list[dict[str, Any]]:
    """The bodies `probable replay --limit EVENTS` posts, in its order (booking time)."""
    events = sorted(
        (e for e in read_world_booking_events(world) if e.fin is not None),
        key=lambda e: e.booked_at,
    )
    assert len(events) >= EVENTS, "the small world has too few matched bookings"
    return [intake_payload(e, event_id=f"replay-{e.booking_id}") for e in events[:EVENTS]]


def _post_again(service: Service, token: str, bodies: list[dict[str, Any]]) -> dict[int, int]:
    """Post every body once more: the count of each status (each answer a different case)."""
    statuses: Counter[int] = Counter()
    cases: set[int] = set()
    with httpx.Client(
        base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        for body in bodies:
            response = client.post("/v1/bookings", json=body)
            statuses[response.status_code] += 1
            if response.status_code in (200, 201):
                cases.add(response.json()["id"])
    assert len(cases) == sum(statuses[s] for s in (200, 201)), "two events answered one case"
    return dict(statuses)


def test_no_event_lost_or_duplicated_across_sigkill(
    small_world: SimulationResult, world_identity: WorldIdentity, tmp_path: Path
) -> None:
    world = small_world.out
    bodies = _replayed(world)
    replay: subprocess.Popen[bytes] | None = None
    with _service(tmp_path, world, world_identity.index_path) as service:
        try:
            # The schema first, so that the user and the server's start may run side by side.
            schema = make_engine(service.database_url)
            migrate(schema)
            schema.dispose()
            service.launch()
            token = service.add_intake_user()
            service.wait_ready()
            replay = _replay(service, token, tmp_path / "replay.json")
            deadline = time.monotonic() + REPLAY_SECONDS
            while (stored := _stored(service)) < KILL_AFTER:
                assert replay.poll() is None, "the replay ended before the kill"
                assert time.monotonic() < deadline, f"only {stored} events stored in time"
                time.sleep(0.05)
            service.kill()
            killed_at = _stored(service)
            time.sleep(1.0)
            service.start()
            first = _finish(replay, tmp_path / "replay.json")
            # The same events again: each must answer 200 with its own case.
            again = _post_again(service, token, bodies)
        finally:
            _stop(replay, grace=2)
        service.stop()
        restarted_log = service.log(2).read_text(errors="replace")

    assert killed_at < EVENTS, "the kill came after the replay had finished"
    assert first["sent"] == EVENTS and first["refused"] == 0, first
    assert first["created"] + first["repeated"] == EVENTS, first
    assert first["retries"] > 0, f"no request saw the service down: {first}"
    assert again == {200: EVENTS}, again
    assert "Application startup complete" in restarted_log, restarted_log[-2000:]

    engine = make_engine(service.database_url)
    try:
        with session_factory(engine, read_only=True)() as session:
            event_ids = list(session.scalars(select(BookingRow.event_id)))
            assert len(event_ids) == EVENTS
            assert set(event_ids) == {b["event_id"] for b in bodies}

            statuses = Counter(session.scalars(select(CaseRow.status)))
            assert sum(statuses.values()) == EVENTS
            assert statuses["received"] == 0, statuses
            bookings_with_case = session.scalar(
                select(func.count(func.distinct(CaseRow.booking_row_id)))
            )
            assert bookings_with_case == EVENTS

            intake_determinations = Counter(
                session.scalars(
                    select(DeterminationRow.case_id).where(DeterminationRow.trigger == "intake")
                )
            )
            assert len(intake_determinations) == EVENTS
            assert set(intake_determinations.values()) == {1}, "a case decided twice at intake"

            actions = Counter(session.scalars(select(AuditRow.action)))
            assert actions["booking.received"] == EVENTS, actions
            report = verify_chain(session)
            assert report.ok, report.problem
            assert report.entries == sum(actions.values())
    finally:
        engine.dispose()
