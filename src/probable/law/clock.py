"""The hold clock: when a detainer's 48 hours beyond release run out.

Form I-247A asks a jail to keep a person up to 48 hours beyond the time they would
otherwise be released. Two rules set those hours, and a determination records which:

- "8 CFR 287.7(d)": 48 hours excluding Saturdays, Sundays and holidays. Only time on
  business days of the agency's local calendar counts, so a Friday 18:00 release
  runs 6 hours on Friday, skips the weekend, 24 hours on Monday and expires Tuesday
  at 18:00. Holidays are the U.S. federal holidays (5 U.S.C. 6103) with their
  observed days, from the `holidays` package; that the regulation means federal
  holidays is our reading (?).
- "I-247A (02/17)": 48 wall-clock hours; the 2017 form drops the exclusion.

Everything is computed in the agency's time zone and counts real elapsed time, so a
day with a daylight-saving change counts 23 or 25 hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from types import MappingProxyType
from typing import get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from probable.law.citation import Citation
from probable.law.determination import ClockRule, HoldClock

__all__ = [
    "CLOCK_CITATIONS",
    "HOLD_HOURS",
    "NO_RELEASE_FROM",
    "counted_hours",
    "excluded_day",
    "hold_clock",
    "is_no_release_sentinel",
]

#: Jail systems write "no release date" as a date far in the future (9999-12-31 is the
#: usual one); a release on or after this year is that sentinel, an unknown release.
NO_RELEASE_FROM = 9000


def is_no_release_sentinel(release_at: datetime) -> bool:
    """Whether a scheduled release is a jail system's "no release date" placeholder."""
    return release_at.year >= NO_RELEASE_FROM


#: How long the I-247A asks the agency to keep the person beyond release.
HOLD_HOURS = 48

#: The source of each clock rule.
CLOCK_CITATIONS: Mapping[ClockRule, Citation] = MappingProxyType(
    {
        "8 CFR 287.7(d)": Citation(
            instrument="8 CFR 287.7",
            section="(d)",
            url="https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-287/section-287.7",
        ),
        "I-247A (02/17)": Citation(
            instrument="DHS Form I-247A (3/17)",
            section="",
            url="https://www.ice.gov/sites/default/files/documents/Document/2017/I-247A.pdf",
        ),
    }
)

_RULES: tuple[str, ...] = get_args(ClockRule)
_HOUR = timedelta(hours=1)


def hold_clock(release_at: datetime, time_zone: str, rule: ClockRule) -> HoldClock:
    """The hold that starts at `release_at` for an agency keeping `time_zone`'s clock.

    `release_at` must be timezone-aware; the returned times are in `time_zone`.
    """
    zone = _zone(time_zone)
    if release_at.tzinfo is None or release_at.utcoffset() is None:
        raise ValueError(f"release_at must be timezone-aware, got {release_at.isoformat()}")
    if rule not in _RULES:
        raise ValueError(f"unknown clock rule {rule!r}; use one of {', '.join(_RULES)}")
    start = release_at.astimezone(UTC)
    skipped: tuple[date, ...] = ()
    if rule == "I-247A (02/17)":
        end = start + HOLD_HOURS * _HOUR
    else:
        end, skipped = _business_expiry(start, zone)
    return HoldClock(
        release_at=start.astimezone(zone),
        expires_at=end.astimezone(zone),
        rule=rule,
        citation=CLOCK_CITATIONS[rule],
        excluded_days=tuple(day.isoformat() for day in skipped),
    )


def counted_hours(start: datetime, end: datetime, time_zone: str) -> float:
    """Hours between two aware instants that fall on business days of the local calendar.

    This is the time the 8 CFR 287.7(d) clock counts; 0 when `end` is not after `start`.
    """
    zone = _zone(time_zone)
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
    at, stop = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta()
    while at < stop:
        day = at.astimezone(zone).date()
        day_end = min(_midnight(day + timedelta(days=1), zone), stop)
        if not excluded_day(day):
            total += day_end - at
        at = day_end
    return total / _HOUR


def excluded_day(day: date) -> bool:
    """Whether the 8 CFR 287.7(d) clock skips the day: a Saturday, Sunday or federal holiday."""
    return day.weekday() >= 5 or day in _federal_holidays(day.year)


def _business_expiry(start: datetime, zone: ZoneInfo) -> tuple[datetime, tuple[date, ...]]:
    """Walk local days from `start` (UTC) until 48 business hours have run."""
    remaining = HOLD_HOURS * _HOUR
    skipped: list[date] = []
    at = start
    while True:
        day: date = at.astimezone(zone).date()
        day_end = _midnight(day + timedelta(days=1), zone)
        if excluded_day(day):
            skipped.append(day)
        else:
            available = day_end - at
            if available >= remaining:
                return at + remaining, tuple(skipped)
            remaining -= available
        at = day_end


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The local start of `day`, as a UTC instant."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _zone(time_zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {time_zone!r}: use an IANA name") from exc


@cache
def _federal_holidays(year: int) -> frozenset[date]:
    """U.S. federal holidays of `year`, with observed days (a Saturday's Friday and so on).

    Neighbouring years are computed too, so that an observed day falling across the
    new year (1 January on a Saturday, observed 31 December) is found.
    """
    calendar = holidays.country_holidays("US", years=(year - 1, year, year + 1), observed=True)
    return frozenset(d for d in calendar if d.year == year)
