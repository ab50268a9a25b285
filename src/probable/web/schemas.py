"""Request bodies of the API beyond intake and corroboration (those live in the center)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from probable.center.instants import Instant

RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A row id (a 64-bit key).")]
"""A case's or a review's id in a path: out of the key's range is a 422, not a database error."""


class ReleaseUpdate(BaseModel):
    """The jail's new scheduled release time."""

    model_config = ConfigDict(extra="forbid")

    release_at: Instant

    @field_validator("release_at", mode="before")
    @classmethod
    def _not_a_placeholder(cls, value: object) -> object:
        if isinstance(value, str) and value[:4].isdigit() and int(value[:4]) >= 9000:
            raise ValueError(
                'is a "no release date" placeholder: a hold is counted from a real '
                "release time; send the time once the jail has one"
            )
        return value


class ReviewDecision(BaseModel):
    """A neutral reviewer's decision and reasons."""

    model_config = ConfigDict(extra="forbid")

    approve: bool
    reasons: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class LiftRequest(BaseModel):
    """Lift a document, with one of the public lift reasons (`GET /v1/lift-reasons`)."""

    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class ServedRequest(BaseModel):
    """When the detainer was served on the person."""

    model_config = ConfigDict(extra="forbid")

    served_at: Instant


class CustodyRequest(BaseModel):
    """When ICE took the person into custody."""

    model_config = ConfigDict(extra="forbid")

    at: Instant


class LegalBasisRequest(BaseModel):
    """The legal basis recorded on a case to open a restricted source."""

    model_config = ConfigDict(extra="forbid")

    basis: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ] = Field(description='As the data-access law words it, e.g. "judicial warrant or order".')
