"""Opening the case store: an engine for SQLite (the default) or PostgreSQL, sessions, migrations.

The URL comes from the caller (`PROBABLE_DATABASE_URL` in `probable serve`); SQLite
gets WAL, a busy timeout, enforced foreign keys and write transactions that take the
lock at BEGIN, so concurrent writers queue instead of failing; and, since SQLite's own
queue is a poll that sleeps longer the longer it waits, writers of one file queue first
on a lock file (`flock`), which wakes the next one the moment the last commits. `migrate` runs
Alembic's migrations to the head revision, on either database.
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The execution option that marks a read-only session.
READ_ONLY = "probable_read_only"

#: Seconds a SQLite writer waits for the lock before giving up.
SQLITE_BUSY_SECONDS = 30


class StoreError(Exception):
    """The case store cannot be opened or migrated."""


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself (below), so writes lock at the start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Reads (WAL) run beside a writer; writes take the lock at once, so two writers
        # queue on the busy timeout instead of failing when one upgrades a read lock.
        read = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


class WriteLock:
    """Serialises the write transactions on one SQLite file, across threads and processes.

    Each thread holds its own descriptor of the lock file, so `flock` queues threads of
    one process as it queues processes; re-entrant within a thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the block (waiting for it first)."""
        depth: int = getattr(self._local, "depth", 0)
        if depth == 0:
            fd: int | None = getattr(self._local, "fd", None)
            if fd is None:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                self._local.fd = fd
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                fcntl.flock(self._local.fd, fcntl.LOCK_UN)


#: The write lock of each SQLite file engine.
_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, WriteLock] = weakref.WeakKeyDictionary()


def make_engine(url: str) -> Engine:
    """An engine for the URL; a SQLite file's directory is created if missing."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
        _sqlite_setup(engine)
        if database and database != ":memory:":
            _WRITE_LOCKS[engine] = WriteLock(Path(f"{Path(database).expanduser()}-write.lock"))
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)
    raise StoreError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


def alembic_config(engine: Engine) -> Config:
    """Alembic's configuration for this package's migrations on `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent)."""
    command.upgrade(alembic_config(engine), "head")


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions that keep loaded objects readable after commit.

    `read_only` sessions do not take SQLite's write lock (they must not write).
    """
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)


def reader_of(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Read-only sessions on the same engine as `factory`'s (see `session_factory`)."""
    bind = factory.kw.get("bind")
    if not isinstance(bind, Engine):
        raise StoreError("the session factory is not bound to an engine")
    return session_factory(bind, read_only=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error.

    On a SQLite file the transaction runs under the file's `WriteLock`.
    """
    bind = factory.kw.get("bind")
    lock = _WRITE_LOCKS.get(bind) if isinstance(bind, Engine) else None
    with lock.held() if lock else nullcontext(), factory() as session, session.begin():
        yield session
