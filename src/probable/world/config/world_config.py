"""The whole configuration: every section, and the checks that span sections."""

from __future__ import annotations

from pydantic import model_validator

from probable.world.config.bookings import AgenciesSection, BookingsSection
from probable.world.config.checks import _check_keys, _Strict
from probable.world.config.errors import ErrorsSection
from probable.world.config.people import (
    ConvictionsSection,
    Country,
    FamiliesSection,
    PopulationSection,
    TimelineSection,
    WorldSection,
)
from probable.world.config.records import CorroborationSection, IdentSection, RecordsSection
from probable.world.config.vocabulary import STATUSES


class WorldConfig(_Strict):
    """The whole configuration, as validated."""

    world: WorldSection
    population: PopulationSection
    countries: dict[str, Country]
    removable: dict[str, bool]
    timeline: TimelineSection
    families: FamiliesSection
    convictions: ConvictionsSection
    ident: IdentSection
    corroboration: CorroborationSection
    records: RecordsSection
    errors: ErrorsSection
    agencies: AgenciesSection
    bookings: BookingsSection

    @model_validator(mode="after")
    def _cross(self) -> WorldConfig:
        _check_keys(self.removable, STATUSES, "removable keys")
        if self.removable["usc"]:
            raise ValueError("removable.usc must be false: citizens are never removable")
        if not self.countries:
            raise ValueError("countries needs at least one country")
        for column in ("weight", "unauthorized", "humanitarian"):
            if sum(getattr(c, column) for c in self.countries.values()) <= 0:
                raise ValueError(f"countries: every {column} is zero")
        if "US" in self.countries:
            raise ValueError("countries lists foreign birth countries; remove US")
        return self

    def with_overrides(
        self, *, persons: int | None = None, bookings: int | None = None, seed: int | None = None
    ) -> WorldConfig:
        """A copy with the command line's sizes and seed in place of the file's."""
        world = self.world.model_copy(
            update={
                k: v
                for k, v in {"persons": persons, "bookings": bookings, "seed": seed}.items()
                if v is not None
            }
        )
        return self.model_copy(update={"world": WorldSection.model_validate(world.model_dump())})
