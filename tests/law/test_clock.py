"""The hold clock: 48 business hours under 8 CFR 287.7(d), 48 wall-clock hours under the form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from probable.law.clock import CLOCK_CITATIONS, counted_hours, excluded_day, hold_clock

CHICAGO = "America/Chicago"
REG = "8 CFR 287.7(d)"
FORM = "I-247A (02/17)"
ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
    "Pacific/Pago_Pago",
)


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def test_friday_evening_release_expires_tuesday_evening() -> None:
    clock = hold_clock(local(CHICAGO, 2024, 3, 1, 18), CHICAGO, REG)
    assert clock.expires_at == local(CHICAGO, 2024, 3, 5, 18)
    assert clock.excluded_days == ("2024-03-02", "2024-03-03")
    assert clock.rule == REG and clock.citation == CLOCK_CITATIONS[REG]
    assert clock.citation.url.startswith("https://www.ecfr.gov/")


def test_a_federal_holiday_monday_is_skipped() -> None:
    # Memorial Day 2024 is Monday 27 May.
    clock = hold_clock(local(CHICAGO, 2024, 5, 24, 18), CHICAGO, REG)
    assert clock.expires_at == local(CHICAGO, 2024, 5, 29, 18)
    assert clock.excluded_days == ("2024-05-25", "2024-05-26", "2024-05-27")


def test_observed_holidays_are_excluded() -> None:
    # 4 July 2026 is a Saturday, observed Friday 3 July.
    assert excluded_day(date(2026, 7, 3))
    # 1 January 2022 was a Saturday, observed Friday 31 December 2021.
    assert excluded_day(date(2021, 12, 31))
    assert not excluded_day(date(2026, 7, 2))


def test_a_weekday_release_runs_two_full_days() -> None:
    clock = hold_clock(local(CHICAGO, 2024, 3, 5, 9, 30), CHICAGO, REG)
    assert clock.expires_at == local(CHICAGO, 2024, 3, 7, 9, 30)
    assert clock.excluded_days == ()


def test_a_weekend_release_starts_counting_on_monday() -> None:
    clock = hold_clock(local(CHICAGO, 2024, 3, 2, 11), CHICAGO, REG)
    assert clock.expires_at == local(CHICAGO, 2024, 3, 6, 0)
    assert clock.excluded_days == ("2024-03-02", "2024-03-03")


def test_the_form_rule_is_48_wall_clock_hours() -> None:
    clock = hold_clock(local(CHICAGO, 2024, 3, 1, 18), CHICAGO, FORM)
    assert clock.expires_at == local(CHICAGO, 2024, 3, 3, 18)
    assert clock.excluded_days == ()
    assert clock.hours == 48
    assert "I-247A" in clock.citation.instrument


def test_daylight_saving_counts_real_hours() -> None:
    # Clocks spring forward on Sunday 10 March 2024: 48 real hours end at 19:00 local.
    clock = hold_clock(local(CHICAGO, 2024, 3, 9, 18), CHICAGO, FORM)
    assert clock.expires_at == local(CHICAGO, 2024, 3, 11, 19)
    assert clock.expires_at - clock.release_at != timedelta(hours=48)  # wall-clock
    assert clock.expires_at.astimezone(UTC) - clock.release_at.astimezone(UTC) == timedelta(
        hours=48
    )


def test_release_is_converted_to_the_agency_zone() -> None:
    release = datetime(2024, 3, 2, 0, tzinfo=UTC)  # Friday 18:00 in Chicago
    clock = hold_clock(release, CHICAGO, REG)
    assert clock.release_at == local(CHICAGO, 2024, 3, 1, 18)
    assert clock.release_at.tzinfo == ZoneInfo(CHICAGO)
    assert clock.expires_at == local(CHICAGO, 2024, 3, 5, 18)


def test_naive_release_is_refused() -> None:
    with pytest.raises(ValueError, match="release_at must be timezone-aware"):
        hold_clock(datetime(2024, 3, 1, 18), CHICAGO, REG)


def test_unknown_time_zone_is_refused() -> None:
    release = local(CHICAGO, 2024, 3, 1, 18)
    for zone in ("Mars/Olympus_Mons", "", "../etc"):
        with pytest.raises(ValueError, match="unknown time zone"):
            hold_clock(release, zone, REG)


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown clock rule"):
        hold_clock(local(CHICAGO, 2024, 3, 1, 18), CHICAGO, "72 hours")  # type: ignore[arg-type]


def test_counted_hours_skips_excluded_days() -> None:
    start = local(CHICAGO, 2024, 3, 1, 18)
    assert counted_hours(start, local(CHICAGO, 2024, 3, 4, 6), CHICAGO) == 12
    assert counted_hours(start, start - timedelta(hours=1), CHICAGO) == 0


# Properties, against an independent oracle.


def oracle_hours(start: datetime, end: datetime, zone: str) -> float:
    """Business hours between two instants, cut at every whole UTC hour.

    Every U.S. zone's offset is a whole number of hours, so no piece straddles a local
    midnight.
    """
    tz = ZoneInfo(zone)
    at, stop = start.astimezone(UTC), end.astimezone(UTC)
    total = 0.0
    while at < stop:
        nxt = min(at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1), stop)
        if not excluded_day(at.astimezone(tz).date()):
            total += (nxt - at).total_seconds() / 3600
        at = nxt
    return total


releases = st.datetimes(
    min_value=datetime(2015, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.just(UTC),
)


@settings(max_examples=200, deadline=None)
@given(release=releases, zone=st.sampled_from(ZONES))
# 01:00 in New York, the hour that happens twice: aware datetimes in another zone
# never compare equal to one in a fold (PEP 495), so instants are compared in UTC.
@example(release=datetime(2027, 11, 7, 5, 0, tzinfo=UTC), zone="America/New_York")
def test_the_regulation_never_ends_before_the_form(release: datetime, zone: str) -> None:
    reg = hold_clock(release, zone, REG)
    form = hold_clock(release, zone, FORM)
    assert reg.expires_at >= form.expires_at
    assert reg.release_at.astimezone(UTC) == form.release_at.astimezone(UTC) == release


@settings(max_examples=200, deadline=None)
@given(release=releases, zone=st.sampled_from(ZONES))
def test_the_regulation_counts_exactly_48_business_hours(release: datetime, zone: str) -> None:
    clock = hold_clock(release, zone, REG)
    assert oracle_hours(clock.release_at, clock.expires_at, zone) == pytest.approx(48)
    assert counted_hours(clock.release_at, clock.expires_at, zone) == pytest.approx(48)


@settings(max_examples=200, deadline=None)
@given(release=releases, zone=st.sampled_from(ZONES))
def test_expiry_never_falls_inside_an_excluded_day(release: datetime, zone: str) -> None:
    clock = hold_clock(release, zone, REG)
    end = clock.expires_at
    if excluded_day(end.date()):
        assert (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
    for iso in clock.excluded_days:
        day = date.fromisoformat(iso)
        assert excluded_day(day)
        assert clock.release_at.date() <= day <= end.date()


@settings(max_examples=100, deadline=None)
@given(release=releases, zone=st.sampled_from(ZONES))
def test_the_form_rule_is_48_real_hours(release: datetime, zone: str) -> None:
    clock = hold_clock(release, zone, FORM)
    elapsed = clock.expires_at.astimezone(UTC) - clock.release_at.astimezone(UTC)
    assert elapsed == timedelta(hours=48)
    assert clock.excluded_days == ()
