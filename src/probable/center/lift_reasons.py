"""Why a detainer is lifted: the public lift reasons, as the Deportation Data Project prints them.

ICE's detainer releases carry `detainer_lift_reason` (deportationdata.org's codebook).
Two values are confirmed from the case record and DOMAIN.md; the others are kept, marked
unconfirmed (?), until a release is checked: a data change, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LiftReason:
    """One public lift reason."""

    text: str
    confirmed: bool
    note: str = ""


CITIZENSHIP = "USC or Presumptive Claim to US Citizenship"
NOT_AMENABLE = "Not Amenable to Removal"
NO_PROBABLE_CAUSE = "Lack of Probable Cause"
PROSECUTORIAL_DISCRETION = "Prosecutorial Discretion"
ENTERED_IN_ERROR = "Detainer Entered in Error"
OTHER = "Other"

LIFT_REASONS: tuple[LiftReason, ...] = (
    LiftReason(CITIZENSHIP, True, "new evidence of U.S. citizenship (lifts at once)"),
    LiftReason(NOT_AMENABLE, True, "lawful status or relief: the person cannot be removed"),
    LiftReason(NO_PROBABLE_CAUSE, False, "a new determination no longer finds probable cause (?)"),
    LiftReason(PROSECUTORIAL_DISCRETION, False, "(?)"),
    LiftReason(ENTERED_IN_ERROR, False, "(?)"),
    LiftReason(OTHER, False, "(?)"),
)

#: The texts accepted by the API.
LIFT_REASON_TEXTS: tuple[str, ...] = tuple(r.text for r in LIFT_REASONS)
