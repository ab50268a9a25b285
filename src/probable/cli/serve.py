"""The service's commands: `probable serve`, `replay`, `users` and `audit-log`.

Thin: settings in, the runtime and the center do the work. `serve` builds a default
world and its index on first start when none is configured, so it runs with no settings.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from probable.center.audit import verify_chain
from probable.center.errors import CenterError
from probable.center.intake import intake_payload
from probable.center.users import add_user, issue_token, load_agencies
from probable.cli.common import err_console, fail, out_console, progress_bar
from probable.sources import SourceError, read_world_agencies, read_world_booking_events
from probable.store import StoreError, make_engine, migrate, session_factory, transaction
from probable.web.pages.dashboard import DashboardSource
from probable.web.settings import ServiceSettings, environment, load_settings

#: The world `serve` simulates on first start when none is configured.
DEFAULT_WORLD = {"persons": 20_000, "bookings": 2_000}

users_app = typer.Typer(help="Users and API tokens of the service.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


def _settings(**given: str | None) -> ServiceSettings:
    try:
        return load_settings(**given)
    except ValueError as exc:
        fail(str(exc))


def ensure_world(settings: ServiceSettings, *, quiet: bool = False) -> None:
    """Simulate the default world and build its index when they are missing."""
    from probable.cli.app import build_world
    from probable.cli.whatif import ensure_index

    world = settings.world_dir
    if not (world / "world.duckdb").is_file():
        if settings.world is not None:
            fail(f"world {world} has no world.duckdb: simulate it with `probable simulate`")
        err_console.print(f"No world configured: simulating one into {world} (first start only).")
        build_world(world, seed=None, config_file=None, force=False, quiet=quiet, **DEFAULT_WORLD)
    if not settings.index_path.is_file():
        ensure_index(world, settings.index, quiet=quiet)


def _store(settings: ServiceSettings) -> Any:
    try:
        engine = make_engine(settings.url)
        migrate(engine)
    except StoreError as exc:
        fail(str(exc))
    return session_factory(engine)


def serve_command(
    host: Annotated[str | None, typer.Option(help="Address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    world: Annotated[Path | None, typer.Option(help="World directory (PROBABLE_WORLD).")] = None,
    index: Annotated[Path | None, typer.Option(help="Identity index (PROBABLE_INDEX).")] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Case store URL (PROBABLE_DATABASE_URL).")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Data directory (PROBABLE_DATA_DIR).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Server processes (PROBABLE_WORKERS).")
    ] = None,
) -> None:
    """Run the response center's API and pages (migrations applied at start)."""
    import uvicorn

    from probable.web.runtime import open_runtime

    settings = _settings(
        host=host,
        port=None if port is None else str(port),
        world=None if world is None else str(world),
        index=None if index is None else str(index),
        database_url=database_url,
        data_dir=None if data_dir is None else str(data_dir),
        workers=None if workers is None else str(workers),
    )
    ensure_world(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    where = (
        f"on http://{settings.host}:{settings.port} (API docs at /docs); case store "
        f"{settings.url.split('@')[-1]}; world {settings.world_dir}"
    )
    if settings.workers > 1:
        # Migrate and load the agencies once, here; then each worker opens its own runtime.
        factory = _store(settings)
        with transaction(factory) as session:
            load_agencies(session, read_world_agencies(settings.world_dir))
        os.environ.update(environment(settings))
        err_console.print(f"Serving {where}, {settings.workers} workers.")
        with _documents_process(settings):
            uvicorn.run(
                "probable.cli.serve:worker_app",
                factory=True,
                host=settings.host,
                port=settings.port,
                workers=settings.workers,
                log_level="info",
                # A worker copies the record systems into memory before it answers.
                timeout_worker_healthcheck=120,
            )
        return
    try:
        runtime = open_runtime(
            settings,
            dashboard=oversight_dashboard(settings.world_dir),
            documents_elsewhere=True,
        )
    except (StoreError, SourceError, OSError) as exc:
        fail(str(exc))
    err_console.print(f"Serving {where}.")
    with _documents_process(settings):
        uvicorn.run(runtime.app, host=settings.host, port=settings.port, log_level="info")


@contextmanager
def _documents_process(settings: ServiceSettings) -> Iterator[None]:
    """The documents process (it renders the PDFs) for as long as the service runs."""
    from probable.web import documents_process

    process = documents_process.start(environment(settings))
    try:
        yield
    finally:
        process.terminate()
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


def worker_app() -> FastAPI:
    """One worker process's app, from the `PROBABLE_*` settings its parent set."""
    from probable.web.runtime import open_runtime

    settings = load_settings()
    return open_runtime(
        settings, dashboard=oversight_dashboard(settings.world_dir), documents_elsewhere=True
    ).app


def replay_command(
    world: Annotated[Path, typer.Option(help="The world whose bookings to post.")],
    rate: Annotated[float, typer.Option(min=0.1, help="Bookings per second.")] = 10.0,
    url: Annotated[str, typer.Option(help="The service.")] = "http://127.0.0.1:8000",
    token: Annotated[
        str | None, typer.Option(envvar="PROBABLE_TOKEN", help="An intake token (PROBABLE_TOKEN).")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Post at most this many.")] = None,
    shift_to_now: Annotated[
        bool,
        typer.Option(
            help="Move each booking to five minutes before it is posted, its release with it "
            "(today's law applies, and no release has passed when it arrives)."
        ),
    ] = False,
    retry_seconds: Annotated[
        float,
        typer.Option(min=0, help="Keep retrying an event this long while the service is down."),
    ] = 120.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Post a world's fingerprint-matched bookings to a running service at a steady rate."""
    if token is None:
        fail("an intake token is needed: --token or PROBABLE_TOKEN (`probable users token NAME`)")
    try:
        events = [e for e in read_world_booking_events(world) if e.fin is not None]
    except SourceError as exc:
        fail(str(exc))
    events.sort(key=lambda e: e.booked_at)
    events = events[:limit] if limit else events
    counts = {"sent": 0, "created": 0, "repeated": 0, "refused": 0, "retries": 0}
    latencies: list[float] = []
    started = time.perf_counter()
    with (
        httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as client,
        progress_bar(quiet=as_json) as bar,
    ):
        task = bar.add_task("replaying", total=len(events))
        for n, event in enumerate(events):
            due = started + n / rate
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            shift = timedelta()
            if shift_to_now:
                shift = datetime.now(UTC) - timedelta(minutes=5) - event.booked_at
            body = intake_payload(event, event_id=f"replay-{event.booking_id}", shift=shift)
            status, took, retries = _post(client, body, retry_seconds)
            counts["retries"] += retries
            counts["sent"] += 1
            latencies.append(took)
            key = {201: "created", 200: "repeated"}.get(status, "refused")
            counts[key] += 1
            bar.update(task, advance=1)
    latencies.sort()
    figures = {
        **counts,
        "seconds": round(time.perf_counter() - started, 2),
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1) if latencies else None,
    }
    if as_json:
        out_console.print_json(json.dumps(figures))
    else:
        out_console.print(figures)


def _post(
    client: httpx.Client, body: dict[str, Any], retry_seconds: float
) -> tuple[int, float, int]:
    """POST one booking, retrying while the service is unreachable; status, seconds, retries."""
    deadline = time.monotonic() + retry_seconds
    retries = 0
    while True:
        begun = time.perf_counter()
        try:
            response = client.post("/v1/bookings", json=body)
            if response.status_code < 500:
                return response.status_code, time.perf_counter() - begun, retries
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            return 599, time.perf_counter() - begun, retries
        retries += 1
        time.sleep(0.25)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="The user's name.")],
    role: Annotated[
        str,
        typer.Option(
            help="officer, supervisor, neutral_reviewer, auditor, agency_liaison or intake."
        ),
    ],
    agency: Annotated[str | None, typer.Option(help="A liaison's agency ORI.")] = None,
    password: Annotated[
        str | None, typer.Option(envvar="PROBABLE_PASSWORD", help="For signing in to the pages.")
    ] = None,
    world: Annotated[Path | None, typer.Option(help="Load this world's agencies first.")] = None,
) -> None:
    """Add a user and print a first API token for them (shown once)."""
    settings = _settings(world=None if world is None else str(world))
    factory = _store(settings)
    now = datetime.now(UTC)
    try:
        with transaction(factory) as session:
            if world is not None or settings.world_dir.joinpath("world.duckdb").is_file():
                load_agencies(session, read_world_agencies(settings.world_dir))
            add_user(
                session, username=username, role=role, agency_ori=agency, password=password, at=now
            )
            token = issue_token(session, username, at=now, label="first")
    except (CenterError, SourceError) as exc:
        fail(str(exc))
    out_console.print(token, highlight=False)


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument(help="The user's name.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Issue another API token for a user (shown once)."""
    factory = _store(_settings())
    try:
        with transaction(factory) as session:
            token = issue_token(session, username, at=datetime.now(UTC), label=label)
    except CenterError as exc:
        fail(str(exc))
    out_console.print(token, highlight=False)


@audit_app.command("verify")
def audit_verify(
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Case store URL (PROBABLE_DATABASE_URL).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Recompute the audit log's hash chain; name the first entry altered or removed."""
    factory = _store(_settings(database_url=database_url))
    with factory() as session:
        report = verify_chain(session)
    if as_json:
        out_console.print_json(json.dumps(report.as_dict()))
    elif report.ok:
        out_console.print(f"audit log intact: {report.entries:,} entries chain correctly")
    else:
        err_console.print(f"[bold red]audit log broken:[/] {report.problem}")
    if not report.ok:
        raise typer.Exit(code=1)


def oversight_dashboard(world: Path) -> Callable[[sessionmaker[Session]], DashboardSource]:
    """The oversight page's source for a world's case store, with its truth when it has one.

    Figures are cached for a minute and computed ahead at start, so the page is quick
    over a large store.
    """
    from probable.evaluation.held_truth import world_truth
    from probable.oversight.dashboard import StoreDashboard

    truth = world_truth(world)

    def make(factory: sessionmaker[Session]) -> DashboardSource:
        board = StoreDashboard(factory, truth, max_age=60.0)
        board.warm()
        return board

    return make
