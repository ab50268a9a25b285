"""A booking as the sender posts it (IAQ-like fields), validated, and turned into a `BookingEvent`.

The Immigration Alien Query carries the agency's ORI, the name, date of birth, sex,
place of birth, offence codes and the FIN the fingerprints matched; the jail adds the
booking and scheduled release times. Everything is checked before anything is stored:
a wrong type, an impossible date or an unknown field is refused with the field named.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from probable.center.instants import Instant, bounded
from probable.law.clock import is_no_release_sentinel
from probable.sources.bookings import Agency, BookingEvent
from probable.sources.clean_row import clean_row
from probable.sources.schema import PersonRecord

#: How far in the future a booking time may lie (clock skew between jail and center).
FUTURE_SLACK = timedelta(hours=1)

#: The earliest date of birth accepted.
EARLIEST_BIRTH = date(1900, 1, 1)

#: A name as typed: no control characters (a NUL would not even fit in PostgreSQL's text).
Text = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$"
    ),
]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[\w.-]+$")
]


class BookingIntake(BaseModel):
    """One fingerprint-matched booking, as the booking feed posts it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    event_id: Code = Field(description="The sender's id of this event; a repeat is the same case.")
    agency_ori: Annotated[
        str, StringConstraints(pattern=r"^[A-Z]{2}[0-9A-Z]{7}$", min_length=9, max_length=9)
    ] = Field(description="The booking agency's NCIC ORI (nine characters).")
    booking_id: Code = Field(description="The jail's booking number.")
    given_name: Text
    middle_name: Text | None = None
    family_name: Text
    second_family_name: Text | None = None
    date_of_birth: date
    sex: Literal["M", "F", "X", "U"] = Field(description="M, F, X, or U for unknown.")
    place_of_birth: (
        Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$", min_length=2, max_length=2)] | None
    ) = Field(default=None, description="ISO 3166 country code, as booked.")
    offence_codes: list[Code] = Field(default_factory=list, max_length=50)
    fin: Annotated[str, StringConstraints(pattern=r"^[0-9]{4,20}$")] = Field(
        description="The FIN the fingerprints matched in IDENT."
    )
    a_number: Annotated[str, StringConstraints(pattern=r"^A?-?[0-9 -]{7,12}$")] | None = None
    fbi_number: Code | None = Field(
        default=None,
        description="The FBI number (UCN) NGI returned for the prints, if any: it ties a "
        "criminal history record to the person.",
    )
    booked_at: Instant = Field(
        description="When the person was booked (with a UTC offset), from 1900 to 2199."
    )
    scheduled_release_at: AwareDatetime | None = Field(
        default=None,
        description="When the jail would otherwise release the person. A jail system's "
        '"no release date" placeholder (9999-12-31, any year from 9000) is read as none; '
        "any other time lies from 1900 to 2199.",
    )

    # Each check is on the later field, so the error's location names a field the check
    # concerns (the fields are validated in order: date_of_birth before booked_at).

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: date) -> date:
        if value < EARLIEST_BIRTH:
            raise ValueError(f"date_of_birth is before {EARLIEST_BIRTH.isoformat()}")
        return value

    @field_validator("booked_at")
    @classmethod
    def _booked(cls, value: datetime, info: ValidationInfo) -> datetime:
        if value > datetime.now(UTC) + FUTURE_SLACK:
            raise ValueError("booked_at is in the future")
        born = info.data.get("date_of_birth")
        if born is not None and born > value.date():
            raise ValueError("booked_at is before date_of_birth")
        return value

    @field_validator("scheduled_release_at")
    @classmethod
    def _released(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        if value is None or is_no_release_sentinel(value):
            return None  # an unknown release, not a date to count a hold from
        bounded(value)
        booked = info.data.get("booked_at")
        if booked is not None and value < booked:
            raise ValueError("scheduled_release_at is before booked_at")
        return value


def subject_record(intake: BookingIntake) -> PersonRecord:
    """The booked person in the common schema, cleaned as every source is."""
    raw: dict[str, Any] = {
        "record_id": intake.booking_id,
        "source": "booking",
        "given_name": intake.given_name,
        "middle_name": intake.middle_name,
        "family_name": intake.family_name,
        "second_family_name": intake.second_family_name,
        "date_of_birth": intake.date_of_birth.isoformat(),
        "sex": intake.sex,
        "birth_country": intake.place_of_birth,
        "a_number": intake.a_number,
        "fin": intake.fin,
    }
    return PersonRecord.from_row(clean_row(raw, what="the booking", today=intake.booked_at.date()))


def booking_event(intake: BookingIntake, agency: Agency) -> BookingEvent:
    """The booking as the decision path reads it."""
    return BookingEvent(
        booking_id=intake.booking_id,
        agency=agency,
        booked_at=intake.booked_at,
        scheduled_release_at=intake.scheduled_release_at,
        subject=subject_record(intake),
        offence_codes=tuple(intake.offence_codes),
        fin=intake.fin,
        fbi_number=intake.fbi_number,
    )


def intake_payload(
    event: BookingEvent, *, event_id: str, shift: timedelta = timedelta()
) -> dict[str, Any]:
    """The IAQ fields a booking feed would post for `event` (times moved by `shift`).

    Names are the raw values the jail typed, not the cleaned ones, so the center cleans
    them as it would any sender's.
    """
    s = event.subject
    release = event.scheduled_release_at
    return {
        "event_id": event_id,
        "agency_ori": event.agency.ori,
        "booking_id": event.booking_id,
        "given_name": s.raw_given_name or s.given_name,
        "middle_name": s.raw_middle_name or None,
        "family_name": s.raw_family_name or s.family_name,
        "second_family_name": s.raw_second_family_name or None,
        "date_of_birth": None if s.date_of_birth is None else s.date_of_birth.isoformat(),
        "sex": s.sex if s.sex in ("M", "F", "X") else "U",
        "place_of_birth": s.birth_country,
        "offence_codes": list(event.offence_codes),
        "fin": event.fin,
        **({} if event.fbi_number is None else {"fbi_number": event.fbi_number}),
        "booked_at": (event.booked_at + shift).isoformat(),
        "scheduled_release_at": None if release is None else (release + shift).isoformat(),
    }
