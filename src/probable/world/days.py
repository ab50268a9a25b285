"""Dates as day numbers, so a million lives can be drawn with array arithmetic.

A date is the number of days since 1970-01-01 (int64); `NO_DATE` marks a
date that does not exist (never naturalized, no order).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa

Days = npt.NDArray[np.int64]

NO_DATE = np.int64(-(2**40))
YEAR = 365.2425
_EPOCH = date(1970, 1, 1)


def to_day(value: date) -> int:
    """Day number of a date."""
    return (value - _EPOCH).days


def to_date(day: int) -> date:
    """Date of a day number."""
    return date.fromordinal(_EPOCH.toordinal() + int(day))


def none(n: int) -> Days:
    """An array of `n` missing dates."""
    return np.full(n, NO_DATE, dtype=np.int64)


def uniform(rng: np.random.Generator, low: Days | int, high: Days | int) -> Days:
    """A day drawn uniformly in [low, high] (high clipped up to low)."""
    low_a = np.asarray(low, dtype=np.int64)
    high_a = np.maximum(np.asarray(high, dtype=np.int64), low_a)
    span = (high_a - low_a + 1).astype(np.float64)
    size = np.broadcast(low_a, high_a).shape
    return (low_a + np.floor(rng.random(size) * span).astype(np.int64)).astype(np.int64)


def years(n: float | npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """A whole number of days close to `n` years."""
    return np.round(np.asarray(n, dtype=np.float64) * YEAR).astype(np.int64)


def present(days: Days) -> npt.NDArray[np.bool_]:
    """Which entries hold a real date."""
    return np.asarray(days != NO_DATE, dtype=np.bool_)


def to_arrow(days: Days) -> pa.Array:
    """A date32 Arrow array with missing dates as nulls."""
    mask = ~present(days)
    return pa.array(np.where(mask, 0, days).astype(np.int32), type=pa.date32(), mask=mask)


def swap_day_month(days: Days) -> tuple[Days, npt.NDArray[np.bool_]]:
    """Dates with day and month swapped where both are 12 or less.

    Returns the new dates and which ones changed (a swap of 5/5 changes nothing).
    """
    as_dates = days.astype("datetime64[D]")
    year = as_dates.astype("datetime64[Y]")
    month = (as_dates.astype("datetime64[M]") - as_dates.astype("datetime64[Y]")).astype(
        np.int64
    ) + 1
    day = (as_dates - as_dates.astype("datetime64[M]")).astype(np.int64) + 1
    can = (day <= 12) & (month != day) & present(days)
    swapped = (
        year.astype("datetime64[M]") + (np.where(can, day, month) - 1).astype("timedelta64[M]")
    ).astype("datetime64[D]") + (np.where(can, month, day) - 1).astype("timedelta64[D]")
    return swapped.astype(np.int64), can
