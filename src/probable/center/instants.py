"""The instants the center accepts: timezone-aware and inside one range every clock can hold.

A time far from today breaks arithmetic rather than meaning anything: 48 hours after
9999-12-31 overflows Python's datetime, year 1 at UTC+14 cannot be stored in UTC, and
one such booking once kept the service from starting again. Every datetime the API
accepts is bounded here, with the bound named in the error. A jail's "no release date"
placeholder (9999-12-31) is not a time at all: intake reads it as an unknown release
(`probable.law.clock.is_no_release_sentinel`) before this bound applies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

__all__ = ["EARLIEST", "LATEST", "Instant", "bounded"]

#: The earliest instant accepted (no booking, service or custody predates it).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
#: The first instant refused: far beyond any release, with room for a 48-hour clock
#: with weekends and holidays excluded.
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def bounded(value: datetime) -> datetime:
    """`value` if it lies in [EARLIEST, LATEST); a ValueError naming the bound otherwise."""
    # The year first: converting year 1 or 9999 with an offset to UTC can itself overflow.
    inside = EARLIEST.year <= value.year < LATEST.year and EARLIEST <= value < LATEST
    if not inside:
        raise ValueError(
            f"must lie from {EARLIEST.date().isoformat()} up to (not including) "
            f"{LATEST.date().isoformat()} UTC"
        )
    return value


#: An aware datetime inside the center's range: what every API field and query takes.
Instant = Annotated[AwareDatetime, AfterValidator(bounded)]
