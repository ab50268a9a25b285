"""Benchmark: intake to determination over HTTP, with a 1,000,000-person identity index.

Target (the service issue): p95 under 100 ms at 50 bookings per second sustained for
60 s on loopback.

1. Uses --world, else a cached world of 1,000,000 people and 20,000 bookings in
   --cache (simulated on first run, its identity index built beside it; both timed).
2. Starts `probable serve` in a child process on a free loopback port over a fresh
   SQLite case store in a temporary directory (or --database-url), adds an intake
   user with `probable users add`, and waits for /healthz.
3. Drives an open-loop load: the world's fingerprint-matched bookings (times moved to
   now, a new event id each), one every 1/rate s, sent on schedule whatever the
   answers so queueing shows in the latency; at most --concurrency in flight (a send
   due while the cap is reached is counted, not sent). A --warmup is sent first at the
   same rate and left out of the figures.
4. Reports latency from send to answer (p50/p95/p99/max), the achieved rate, statuses,
   errors, and the server's memory (VmRSS sampled, VmHWM) and CPU time, from /proc.
   `--breakdown N` then times the phases of intake in-process for N bookings.

Run: `uv run python benchmarks/service_load.py [--world DIR] [--rate 50] [--seconds 60]
[--warmup 5] [--database-url URL] [--breakdown N] [--json]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import func, select

from probable.center.intake import intake_payload
from probable.sources import read_world_booking_events
from probable.store import make_engine, session_factory
from probable.store.database import sqlite_url
from probable.store.models import BookingRow, CaseRow, DetainerRow

#: Where the default world is kept between runs.
CACHE = Path(tempfile.gettempdir()) / "probable-bench"

#: Booking feeds the load is spread over, round robin (each its own connections).
FEEDS = 8

#: The target, as the issue states it.
TARGET = "p95 under 100 ms at 50 bookings per second sustained for 60 s on loopback"

err_console = Console(stderr=True)


def cli(*args: str) -> list[str]:
    """`probable ARGS` in a child process (this interpreter, this environment)."""
    return [sys.executable, "-m", "probable.cli", *args]


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    """p50/p95/p99/max/mean of `values` (milliseconds), rounded."""
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None, "n": 0}
    ordered = sorted(values)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)  # noqa: E731
    return {
        "p50_ms": pick(0.5),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "n": len(ordered),
    }


def spinner(*, quiet: bool) -> Progress:
    """A spinner with elapsed time on stderr (none with --json)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        disable=quiet,
    )


def run_step(description: str, command: list[str], *, quiet: bool) -> float:
    """Run a child command under a spinner; its wall seconds. Fails with its stderr."""
    with spinner(quiet=quiet) as bar:
        bar.add_task(description, total=None)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{description} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    if not quiet:
        err_console.print(f"{description}: {took:.1f} s")
    return round(took, 1)


# ---------------------------------------------------------------- the world


def _size_label(persons: int) -> str:
    if persons % 1_000_000 == 0:
        return f"{persons // 1_000_000}m"
    if persons % 1_000 == 0:
        return f"{persons // 1_000}k"
    return str(persons)


def _manifest_matches(world: Path, persons: int, bookings: int, seed: int) -> bool:
    try:
        manifest = json.loads((world / "manifest.json").read_text())
        truth = manifest["tables"]["truth"]
        return (
            manifest["seed"] == seed
            and manifest.get("persons", truth["persons"]["rows"]) == persons
            and truth["booking_truth"]["rows"] == bookings
            and (world / "world.duckdb").is_file()
        )
    except (OSError, KeyError, ValueError):
        return False


def ensure_world(args: argparse.Namespace) -> tuple[Path, Path, dict[str, float | None]]:
    """The world and index to use, simulating and building them when missing; their times."""
    took: dict[str, float | None] = {"simulate_seconds": None, "index_build_seconds": None}
    quiet = args.json
    if args.world is not None:
        world = args.world
        if not (world / "world.duckdb").is_file():
            sys.exit(f"{world} is not a world (no world.duckdb)")
    else:
        name = f"world-{_size_label(args.persons)}-{_size_label(args.bookings)}-s{args.seed}"
        world = args.cache / name
        if not _manifest_matches(world, args.persons, args.bookings, args.seed):
            world.parent.mkdir(parents=True, exist_ok=True)
            took["simulate_seconds"] = run_step(
                f"simulating {args.persons:,} people, {args.bookings:,} bookings into {world}",
                cli("simulate", "--persons", str(args.persons), "--bookings",
                    str(args.bookings), "--seed", str(args.seed), "--out", str(world),
                    "--force", "--json"),
                quiet=quiet,
            )  # fmt: skip
            (world / "identity.duckdb").unlink(missing_ok=True)
    index = args.index or world / "identity.duckdb"
    if not index.is_file():
        took["index_build_seconds"] = run_step(
            f"building the identity index {index}",
            cli("identity", "build", "--world", str(world), "--out", str(index), "--json"),
            quiet=quiet,
        )
    return world, index, took


def world_persons(world: Path) -> int | None:
    """People in the world (their namesakes not counted), from its manifest."""
    try:
        manifest = json.loads((world / "manifest.json").read_text())
        rows: int = manifest.get("persons", manifest["tables"]["truth"]["persons"]["rows"])
    except (OSError, KeyError, ValueError):
        return None
    return rows


# ---------------------------------------------------------------- the server


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (a server's worker processes), from /proc."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return out


def read_proc_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM in MiB, summed over the process and its workers (empty if gone).

    Mapped files (the identity index's resident copy) are counted in each worker that
    touched them, though the page cache holds them once.
    """
    out: dict[str, float] = {}
    for member in process_tree(pid):
        try:
            text = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(out.get(key, 0.0) + int(value.split()[0]) / 1024, 1)
    return out


def loadavg() -> list[float] | None:
    """The machine's 1, 5 and 15 minute load averages (other work skews the figures)."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return None


def read_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of the process and its workers (None when it is gone)."""
    total, seen = 0.0, False
    for member in process_tree(pid):
        try:
            stat = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        seen = True
    return total if seen else None


def _kill_all(pids: list[int]) -> None:
    """SIGKILL each process still running."""
    for pid in pids:
        with suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


class Server:
    """`probable serve` as a child process on a loopback port: start, kill, restart, stop."""

    def __init__(
        self,
        *,
        world: Path,
        index: Path,
        scratch: Path,
        database_url: str | None = None,
        port: int | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.world, self.index, self.scratch = world, index, scratch
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url or sqlite_url(scratch / "cases.db")
        self.env = {
            **os.environ,
            "PROBABLE_DATA_DIR": str(scratch / "data"),
            "PROBABLE_DATABASE_URL": self.database_url,
            "PROBABLE_WORLD": str(world),
            "PROBABLE_INDEX": str(index),
            "PROBABLE_HOST": "127.0.0.1",
            **(extra_env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def pid(self) -> int:
        """The running server's process id."""
        assert self.process is not None
        return self.process.pid

    def log(self, start: int | None = None) -> Path:
        """The output of the `start`-th start (1-based; the latest by default)."""
        return self.scratch / f"serve-{start or self.starts}.log"

    def add_user(self, username: str, role: str = "intake", timeout: float = 300) -> str:
        """Add a user with `probable users add`; their first API token."""
        done = subprocess.run(
            cli("users", "add", username, "--role", role, "--world", str(self.world)),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"users add failed: {done.stderr[-3000:]}")
        return done.stdout.strip()

    def launch(self) -> None:
        """Start the server process (it imports, migrates and opens the world first)."""
        self.starts += 1
        with self.log().open("wb") as log:
            self.process = subprocess.Popen(
                cli("serve", "--port", str(self.port)),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def wait_ready(self, timeout: float = 300) -> float:
        """Wait for /healthz; the seconds waited. Fails if it exits or takes too long."""
        assert self.process is not None
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log().read_text(errors="replace")[-3000:]
                raise RuntimeError(f"serve exited with {self.process.returncode}:\n{tail}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"serve did not answer /healthz within {timeout} s")

    def start(self, timeout: float = 300) -> float:
        """Launch and wait until ready; seconds taken."""
        started = time.perf_counter()
        self.launch()
        self.wait_ready(timeout)
        return time.perf_counter() - started

    def kill(self) -> None:
        """SIGKILL the server and its workers: no shutdown runs, as in a power cut."""
        assert self.process is not None and self.process.poll() is None, "not running"
        tree = process_tree(self.process.pid)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        _kill_all(tree[1:])

    def stop(self, grace: float = 15) -> int | None:
        """SIGTERM, then SIGKILL after `grace` seconds; the exit status.

        Workers the server leaves behind (killed before it could stop them) are killed
        too, so no run leaves processes using the machine for the next.
        """
        process = self.process
        if process is None:
            return None
        tree = process_tree(process.pid) if process.poll() is None else []
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=grace)
        _kill_all(tree[1:])
        return process.returncode

    def recovered(self) -> list[str]:
        """The 'recovered N cases' lines the starts so far logged."""
        lines: list[str] = []
        for start in range(1, self.starts + 1):
            text = self.log(start).read_text(errors="replace")
            lines += [ln.strip() for ln in text.splitlines() if "recovered" in ln]
        return lines


@contextmanager
def running(server: Server) -> Iterator[Server]:
    """The server, stopped (SIGTERM, then SIGKILL) however the block ends."""
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- the load


def booking_bodies(world: Path, count: int, prefix: str, *, shift_to_now: bool) -> list[Any]:
    """`count` intake bodies from the world's matched bookings, each with a new event id.

    Bookings are taken in booking-time order (again from the first when there are too
    few); `shift_to_now` moves every time so the last one used is five minutes ago.
    """
    events = sorted(
        (e for e in read_world_booking_events(world) if e.fin is not None),
        key=lambda e: e.booked_at,
    )
    if not events:
        sys.exit(f"{world} has no fingerprint-matched bookings")
    used = events[: min(count, len(events))]
    shift = timedelta()
    if shift_to_now:
        shift = datetime.now(UTC) - timedelta(minutes=5) - used[-1].booked_at
    return [
        intake_payload(events[i % len(events)], event_id=f"{prefix}-{i:06d}", shift=shift)
        for i in range(count)
    ]


@dataclass(slots=True)
class Sent:
    """One request of the load: when it was due and sent, and what came back."""

    n: int
    due: float
    sent: float | None = None
    answered: float | None = None
    status: int | None = None
    error: str | None = None

    @property
    def latency_ms(self) -> float | None:
        """Send to answer (or to the failure), in milliseconds."""
        if self.sent is None or self.answered is None:
            return None
        return (self.answered - self.sent) * 1000


async def _drive(
    url: str,
    token: str,
    bodies: list[Any],
    *,
    rate: float,
    concurrency: int,
    timeout: float,
    on_answer: Callable[[], None],
    sample: Callable[[], None],
) -> list[Sent]:
    """Send `bodies` open-loop at `rate` per second; every request's record."""
    results = [Sent(n, n / rate) for n in range(len(bodies))]
    in_flight: set[asyncio.Task[None]] = set()
    per_feed = max(1, concurrency // FEEDS)
    limits = httpx.Limits(max_connections=per_feed, max_keepalive_connections=per_feed)
    async with AsyncExitStack() as stack:
        # Several feeds, as agencies send: one client's pool reuses its oldest
        # connections first, which would pin nearly all the load on one worker.
        feeds = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=url,
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=timeout,
                    limits=limits,
                )
            )
            for _ in range(FEEDS)
        ]

        async def one(record: Sent, body: Any) -> None:
            record.sent = time.perf_counter() - started
            client = feeds[record.n % FEEDS]
            try:
                response = await client.post("/v1/bookings", json=body)
                record.status = response.status_code
            except httpx.TimeoutException:
                record.error = "timeout"
            except httpx.HTTPError as exc:
                record.error = type(exc).__name__
            record.answered = time.perf_counter() - started
            on_answer()

        async def sampler() -> None:
            while True:
                sample()
                await asyncio.sleep(0.5)

        sampling = asyncio.create_task(sampler())
        started = time.perf_counter()
        for record, body in zip(results, bodies, strict=True):
            if (wait := record.due - (time.perf_counter() - started)) > 0:
                await asyncio.sleep(wait)
            if len(in_flight) >= concurrency:
                record.error = "over_concurrency_cap"
                on_answer()
                continue
            task = asyncio.create_task(one(record, body))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        if in_flight:
            _, pending = await asyncio.wait(set(in_flight), timeout=timeout + 5)
            for task in pending:
                task.cancel()
        sampling.cancel()
    for record in results:
        if record.sent is not None and record.status is None and record.error is None:
            record.error = "unfinished"
    return results


def _summarise(results: list[Sent], warmup: int, rate: float) -> dict[str, Any]:
    measured = results[warmup:]
    sent = [r for r in measured if r.sent is not None]
    answered = [r for r in sent if r.status is not None]
    # Every answered request, and a timed-out one at its time so far (a lower bound).
    latencies = [
        r.latency_ms
        for r in sent
        if r.latency_ms is not None and (r.status is not None or r.error == "timeout")
    ]
    window = (measured[-1].due - measured[0].due) + 1 / rate if measured else 0.0
    last = max((r.answered for r in answered if r.answered is not None), default=None)
    first = min((r.sent for r in sent if r.sent is not None), default=None)
    lag = [(r.sent - r.due) * 1000 for r in sent if r.sent is not None]
    return {
        "target_rate": rate,
        "requests": len(measured),
        "sent": len(sent),
        "answered": len(answered),
        "achieved_send_rate": round(len(sent) / window, 2) if window else None,
        "achieved_answer_rate": (
            round(len(answered) / (last - first), 2)
            if last is not None and first is not None and last > first
            else None
        ),
        "statuses": dict(sorted(Counter(str(r.status) for r in answered).items())),
        "errors": dict(Counter(r.error for r in measured if r.error is not None)),
        "latency": percentiles([v for v in latencies if v is not None]),
        "send_lag_ms_max": round(max(lag), 1) if lag else None,
        "last_answer_after_s": round(last - measured[0].due, 2) if last and measured else None,
    }


def drive_load(
    server: Server, token: str, bodies: list[Any], args: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The load's figures (warmup excluded) and the server's memory and CPU."""
    warmup = round(args.warmup * args.rate)
    memory: list[float] = []
    cpu: dict[str, float | None] = {"start": None, "measured_start": None}
    pid = server.pid

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        disable=args.json,
    ) as bar:
        task = bar.add_task(f"load at {args.rate:g}/s", total=len(bodies))
        answered = [0]

        def on_answer() -> None:
            answered[0] += 1
            if answered[0] == warmup:
                cpu["measured_start"] = read_cpu_seconds(pid)
            bar.update(task, advance=1)

        def sample() -> None:
            if (rss := read_proc_status(pid).get("VmRSS")) is not None:
                memory.append(rss)

        before = read_proc_status(pid)
        cpu["start"] = read_cpu_seconds(pid)
        client_cpu = time.process_time()
        wall = time.perf_counter()
        results = asyncio.run(
            _drive(
                server.url,
                token,
                bodies,
                rate=args.rate,
                concurrency=args.concurrency,
                timeout=args.timeout,
                on_answer=on_answer,
                sample=sample,
            )
        )
        wall = time.perf_counter() - wall
        client_cpu = time.process_time() - client_cpu
    after = read_proc_status(pid)
    cpu_end = read_cpu_seconds(pid)
    load = _summarise(results, warmup, args.rate) | {
        "warmup_requests": warmup,
        "wall_seconds": round(wall, 1),
        # The load generator shares the machine: what it used is not the server's.
        "client_cpu_seconds": round(client_cpu, 1),
    }
    load_cpu = None if cpu_end is None or cpu["start"] is None else cpu_end - cpu["start"]
    measured_cpu = None
    if cpu_end is not None and cpu["measured_start"] is not None:
        measured_cpu = cpu_end - cpu["measured_start"]
    proc = {
        "pid": pid,
        "rss_mib_before_load": before.get("VmRSS"),
        "rss_mib_max_sampled": max(memory) if memory else None,
        "rss_mib_after_load": after.get("VmRSS"),
        "hwm_mib": after.get("VmHWM"),
        "cpu_seconds_load": None if load_cpu is None else round(load_cpu, 1),
        "cpu_seconds_measured": None if measured_cpu is None else round(measured_cpu, 1),
    }
    return load, proc


def _pdf_counts(database_url: str, prefix: str) -> tuple[int, int]:
    """This run's documents, and how many of them still lack their PDF."""
    engine = make_engine(database_url)
    try:
        with session_factory(engine, read_only=True)() as session:
            ours = (
                select(DetainerRow.pdf)
                .join(CaseRow, CaseRow.id == DetainerRow.case_id)
                .join(BookingRow, BookingRow.id == CaseRow.booking_row_id)
                .where(BookingRow.event_id.like(f"{prefix}-%"))
            )
            sizes = [len(pdf) for pdf in session.scalars(ours)]
    finally:
        engine.dispose()
    return len(sizes), sum(1 for size in sizes if size == 0)


def drain_pdfs(database_url: str, prefix: str, limit: float = 300) -> dict[str, Any]:
    """Wait (up to `limit` s) for the documents process to render this run's PDFs.

    The load leaves them to it at the lowest CPU priority: how many were pending when
    the load ended, and how long the rest took once the machine was free.
    """
    documents, pending = _pdf_counts(database_url, prefix)
    started = time.perf_counter()
    left = pending
    while left and time.perf_counter() - started < limit:
        time.sleep(1)
        left = _pdf_counts(database_url, prefix)[1]
    return {
        "documents": documents,
        "pdfs_pending_at_load_end": pending,
        "pdfs_pending_after_drain": left,
        "drain_seconds": round(time.perf_counter() - started, 1),
    }


def store_counts(database_url: str, prefix: str) -> dict[str, int]:
    """Events and cases this run stored, and how many cases are still undecided."""
    engine = make_engine(database_url)
    try:
        with session_factory(engine, read_only=True)() as session:
            ours = select(BookingRow.id).where(BookingRow.event_id.like(f"{prefix}-%"))
            events = session.scalar(select(func.count()).select_from(ours.subquery())) or 0
            statuses = Counter(
                session.scalars(select(CaseRow.status).where(CaseRow.booking_row_id.in_(ours)))
            )
    finally:
        engine.dispose()
    return {
        "events": events,
        "cases": sum(statuses.values()),
        "undecided": statuses.get("received", 0),
    }


# ---------------------------------------------------------------- phases in-process


def breakdown(world: Path, index: Path, count: int, *, shift_to_now: bool) -> dict[str, Any]:
    """Time each phase of intake in-process (no HTTP, no server) for `count` bookings.

    Runs `Center.intake` as the endpoint does, over a fresh SQLite store and the same
    world and index, with timers wrapped around the pieces it calls: the identity
    lookup and identity members (`IdentityIndex.lookup`, `.identities`), the record
    reads, the whole evidence gathering, `determine`, working out the determination
    (`Center._evaluate`: evidence and law), and the document's HTML (rendered inside
    the write transaction). Derived: the rest of intake (the repeat check, the agency
    read and the one write transaction) and the rest of the evidence (its facts).
    Per booking: p50/p95/p99/max/mean in ms; the first 5 bookings warm up, untimed.
    """
    import probable.center.lifecycle as lifecycle_module
    import probable.center.service as service_module
    from probable.center import Center, IndexEvidence
    from probable.center.intake import BookingIntake
    from probable.center.users import (
        add_user,
        authenticate,
        issue_token,
        load_agencies,
        principal_of,
    )
    from probable.sources import read_world_agencies
    from probable.store import migrate, transaction

    current: Counter[str] = Counter()

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                current[name] += (time.perf_counter() - started) * 1000

        return timed

    bodies = booking_bodies(world, count, f"bd{uuid.uuid4().hex[:6]}", shift_to_now=shift_to_now)
    phases: dict[str, list[float]] = {}
    patched = [
        (lifecycle_module, "render_document"),
        (service_module, "determine"),
    ]
    originals = [(m, n, getattr(m, n)) for m, n in patched]
    with tempfile.TemporaryDirectory(prefix="probable-breakdown-") as scratch:
        engine = make_engine(sqlite_url(Path(scratch) / "cases.db"))
        migrate(engine)
        factory = session_factory(engine)
        now = datetime.now(UTC)
        with transaction(factory) as session:
            load_agencies(session, read_world_agencies(world))
            principal = principal_of(add_user(session, username="feed", role="intake", at=now))
            token = issue_token(session, "feed", at=now)
        evidence = IndexEvidence.from_world(world, index)
        center = Center(factory, evidence)
        center.lifecycle.pdfs.defer()  # as in a service worker: the documents process renders
        opened = evidence.index
        names = {
            "render_document (HTML, in the write)": (lifecycle_module, "render_document"),
            "determine (the law)": (service_module, "determine"),
            "identity lookup": (opened, "lookup"),
            "identity members": (opened, "identities"),
            "record reads": (evidence, "read"),
            "evidence (lookup + members + reads + facts)": (evidence, "gather"),
            "determination worked out (evidence + law)": (center, "_evaluate"),
        }
        for name, (owner, attribute) in names.items():
            setattr(owner, attribute, wrap(name, getattr(owner, attribute)))
        try:
            for n, body in enumerate(bodies):
                current.clear()
                started = time.perf_counter()
                with center.reader() as session:  # as the API checks a token
                    assert authenticate(session, token) is not None
                current["authenticate token"] = (time.perf_counter() - started) * 1000
                begun = time.perf_counter()
                intake = BookingIntake.model_validate(body)
                current["validate body"] = (time.perf_counter() - begun) * 1000
                begun = time.perf_counter()
                center.intake(intake, principal)
                current["intake (all of it)"] = (time.perf_counter() - begun) * 1000
                current["reads + the write (booking, case, determination)"] = (
                    current["intake (all of it)"]
                    - current["determination worked out (evidence + law)"]
                )
                current["evidence: facts (the rest)"] = (
                    current["evidence (lookup + members + reads + facts)"]
                    - current["identity lookup"]
                    - current["identity members"]
                    - current["record reads"]
                )
                current["total (auth + validate + intake)"] = (time.perf_counter() - started) * 1000
                if n >= 5:
                    for name, value in current.items():
                        phases.setdefault(name, []).append(value)
        finally:
            for module, name, original in originals:
                setattr(module, name, original)
            evidence.close()
            engine.dispose()
    order = [
        "total (auth + validate + intake)",
        "authenticate token",
        "validate body",
        "intake (all of it)",
        "determination worked out (evidence + law)",
        "evidence (lookup + members + reads + facts)",
        "identity lookup",
        "identity members",
        "record reads",
        "evidence: facts (the rest)",
        "determine (the law)",
        "reads + the write (booking, case, determination)",
        "render_document (HTML, in the write)",
    ]
    n = max((len(v) for v in phases.values()), default=0)
    return {
        name: percentiles(phases.get(name, []) + [0.0] * (n - len(phases.get(name, []))))
        for name in order
    }


# ---------------------------------------------------------------- main


def main() -> None:
    """Set up, drive the load, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, help="An existing world (else the cached one).")
    parser.add_argument("--index", type=Path, help="Its identity index (default WORLD/...).")
    parser.add_argument("--cache", type=Path, default=CACHE, help="Where the default world is.")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--bookings", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="A case store (default: fresh SQLite file).")
    parser.add_argument("--rate", type=float, default=50.0, help="Bookings per second.")
    parser.add_argument("--seconds", type=float, default=60.0, help="Measured duration.")
    parser.add_argument("--warmup", type=float, default=5.0, help="Seconds sent first, unmeasured.")
    parser.add_argument("--concurrency", type=int, default=200, help="Most requests in flight.")
    parser.add_argument("--timeout", type=float, default=30.0, help="Per request, seconds.")
    parser.add_argument(
        "--no-shift-to-now", dest="shift_to_now", action="store_false",
        help="Keep the world's booking times (default: moved so the last is now).",
    )  # fmt: skip
    parser.add_argument("--breakdown", type=int, default=0, metavar="N",
                        help="Then time intake's phases in-process for N bookings.")  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.rate <= 0 or args.seconds <= 0 or args.concurrency < 1:
        parser.error("--rate, --seconds and --concurrency must be positive")

    world, index, setup = ensure_world(args)
    total = round((args.warmup + args.seconds) * args.rate)
    prefix = f"load-{uuid.uuid4().hex[:6]}"
    bodies = booking_bodies(world, total, prefix, shift_to_now=args.shift_to_now)
    figures: dict[str, Any] = {
        "target": TARGET,
        "world": str(world),
        "persons": world_persons(world),
        "index": str(index),
        "index_mib": round(index.stat().st_size / 1024**2, 1),
        "setup": setup,
        "machine": {"cpus": os.cpu_count(), "loadavg_before": loadavg()},
    }
    with tempfile.TemporaryDirectory(prefix="probable-load-") as scratch:
        server = Server(
            world=world, index=index, scratch=Path(scratch), database_url=args.database_url
        )
        figures["case_store"] = server.database_url.split("@")[-1]
        with running(server):
            with spinner(quiet=args.json) as bar:
                bar.add_task(f"starting probable serve on {server.url}", total=None)
                started = time.perf_counter()
                server.launch()
                token = server.add_user(f"load-{prefix[-6:]}")
                server.wait_ready()
                setup["server_start_seconds"] = round(time.perf_counter() - started, 1)
            figures["load"], figures["server"] = drive_load(server, token, bodies, args)
            figures["machine"]["loadavg_after_load"] = loadavg()
            figures["documents"] = drain_pdfs(server.database_url, prefix)
        figures["server"]["exit_status"] = server.process.returncode if server.process else None
        # Counted once the server has gone: `undecided` is what a restart would recover.
        figures["store"] = store_counts(server.database_url, prefix)
    cpu = figures["server"]["cpu_seconds_load"]
    figures["server"]["cpu_ms_per_stored_case"] = (
        round(1000 * cpu / figures["store"]["cases"], 1)
        if cpu and figures["store"]["cases"]
        else None
    )
    load = figures["load"]
    figures["target_met"] = bool(
        load["latency"]["p95_ms"] is not None
        and load["latency"]["p95_ms"] < 100
        and args.rate >= 50
        and args.seconds >= 60
        and not load["errors"]
        and load["statuses"] == {"201": load["requests"]}
    )
    if args.breakdown:
        figures["breakdown"] = breakdown(
            world, index, args.breakdown + 5, shift_to_now=args.shift_to_now
        )
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    _print(figures)


def _print(figures: dict[str, Any]) -> None:
    setup, load, server = figures["setup"], figures["load"], figures["server"]
    lat = load["latency"]
    print(f"world: {figures['world']} ({figures['persons']:,} people; index "
          f"{figures['index_mib']} MiB); case store {figures['case_store']}")  # fmt: skip
    took = {k: "cached" if v is None else f"{v} s" for k, v in setup.items()}
    print(f"setup: simulate {took['simulate_seconds']}, index build "
          f"{took['index_build_seconds']}, "
          f"server start {took['server_start_seconds']}")  # fmt: skip
    print(f"load: {load['sent']:,} sent at {load['achieved_send_rate']}/s "
          f"(target {load['target_rate']:g}/s), answered {load['answered']:,} at "
          f"{load['achieved_answer_rate']}/s; statuses {load['statuses']}; "
          f"errors {load['errors'] or 'none'}")  # fmt: skip
    print(f"latency: p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, p99 {lat['p99_ms']} ms, "
          f"max {lat['max_ms']} ms over {lat['n']:,} requests (warmup excluded)")  # fmt: skip
    print(f"server: RSS {server['rss_mib_before_load']} -> {server['rss_mib_after_load']} MiB "
          f"(max sampled {server['rss_mib_max_sampled']}, high-water {server['hwm_mib']} MiB); "
          f"CPU {server['cpu_seconds_load']} s, {server['cpu_ms_per_stored_case']} ms per "
          f"case stored; the load client's CPU {load['client_cpu_seconds']} s")  # fmt: skip
    print(f"store: {figures['store']}; machine: {figures['machine']}")
    print(f"documents: {figures['documents']}")
    print(f"target ({TARGET}): {'met' if figures['target_met'] else 'MISSED'}")
    if "breakdown" in figures:
        print("in-process phases of one intake (ms per booking):")
    for name, row in figures.get("breakdown", {}).items():
        print(f"  {name:>44}: p50 {row['p50_ms']:>7}  p95 {row['p95_ms']:>7}  "
              f"mean {row['mean_ms']:>7}")  # fmt: skip


if __name__ == "__main__":
    main()
