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
    NamesakesSection,
    PopulationSection,
    TimelineSection,
    WorldSection,
)
from probable.world.config.records import CorroborationSection, IdentSection, RecordsSection
from probable.world.config.vocabulary import NAMESAKE_PATHS, STATUSES


class WorldConfig(_Strict):
    """The whole configuration, as validated."""

    world: WorldSection
    population: PopulationSection
    countries: dict[str, Country]
    removable: dict[str, bool]
    timeline: TimelineSection
    families: FamiliesSection
    convictions: ConvictionsSection
    namesakes: NamesakesSection
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
        self._check_namesake_paths()
        return self

    def _check_namesake_paths(self) -> None:
        """Namesakes and Jr./Sr. relatives need a path to take (DACA is not open to all)."""
        shares = self.population.shares
        namesakes = self.namesakes
        if namesakes.rate > 0 and namesakes.index_identities > 0:
            paths = [p for p in NAMESAKE_PATHS if p != "daca"]
            if sum(shares[p] for p in paths) <= 0:
                raise ValueError(
                    "namesakes.rate is positive but no path a namesake can take has a "
                    f"positive population.shares entry (one of {', '.join(paths)})"
                )
        if namesakes.junior_share > 0:
            paths = [p for p in NAMESAKE_PATHS if p not in ("daca", "usc_naturalized")]
            if sum(shares[p] for p in paths) <= 0:
                raise ValueError(
                    "namesakes.junior_share is positive but no path a relative can take has a "
                    f"positive population.shares entry (one of {', '.join(paths)})"
                )

    def with_overrides(
        self,
        *,
        persons: int | None = None,
        bookings: int | None = None,
        seed: int | None = None,
        namesake_rate: float | None = None,
    ) -> WorldConfig:
        """A copy with the command line's sizes, seed and namesake rate in place of the file's."""
        world = self.world.model_copy(
            update={
                k: v
                for k, v in {"persons": persons, "bookings": bookings, "seed": seed}.items()
                if v is not None
            }
        )
        namesakes = self.namesakes
        if namesake_rate is not None:
            namesakes = namesakes.model_copy(update={"rate": namesake_rate})
        return WorldConfig.model_validate(
            self.model_dump() | {"world": world.model_dump(), "namesakes": namesakes.model_dump()}
        )
