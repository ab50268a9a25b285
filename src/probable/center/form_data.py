"""What a document to the jail says: the fields of Form I-247A or I-247G, as plain data.

`probable.center.forms` renders a `FormData` to HTML and PDF; the center fills it from
the case, its determination and the detainer. Kept apart so rendering needs nothing
but this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True, slots=True)
class FormBasis:
    """One I-247A box 1 item checked, with the records it rests on."""

    box: int
    """1 final order, 2 pending proceedings, 3 biometric match plus records, 4 statements."""
    summary: str
    records: tuple[str, ...] = ()
    """Short references of the facts' records ("eoir:E123 (fingerprint)")."""


@dataclass(frozen=True, slots=True)
class FormData:
    """Everything printed on one detainer (I-247A) or notification request (I-247G)."""

    form: Literal["I-247A", "I-247G"]
    number: str
    """The document's number ("D2026-000001")."""
    case_number: str
    issued_at: datetime
    issuing_office: str
    agency_name: str
    agency_ori: str
    agency_state: str
    subject_name: str
    subject_dob: str | None
    subject_sex: str | None
    subject_birth_country: str | None
    booking_id: str
    fin: str | None
    profile: str
    """The legal profile the determination applied (name and version)."""
    reason: str
    bases: tuple[FormBasis, ...] = ()
    warrant: str | None = None
    """"I-200" or "I-205": the administrative warrant attached (I-247A only)."""
    warrant_reference: str | None = None
    release_at: datetime | None = None
    """The scheduled release, in the agency's time zone."""
    hold_expires_at: datetime | None = None
    """The end of the hold, in the agency's time zone (I-247A only)."""
    hold_rule: str | None = None
    """Which rule set the clock: "8 CFR 287.7(d)" or "I-247A (02/17)"."""
    hold_excluded_days: tuple[str, ...] = ()
    neutral_review: str | None = None
    """Who approved the hold and when, when a neutral review was required."""
    citations: tuple[str, ...] = field(default=())
    """The citations of the rules that decided, as printed."""
