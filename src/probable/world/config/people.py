"""The sections that shape the people: sizes and window, population shares, countries,
timelines, families and convictions.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from probable.world.config.checks import (
    Rate,
    Weight,
    _check_keys,
    _check_ranges,
    _check_span,
    _check_unit_sum,
    _Strict,
)
from probable.world.config.vocabulary import PATHS
from probable.world.names import CULTURES


class WorldSection(_Strict):
    persons: int = Field(ge=1)
    bookings: int = Field(ge=0)
    seed: int = Field(ge=0)
    booking_start: date
    booking_end: date
    birth_year_min: int = Field(ge=1900)
    birth_year_max: int = Field(le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> WorldSection:
        if self.booking_end < self.booking_start:
            raise ValueError("booking_end is before booking_start")
        if self.birth_year_max < self.birth_year_min:
            raise ValueError("birth_year_max is before birth_year_min")
        if self.birth_year_max + 18 > self.booking_start.year:
            raise ValueError("birth_year_max leaves people under 18 at booking_start")
        return self


class PopulationSection(_Strict):
    male_share: Rate
    immigrant_entry_share: Rate
    entered_without_inspection_share: Rate
    shares: dict[str, Rate]
    us_born_cultures: dict[str, Rate]

    @model_validator(mode="after")
    def _sums(self) -> PopulationSection:
        _check_keys(self.shares, PATHS, "population.shares keys")
        _check_unit_sum(self.shares, "population.shares", exact=True)
        _check_keys(
            dict(self.us_born_cultures)
            | dict.fromkeys(set(CULTURES) - set(self.us_born_cultures), 0.0),
            CULTURES,
            "population.us_born_cultures keys",
        )
        _check_unit_sum(self.us_born_cultures, "population.us_born_cultures", exact=True)
        return self


class TimelineSection(_Strict):
    """When the events of a life happen: entries, residence, oaths, grants, proceedings."""

    earliest_entry: date
    last_entry_days_before_window: int = Field(ge=0)
    visa_to_lpr_years_min: float = Field(ge=0.0)
    visa_to_lpr_years_max: float = Field(ge=0.0)
    lpr_to_naturalization_years_min: float = Field(ge=0.0)
    lpr_to_naturalization_years_max: float = Field(ge=0.0)
    conviction_after_lpr_years_min: float = Field(ge=0.0)
    nonimmigrant_entry_earliest_years_before_window: float = Field(ge=0.0)
    nonimmigrant_entry_latest_days_before_window: int = Field(ge=0)
    nonimmigrant_admit_until_earliest_days_after_window: int = Field(ge=0)
    nonimmigrant_admit_until_latest_years_after_window: float = Field(ge=0.0)
    overstay_admission_years_min: float = Field(ge=0.0)
    overstay_admission_years_max: float = Field(ge=0.0)
    unauthorized_visa_admission_years_min: float = Field(ge=0.0)
    unauthorized_visa_admission_years_max: float = Field(ge=0.0)
    daca_visa_admission_days: int = Field(ge=0)
    grant_after_entry_years_min: float = Field(ge=0.0)
    grant_latest_days_before_window: int = Field(ge=0)
    tps_first_period_years: float = Field(gt=0.0)
    daca_period_years: float = Field(gt=0.0)
    grant_until_earliest_days_after_window: int = Field(ge=0)
    grant_until_latest_years_after_window: float = Field(ge=0.0)
    nta_after_entry_years_min: float = Field(ge=0.0)
    nta_latest_days_before_window: int = Field(ge=0)
    order_after_nta_days_min: int = Field(ge=0)

    @model_validator(mode="after")
    def _ranges(self) -> TimelineSection:
        _check_ranges(self)
        _check_span(
            self.nonimmigrant_entry_earliest_years_before_window,
            "nonimmigrant_entry_earliest_years_before_window",
            self.nonimmigrant_entry_latest_days_before_window,
            "nonimmigrant_entry_latest_days_before_window",
        )
        _check_span(
            self.nonimmigrant_admit_until_latest_years_after_window,
            "nonimmigrant_admit_until_latest_years_after_window",
            self.nonimmigrant_admit_until_earliest_days_after_window,
            "nonimmigrant_admit_until_earliest_days_after_window",
        )
        _check_span(
            self.grant_until_latest_years_after_window,
            "grant_until_latest_years_after_window",
            self.grant_until_earliest_days_after_window,
            "grant_until_earliest_days_after_window",
        )
        return self


class Country(_Strict):
    culture: str
    weight: Weight
    unauthorized: Weight
    humanitarian: Weight

    @model_validator(mode="after")
    def _known_culture(self) -> Country:
        if self.culture not in CULTURES:
            raise ValueError(f"culture must be one of {', '.join(CULTURES)} (got {self.culture!r})")
        return self


class FamiliesSection(_Strict):
    two_parent_share: Rate
    married_share: Rate
    deceased_parent_share: Rate
    separated_custody_share: Rate
    custody_share: Rate
    parent_presence_years_min: int = Field(ge=0)
    parent_presence_years_max: int = Field(ge=0)
    parent_naturalization_years_min: int = Field(ge=0)
    parent_naturalization_years_max: int = Field(ge=0)
    two_citizen_parents_share: Rate
    acquisition_parent_age_years_min: int = Field(ge=0)
    acquisition_parent_age_years_max: int = Field(ge=0)
    derivation_parent_age_years_min: int = Field(ge=0)
    derivation_parent_age_years_max: int = Field(ge=0)
    child_lpr_delay_years_min: float = Field(ge=0.0)
    child_lpr_delay_years_max: float = Field(ge=0.0)
    parent_oath_after_own_lpr_years_min: float = Field(ge=0.0)
    other_parent_oath_offset_years_min: float
    other_parent_oath_offset_years_max: float
    deceased_parent_died_days_before_oath: int = Field(ge=0)

    @model_validator(mode="after")
    def _ranges(self) -> FamiliesSection:
        _check_ranges(self)
        _check_unit_sum(
            {"deceased": self.deceased_parent_share, "separated": self.separated_custody_share},
            "families.deceased_parent_share + separated_custody_share",
            exact=False,
        )
        return self


class ConvictionsSection(_Strict):
    removable_offence_rate: Rate
    other_offence_rate: Rate


class NamesakesSection(_Strict):
    """Other people a national index holds under a person's name and date of birth."""

    rate: float = Field(ge=0.0, allow_inf_nan=False)
    index_identities: int = Field(ge=0)
    junior_share: Rate
    junior_gap_years_min: int = Field(ge=0)
    junior_gap_years_max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ranges(self) -> NamesakesSection:
        _check_ranges(self)
        return self
