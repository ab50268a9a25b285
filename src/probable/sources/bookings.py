"""A booking event and its agency: what the response center knows of one arrest.

`BookingEvent` is the booking as the jail sent it (who, when, where, the release time
it expects) with the agency that booked the person; `probable.law.determine` decides on
it together with the subject's `EvidenceFile`. Times are timezone-aware.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, field_validator

from probable.sources.schema import PersonRecord


class Agency(BaseModel):
    """A booking agency: its ORI, state, local clock and the ICE office answering for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ori: str
    state: str
    """Two-letter USPS code of the state, DC or territory."""
    time_zone: str
    """IANA zone of the agency's local calendar (hold clocks run on it)."""
    responsible_office: str
    """The ICE office issuing detainers to the agency ("PERC" for the Pacific center)."""
    name: str | None = None

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("state")
    @classmethod
    def _state_code(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha() or not value.isupper():
            raise ValueError(f"state must be a two-letter upper-case code, not {value!r}")
        return value


class BookingEvent(BaseModel):
    """One booking whose fingerprints were checked: the subject, the agency, the times."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    booking_id: str
    agency: Agency
    booked_at: datetime
    scheduled_release_at: datetime | None = None
    """When the jail would otherwise release the person; None if not yet scheduled."""
    subject: PersonRecord
    """The person as booked, in the common schema (source "booking")."""
    offence_codes: tuple[str, ...] = ()
    fin: str | None = None
    """The FIN the fingerprints matched in IDENT; None when they matched nothing."""
    fbi_number: str | None = None
    """The FBI number (UCN) NGI returned for the prints: the person's criminal history;
    None when the FBI holds none (or the sender did not say)."""

    @field_validator("booked_at", "scheduled_release_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return value

    @property
    def booked_day(self) -> date:
        """The booking's day on the agency's local calendar."""
        return self.booked_at.astimezone(ZoneInfo(self.agency.time_zone)).date()
