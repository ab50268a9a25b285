"""The service's settings, declared as data: name, environment variable, default, help.

`probable serve` reads each from its option or its `PROBABLE_*` variable; a test
fails if one is undocumented (docs/center.md lists them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its environment variable, default and what it does."""

    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        "PROBABLE_DATA_DIR",
        "probable-data",
        "Where the default database, world and notices live.",
    ),
    Setting(
        "database_url",
        "PROBABLE_DATABASE_URL",
        "",
        "SQLAlchemy URL of the case store; default: a SQLite file in the data directory. "
        "PostgreSQL: postgresql://user@host/db.",
    ),
    Setting(
        "world",
        "PROBABLE_WORLD",
        "",
        "The world whose record systems and agencies the center reads; default: "
        "DATA_DIR/world, simulated on first start.",
    ),
    Setting(
        "index",
        "PROBABLE_INDEX",
        "",
        "The identity index; default: WORLD/identity.duckdb, built on first start.",
    ),
    Setting("host", "PROBABLE_HOST", "127.0.0.1", "Address to listen on (loopback by default)."),
    Setting("port", "PROBABLE_PORT", "8000", "Port to listen on."),
    Setting(
        "notices",
        "PROBABLE_NOTICES",
        "file",
        "How notices reach agencies: file (a drop directory) or webhook (each agency's URL).",
    ),
    Setting(
        "notices_dir",
        "PROBABLE_NOTICES_DIR",
        "",
        "The drop directory for file notices; default: DATA_DIR/notices.",
    ),
    Setting(
        "profile",
        "PROBABLE_PROFILE",
        "",
        "Apply this legal profile to every booking instead of the one in force.",
    ),
    Setting(
        "neutral_review",
        "PROBABLE_NEUTRAL_REVIEW",
        "1",
        "1: neutral review exists here, so settlement-era holds go to a reviewer; 0: it does not.",
    ),
    Setting(
        "max_body_bytes",
        "PROBABLE_MAX_BODY_BYTES",
        "1048576",
        "Largest request body accepted (413 above).",
    ),
    Setting(
        "workers",
        "PROBABLE_WORKERS",
        "1",
        "Server processes (each with its own copy of the record systems); one of them runs "
        "the outbox and the scheduler.",
    ),
    Setting(
        "session_secret",
        "PROBABLE_SESSION_SECRET",
        "",
        "Signs the pages' session cookies; set it so sessions survive a restart and several "
        "processes share them (default: random per process).",
    ),
    Setting(
        "tick_seconds",
        "PROBABLE_TICK_SECONDS",
        "30",
        "How often the scheduler lapses expired holds and overdue reviews.",
    ),
)


@dataclass(frozen=True)
class ServiceSettings:
    """The settings' values, typed."""

    data_dir: Path = Path("probable-data")
    database_url: str = ""
    world: Path | None = None
    index: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    notices: str = "file"
    notices_dir: Path | None = None
    profile: str | None = None
    neutral_review: bool = True
    max_body_bytes: int = 1_048_576
    tick_seconds: float = 30.0
    session_secret: str | None = None
    workers: int = 1

    @property
    def world_dir(self) -> Path:
        """The world in use."""
        return self.world or self.data_dir / "world"

    @property
    def index_path(self) -> Path:
        """The identity index in use."""
        return self.index or self.world_dir / "identity.duckdb"

    @property
    def url(self) -> str:
        """The case store's URL in use."""
        return self.database_url or f"sqlite+pysqlite:///{self.data_dir / 'probable.db'}"

    @property
    def drop_dir(self) -> Path:
        """The notices' drop directory in use."""
        return self.notices_dir or self.data_dir / "notices"


def _value(setting: Setting, given: dict[str, str | None]) -> str:
    chosen = given.get(setting.name)
    if chosen is not None:
        return chosen
    return os.environ.get(setting.env, setting.default)


def load_settings(**given: str | None) -> ServiceSettings:
    """Settings from options given (as text), else the environment, else the defaults.

    A value that does not parse raises `ValueError` naming the setting.
    """
    raw = {s.name: _value(s, given) for s in SETTINGS}
    try:
        port = int(raw["port"])
        max_body = int(raw["max_body_bytes"])
        tick = float(raw["tick_seconds"])
        workers = int(raw["workers"])
    except ValueError as exc:
        raise ValueError(f"a numeric setting does not parse: {exc}") from exc
    if not 0 < port < 65536:
        raise ValueError(f"port must be 1-65535, not {port}")
    if raw["notices"] not in ("file", "webhook"):
        raise ValueError(f"notices must be file or webhook, not {raw['notices']!r}")
    if raw["neutral_review"] not in ("0", "1"):
        raise ValueError(f"neutral_review must be 0 or 1, not {raw['neutral_review']!r}")
    if not 1 <= workers <= 64:
        raise ValueError(f"workers must be 1-64, not {workers}")
    if max_body < 1024:
        raise ValueError("max_body_bytes must be at least 1024")
    return ServiceSettings(
        data_dir=Path(raw["data_dir"]),
        database_url=raw["database_url"],
        world=Path(raw["world"]) if raw["world"] else None,
        index=Path(raw["index"]) if raw["index"] else None,
        host=raw["host"],
        port=port,
        notices=raw["notices"],
        notices_dir=Path(raw["notices_dir"]) if raw["notices_dir"] else None,
        profile=raw["profile"] or None,
        neutral_review=raw["neutral_review"] == "1",
        max_body_bytes=max_body,
        tick_seconds=tick,
        session_secret=raw["session_secret"] or None,
        workers=workers,
    )


def environment(settings: ServiceSettings) -> dict[str, str]:
    """The settings as `PROBABLE_*` variables: how worker processes receive them."""
    values: dict[str, str | None] = {
        "data_dir": str(settings.data_dir),
        "database_url": settings.url,
        "world": str(settings.world_dir),
        "index": str(settings.index_path),
        "host": settings.host,
        "port": str(settings.port),
        "notices": settings.notices,
        "notices_dir": str(settings.drop_dir),
        "profile": settings.profile,
        "neutral_review": "1" if settings.neutral_review else "0",
        "max_body_bytes": str(settings.max_body_bytes),
        "tick_seconds": str(settings.tick_seconds),
        "session_secret": settings.session_secret,
        "workers": str(settings.workers),
    }
    by_name = {s.name: s.env for s in SETTINGS}
    return {by_name[k]: v for k, v in values.items() if v is not None}
