"""What every section shares: the strict base model, rate and weight types, and the checks.

The checks raise `ValueError` inside validators; pydantic carries the message to
`loading`, which turns it into a `ConfigError` naming the key.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from probable.world.days import YEAR

Rate = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]


class ConfigError(ValueError):
    """A configuration file is missing, malformed or holds a bad value."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_unit_sum(values: dict[str, float], what: str, *, exact: bool) -> None:
    total = sum(values.values())
    if exact and abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} must sum to 1 (they sum to {total:.6g})")
    if not exact and total > 1.0 + 1e-9:
        raise ValueError(f"{what} sum past 1 (they sum to {total:.6g})")


def _check_ranges(section: BaseModel) -> None:
    """Every `X_min`/`X_max` pair of a section must have min <= max."""
    values = {name: getattr(section, name) for name in type(section).model_fields}
    for low_key, low in values.items():
        if not low_key.endswith("_min"):
            continue
        high_key = low_key.removesuffix("_min") + "_max"
        if high_key in values and values[high_key] < low:
            raise ValueError(f"{high_key} is below {low_key}")


def _check_span(years: float, years_key: str, days: int, days_key: str) -> None:
    """A window from `years` years to `days` days before (or after) a date must not be empty."""
    if years * YEAR < days:
        raise ValueError(f"{years_key} ({years} years) is shorter than {days_key} ({days} days)")


def _check_keys(values: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)} (allowed: {', '.join(allowed)})")
    missing = sorted(set(allowed) - set(values))
    if missing:
        raise ValueError(f"missing {what}: {', '.join(missing)}")
