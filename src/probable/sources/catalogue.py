"""What each record system is: purpose, facts, flaws, legal limits, who sees it, and sources.

The entries are data (`catalogue.toml`, shipped with the package), checked on load: one
entry per record system in `probable.world.schemas.SOURCES`, the corroboration-only ones
marked as seen only by an investigation, every entry with at least one https citation.
Facts the project could not confirm from a primary text carry "(?)", as in DOMAIN.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from probable.sources.errors import SourceError, UnknownSourceError
from probable.world.schemas import CORROBORATION_SOURCES, SOURCES

CATALOGUE_FILE = "catalogue.toml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Texts = Annotated[tuple[Text, ...], Field(min_length=1)]


class SourceInfo(BaseModel):
    """One record system: what it is for and what it cannot be trusted to show."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Text
    title: Text
    agency: Text
    purpose: Text
    facts: Texts
    not_designed_for: Texts
    flaws: Texts
    legal_restrictions: Texts
    #: "automated": the database check sees it; "investigation": only corroboration does.
    access: Literal["automated", "investigation"]
    #: (title, url) pairs.
    citations: Annotated[tuple[tuple[Text, Text], ...], Field(min_length=1)]

    @field_validator("citations")
    @classmethod
    def _https(cls, citations: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        for title, url in citations:
            if not url.startswith("https://"):
                raise ValueError(f"citation {title!r} needs an https URL, not {url!r}")
        return citations

    @property
    def automated(self) -> bool:
        """Whether the automated database check sees this source."""
        return self.access == "automated"


def parse_catalogue(text: str) -> Mapping[str, SourceInfo]:
    """The catalogue in `text` (TOML, one table per source), checked against `SOURCES`."""
    data: dict[str, Any] = tomllib.loads(text)
    if set(data) != set(SOURCES):
        missing = sorted(set(SOURCES) - set(data))
        extra = sorted(set(data) - set(SOURCES))
        raise SourceError(
            f"{CATALOGUE_FILE} must describe exactly the record systems:"
            f" missing {missing}, unknown {extra}"
        )
    entries: dict[str, SourceInfo] = {}
    for name in SOURCES:
        try:
            entries[name] = SourceInfo.model_validate({"name": name, **data[name]})
        except ValidationError as error:
            raise SourceError(f"{CATALOGUE_FILE}: entry {name!r} is invalid: {error}") from error
        expected = "investigation" if name in CORROBORATION_SOURCES else "automated"
        if entries[name].access != expected:
            raise SourceError(f"{CATALOGUE_FILE}: {name!r} must have access = {expected!r}")
    return MappingProxyType(entries)


@cache
def catalogue() -> Mapping[str, SourceInfo]:
    """Every record system's `SourceInfo`, in the order of `SOURCES`."""
    text = resources.files("probable.sources").joinpath(CATALOGUE_FILE).read_text("utf-8")
    return parse_catalogue(text)


def source_info(name: str) -> SourceInfo:
    """The `SourceInfo` of one record system; `UnknownSourceError` for any other name."""
    try:
        return catalogue()[name]
    except KeyError:
        raise UnknownSourceError(
            f"unknown source {name!r}; the catalogue has {', '.join(SOURCES)}"
        ) from None
