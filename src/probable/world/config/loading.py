"""Reading the configuration: TOML text or a file in, a `WorldConfig` or one `ConfigError` out."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from probable.world.config.checks import ConfigError
from probable.world.config.world_config import WorldConfig


def _format_error(error: ValidationError, origin: str) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        return f"{origin}: unknown key '{key}'"
    if kind == "missing":
        return f"{origin}: missing key '{key}'"
    message = first["msg"].removeprefix("Value error, ")
    where = f"'{key}'" if key else "(top level)"
    got = first.get("input")
    shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
    return f"{origin}: {where}: {message}{shown}"


def default_config_text() -> str:
    """The TOML text of the configuration shipped with the package."""
    # world.toml ships in the parent package `probable.world`, not in this subpackage.
    return resources.files("probable.world").joinpath("world.toml").read_text(encoding="utf-8")


def parse_config(text: str, origin: str = "world.toml") -> WorldConfig:
    """Validate TOML text; raise `ConfigError` naming the first bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    try:
        return WorldConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_format_error(exc, origin)) from None


def load_config(path: Path | None = None) -> WorldConfig:
    """Load the shipped configuration, or the file at `path`."""
    if path is None:
        return parse_config(default_config_text())
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    return parse_config(path.read_text(encoding="utf-8"), origin=str(path))
