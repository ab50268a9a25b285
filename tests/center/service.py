"""A response center wired for tests: a case store on either backend, users, a clock, a client.

The store and API tests run on SQLite and on PostgreSQL. PostgreSQL comes from
`PROBABLE_TEST_POSTGRES_URL` (default: the local cluster's `test` database); each store
lives in its own schema, dropped afterwards. When PostgreSQL cannot be reached its
tests are skipped, saying why, unless `PROBABLE_REQUIRE_POSTGRES=1`, which makes that a
failure (CI sets it).

The fixtures at the end serve both `tests/center` and `tests/web`; their conftests
import them.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from probable.center import CaseViews, Center, CenterSettings, IndexEvidence, Principal
from probable.center.intake import BookingIntake, intake_payload
from probable.center.users import add_user, issue_token, load_agencies, principal_of
from probable.sources import (
    Agency,
    BookingEvent,
    read_world_agencies,
    read_world_booking_events,
)
from probable.store import make_engine, migrate, session_factory, sqlite_url, transaction
from probable.store.models import CaseRow
from probable.web import create_app
from tests.asgi import Client, serving

POSTGRES_ENV = "PROBABLE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "PROBABLE_REQUIRE_POSTGRES"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

BACKENDS = ("sqlite", "postgresql")

#: Every role gets a user; the liaison's agency is the one with the most bookings.
ROLES = ("officer", "supervisor", "neutral_reviewer", "auditor", "agency_liaison", "intake")


# ------------------------------------------------------------------ databases


def postgres_url() -> str:
    """The PostgreSQL server the tests use (through psycopg 3, as `make_engine` does)."""
    url = make_url(os.environ.get(POSTGRES_ENV) or DEFAULT_POSTGRES_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@cache
def _postgres_problem(url: str) -> str | None:
    """Why PostgreSQL at `url` cannot be used, or None when it answers."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> str:
    """The server's URL; skips the test (or fails, if it is required) when it does not answer."""
    url = postgres_url()
    problem = _postgres_problem(url)
    if problem is not None:
        shown = make_url(url).render_as_string(hide_password=True)
        message = f"PostgreSQL not reachable at {shown}: {problem}"
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_POSTGRES_ENV}=1)")
        pytest.skip(message)
    return url


@contextmanager
def database(backend: str, directory: Path) -> Iterator[str]:
    """The URL of an empty case store: a SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        yield sqlite_url(directory / "cases.db")
        return
    assert backend == "postgresql", backend
    server = require_postgres()
    schema = f"probable_t_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def count(factory: sessionmaker[Session], model: Any, *where: Any) -> int:
    """How many rows of `model` match."""
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# ------------------------------------------------------------------ the service


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        """Stop the clock at `when` (aware)."""
        assert when.utcoffset() is not None, "the clock keeps aware times"
        self.now = when.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        """Move it forward."""
        self.now += timedelta(**delta)
        return self.now


@dataclass
class World:
    """The small world as the center reads it: evidence, agencies, fingerprinted bookings."""

    evidence: IndexEvidence
    agencies: list[Agency]
    events: list[BookingEvent]


@dataclass
class Service:
    """One wired center over its own case store, with a user and a token for every role."""

    url: str
    engine: Engine
    factory: sessionmaker[Session]
    center: Center
    views: CaseViews
    clock: Clock
    client: Client
    world: World
    tokens: dict[str, str]
    principals: dict[str, Principal]
    liaison_ori: str
    _next: Iterator[int] = field(default_factory=itertools.count)
    _used: set[str] = field(default_factory=set)

    def headers(self, role: str) -> dict[str, str]:
        """The bearer header of the role's user."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def event_id(self, event: BookingEvent) -> str:
        """A fresh event id for posting `event`."""
        return f"ev-{event.booking_id}-{next(self._next)}"

    def fresh(self, want: Callable[[BookingEvent], bool] = lambda _: True) -> BookingEvent:
        """A booking of the world no test of this service has posted yet."""
        for event in self.world.events:
            if event.booking_id not in self._used and want(event):
                self._used.add(event.booking_id)
                return event
        raise AssertionError("the world has no unused booking left that fits")

    def payload(
        self, event: BookingEvent, *, shift: timedelta = timedelta(), **changes: Any
    ) -> dict[str, Any]:
        """The body a booking feed posts for `event` (a fresh event id, times moved by `shift`)."""
        body = intake_payload(event, event_id=self.event_id(event), shift=shift)
        return {**body, **changes}

    def at_booking(self, event: BookingEvent, minutes: float = 10) -> None:
        """Stop the clock a little after the booking."""
        self.clock.set(event.booked_at + timedelta(minutes=minutes))

    def intake(self, event: BookingEvent, *, role: str = "intake") -> int:
        """Take the booking through the center (at the booking time); its case id."""
        self.at_booking(event)
        intake = BookingIntake.model_validate(self.payload(event))
        case_id, created = self.center.intake(intake, self.principals[role])
        assert created
        return case_id

    def case(self, case_id: int) -> CaseRow:
        """The case as stored now."""
        with self.factory() as session:
            case = session.get(CaseRow, case_id)
            assert case is not None
            return case

    def find(
        self,
        want: Callable[[CaseRow], bool],
        *,
        events: Callable[[BookingEvent], bool] = lambda _: True,
        tries: int = 60,
    ) -> tuple[BookingEvent, CaseRow]:
        """Take fresh bookings until one's case is as wanted; that booking and case."""
        for _ in range(tries):
            event = self.fresh(events)
            case = self.case(self.intake(event))
            if want(case):
                return event, case
        raise AssertionError(f"none of {tries} bookings gave a case as wanted")

    def count(self, model: Any, *where: Any) -> int:
        """How many rows of `model` match."""
        return count(self.factory, model, *where)


@contextmanager
def wired(url: str, world: World, settings: CenterSettings) -> Iterator[Service]:
    """A center over a freshly migrated store at `url`, with its API client."""
    engine = make_engine(url)
    try:
        migrate(engine)
        factory = session_factory(engine)
        clock = Clock(world.events[0].booked_at + timedelta(minutes=10))
        liaison_ori = Counter(e.agency.ori for e in world.events).most_common(1)[0][0]
        with transaction(factory) as session:
            load_agencies(session, world.agencies)
            principals = {
                role: principal_of(
                    add_user(
                        session,
                        username=f"t-{role}",
                        role=role,
                        at=clock(),
                        agency_ori=liaison_ori if role == "agency_liaison" else None,
                    )
                )
                for role in ROLES
            }
            tokens = {role: issue_token(session, f"t-{role}", at=clock()) for role in ROLES}
        center = Center(factory, world.evidence, settings=settings, clock=clock)
        views = CaseViews(factory, clock=clock)
        with serving(create_app(center, views)) as client:
            yield Service(
                url=url,
                engine=engine,
                factory=factory,
                center=center,
                views=views,
                clock=clock,
                client=client,
                world=world,
                tokens=tokens,
                principals=principals,
                liaison_ori=liaison_ori,
            )
    finally:
        engine.dispose()


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The case store's database: every store and API test runs on both."""
    name: str = request.param
    if name == "postgresql":
        require_postgres()
    return name


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty case store of this test alone (not migrated)."""
    with database(backend, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def world(small_world: Any, world_identity: Any) -> Iterator[World]:
    """The small world's evidence (through its identity index), agencies and bookings."""
    evidence = IndexEvidence.from_world(small_world.out, world_identity.index_path)
    events = [e for e in read_world_booking_events(small_world.out) if e.fin is not None]
    try:
        yield World(evidence, read_world_agencies(small_world.out), events)
    finally:
        evidence.close()


@contextmanager
def _maker(
    backend: str, world: World, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Service]]:
    with ExitStack() as stack:

        def make(settings: CenterSettings | None = None) -> Service:
            url = stack.enter_context(database(backend, tmp_path_factory.mktemp("store")))
            return stack.enter_context(wired(url, world, settings or CenterSettings()))

        yield make


@pytest.fixture(scope="module")
def module_services(
    backend: str, world: World, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Service]]:
    """Make services that live as long as the test module, each on its own store."""
    with _maker(backend, world, tmp_path_factory) as make:
        yield make


@pytest.fixture
def services(
    backend: str, world: World, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Service]]:
    """Make services for this test alone, each on its own store."""
    with _maker(backend, world, tmp_path_factory) as make:
        yield make
