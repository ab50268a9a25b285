"""Interviews and documents as an officer records them: validated input for corroboration.

The fields follow Directive 16001.2's citizenship questions (`probable.evidence.Interview`)
and the documents an investigation may see (`probable.evidence.Document`); anything
unknown, mistyped or impossible is refused with the field named.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from probable.evidence.corroboration import Document, Interview
from probable.evidence.file import ParentInfo

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]

DocumentKind = Literal[
    "birth_certificate",
    "us_passport",
    "naturalization_certificate",
    "citizenship_certificate",
    "consular_report_of_birth",
    "a_file",
    "foreign_passport",
]


class ParentInput(BaseModel):
    """What the person or a document says of one parent."""

    model_config = ConfigDict(extra="forbid")

    relation: Literal["mother", "father"]
    citizen_by_birth: bool | None = None
    naturalized_on: date | None = None
    has_custody: bool | None = None
    married_to_other_parent: bool | None = None
    legally_separated: bool | None = None
    died_on: date | None = None
    us_presence_years: Annotated[float, Field(ge=0, le=120)] | None = None
    us_presence_after_14_years: Annotated[float, Field(ge=0, le=120)] | None = None

    def to_parent(self) -> ParentInfo:
        """As the evidence layer reads it."""
        return ParentInfo(**self.model_dump())


class InterviewInput(BaseModel):
    """An interview following the citizenship questions (Directive 16001.2)."""

    model_config = ConfigDict(extra="forbid")

    conducted_on: date
    declined: bool = False
    supervisor_present: bool = False
    claims_us_citizenship: bool | None = None
    place_of_birth: Country | None = None
    parents: list[ParentInput] = Field(default_factory=list, max_length=2)
    lpr_since: date | None = None
    adopted_by_citizen_on: date | None = None
    documents_held: list[DocumentKind] = Field(default_factory=list, max_length=10)
    states_status: ShortText | None = None
    admits_no_status: bool | None = None
    unsure_of_status: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> InterviewInput:
        if self.conducted_on > date.today():
            raise ValueError("conducted_on is in the future")
        if self.declined and (self.claims_us_citizenship or self.admits_no_status):
            raise ValueError("declined: a declined interview records no answers")
        relations = [p.relation for p in self.parents]
        if len(set(relations)) != len(relations):
            raise ValueError("parents: each relation at most once")
        return self

    def to_interview(self, interview_id: str) -> Interview:
        """As the evidence layer reads it."""
        data = self.model_dump(exclude={"parents", "documents_held"})
        return Interview(
            interview_id=interview_id,
            parents=tuple(p.to_parent() for p in self.parents),
            documents_held=tuple(self.documents_held),
            **data,
        )


class DocumentInput(BaseModel):
    """A document produced or retrieved, and whether its issuer confirmed it."""

    model_config = ConfigDict(extra="forbid")

    kind: DocumentKind
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    issued_on: date | None = None
    verified: bool = False
    source: ShortText | None = None
    record_id: ShortText | None = None
    birth_country: Country | None = None
    birth_state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    shows: (
        Literal[
            "citizen", "lawful_status", "no_status", "final_order", "pending_proceedings", "nothing"
        ]
        | None
    ) = None
    shows_on: date | None = None
    status: ShortText | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DocumentInput:
        if self.issued_on is not None and self.issued_on > date.today():
            raise ValueError("issued_on is in the future")
        if self.kind == "a_file" and self.shows is None:
            raise ValueError("shows: an A-file review must say what the file shows")
        if self.kind != "a_file" and self.shows is not None:
            raise ValueError("shows: only an A-file review shows an outcome")
        if self.kind == "foreign_passport" and self.birth_country is None:
            raise ValueError("birth_country: a foreign passport gives the country of birth")
        return self

    def to_document(self) -> Document:
        """As the evidence layer reads it."""
        return Document(**self.model_dump())
