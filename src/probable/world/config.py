"""The world's configuration: one TOML file, validated strictly.

Every parameter of the simulator is read from `world.toml` (shipped with the
package) or a file given with `--config`. Unknown keys, rates outside [0, 1],
rates that must share one unit and sum past it, and missing files all stop
with one message naming the key, before anything is written.
"""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from probable.world.names import CULTURES

Rate = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]

#: The paths a life can take, as population shares name them.
PATHS = (
    "usc_born",
    "usc_naturalized",
    "lpr",
    "lpr_deportable",
    "nonimmigrant",
    "overstay",
    "tps",
    "daca",
    "asylee",
    "refugee",
    "ewi",
    "final_order",
    "pending_proceedings",
    "acquisition_candidate",
    "derivation_candidate",
)

#: The paths after the law has decided acquisition and derivation.
OUTCOMES = (
    "usc_acquired",
    "usc_derived",
    *(path for path in PATHS if not path.endswith("_candidate")),
)

#: True statuses a person can hold on a date (the status history's values).
STATUSES = (
    "usc",
    "lpr",
    "lpr_deportable",
    "nonimmigrant",
    "overstay",
    "tps",
    "daca",
    "asylee",
    "refugee",
    "ewi",
    "in_proceedings",
    "final_order",
)

#: The record systems, automated and corroboration-only.
SOURCES = (
    "ident",
    "eid",
    "cis",
    "claims3",
    "claims4",
    "adis",
    "eoir",
    "iii",
    "vital_records",
    "passports",
    "citizenship_certificates",
)

#: Mean days per Gregorian year, as `days.YEAR` (config cannot import the simulator).
DAYS_PER_YEAR = 365.2425


class ConfigError(ValueError):
    """A configuration file is missing, malformed or holds a bad value."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_unit_sum(values: dict[str, float], what: str, *, exact: bool) -> None:
    total = sum(values.values())
    if exact and abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} must sum to 1 (they sum to {total:.6g})")
    if not exact and total > 1.0 + 1e-9:
        raise ValueError(f"{what} sum past 1 (they sum to {total:.6g})")


def _check_ranges(section: BaseModel) -> None:
    """Every `X_min`/`X_max` pair of a section must have min <= max."""
    values = {name: getattr(section, name) for name in type(section).model_fields}
    for low_key, low in values.items():
        if not low_key.endswith("_min"):
            continue
        high_key = low_key.removesuffix("_min") + "_max"
        if high_key in values and values[high_key] < low:
            raise ValueError(f"{high_key} is below {low_key}")


def _check_span(years: float, years_key: str, days: int, days_key: str) -> None:
    """A window from `years` years to `days` days before (or after) a date must not be empty."""
    if years * DAYS_PER_YEAR < days:
        raise ValueError(f"{years_key} ({years} years) is shorter than {days_key} ({days} days)")


def _check_keys(values: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)} (allowed: {', '.join(allowed)})")
    missing = sorted(set(allowed) - set(values))
    if missing:
        raise ValueError(f"missing {what}: {', '.join(missing)}")


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


class IdentSection(_Strict):
    us_born_encounter_rate: Rate
    ewi_encounter_rate: Rate
    lawful_encounter_rate: Rate
    proceedings_encounter_rate: Rate
    first_encounter_latest_days_before_window: int = Field(ge=0)
    digitised_from: date
    undigitised_pre2000_rate: Rate
    extra_encounters_mean: float = Field(ge=0.0, le=20.0)


class CorroborationSection(_Strict):
    passport_share: Rate
    acquired_certificate_share: Rate


class RecordsSection(_Strict):
    """How the record systems file true events: which record, which A-number, what lag."""

    duplicate_a_number_use_share: Rate
    ident_a_number_share: Rate
    asylum_in_court_share: Rate
    asylum_affirmative_share: Rate
    court_asylum_nta_years_before_grant_min: float = Field(ge=0.0)
    court_asylum_nta_years_before_grant_max: float = Field(ge=0.0)
    adjustment_pending_years_before_lpr_min: float = Field(ge=0.0)
    adjustment_pending_years_before_lpr_max: float = Field(ge=0.0)
    eid_arrest_days_before_nta_min: int = Field(ge=0)
    eid_arrest_days_before_nta_max: int = Field(ge=0)
    benefit_filing_days_before_decision_min: int = Field(ge=0)
    benefit_filing_days_before_decision_max: int = Field(ge=0)
    pending_filing_days_before_window: int = Field(ge=0)
    claims4_entry_lag_days_min: int = Field(ge=0)
    claims4_entry_lag_days_max: int = Field(ge=0)
    birth_filing_days_min: int = Field(ge=0)
    birth_filing_days_max: int = Field(ge=0)
    certificate_issue_days_min: int = Field(ge=0)
    certificate_issue_days_max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ranges(self) -> RecordsSection:
        _check_ranges(self)
        return self


class SourceErrors(_Strict):
    coverage_gap: Rate
    typo: Rate
    name_variant: Rate
    swapped_surnames: Rate
    dob_day_month_swap: Rate
    wrong_birthplace: Rate

    @model_validator(mode="after")
    def _exclusive(self) -> SourceErrors:
        _check_unit_sum(
            {"t": self.typo, "n": self.name_variant, "s": self.swapped_surnames},
            "typo + name_variant + swapped_surnames",
            exact=False,
        )
        return self


class NaturalizationErrors(_Strict):
    late: Rate
    late_days_min: int = Field(ge=0)
    late_days_max: int = Field(ge=0)
    never: Rate
    cis_not_updated: Rate

    @model_validator(mode="after")
    def _sum(self) -> NaturalizationErrors:
        _check_unit_sum({"l": self.late, "n": self.never}, "late + never", exact=False)
        if self.late_days_max < self.late_days_min:
            raise ValueError("late_days_max is below late_days_min")
        return self


class DerivedErrors(_Strict):
    never_recorded: Rate


class StaleErrors(_Strict):
    rate: Rate


class ANumberErrors(_Strict):
    duplicate: Rate
    merged: Rate

    @model_validator(mode="after")
    def _sum(self) -> ANumberErrors:
        _check_unit_sum({"d": self.duplicate, "m": self.merged}, "duplicate + merged", exact=False)
        return self


class WrongPersonErrors(_Strict):
    rate: Rate


class ErrorPatterns(_Strict):
    typo_given_name_share: Rate
    us_born_birthplace_mexico_share: Rate


class ErrorsSection(_Strict):
    ident: SourceErrors
    eid: SourceErrors
    cis: SourceErrors
    claims3: SourceErrors
    claims4: SourceErrors
    adis: SourceErrors
    eoir: SourceErrors
    iii: SourceErrors
    vital_records: SourceErrors
    passports: SourceErrors
    citizenship_certificates: SourceErrors
    naturalization: NaturalizationErrors
    derived: DerivedErrors
    stale_status: StaleErrors
    a_number: ANumberErrors
    wrong_person: WrongPersonErrors
    patterns: ErrorPatterns

    def for_source(self, source: str) -> SourceErrors:
        """The per-record error rates of one record system."""
        value = getattr(self, source)
        if not isinstance(value, SourceErrors):
            raise KeyError(source)
        return value


class AgenciesSection(_Strict):
    count: int = Field(ge=1)
    police_share: Rate
    principal_zone_share: Rate
    jail_volume_median: float = Field(gt=0.0)
    jail_volume_sigma: float = Field(ge=0.0)
    police_volume_median: float = Field(gt=0.0)
    police_volume_sigma: float = Field(ge=0.0)
    perc_jurisdictions: list[str]
    other_offices: dict[str, str]


class JailErrors(_Strict):
    name_typo: Rate
    surname_order: Rate
    dob_day_month_swap: Rate
    place_of_birth_blank: Rate


class ReleaseSection(_Strict):
    median_hours: float = Field(gt=0.0)
    sigma: float = Field(ge=0.0)
    unscheduled_share: Rate


class HourWeights(_Strict):
    weights: list[Weight] = Field(min_length=24, max_length=24)


class BookingsSection(_Strict):
    accent_stripping_share: Rate
    typo_given_name_share: Rate
    charge_count_shares: list[Rate] = Field(min_length=1)
    arrest_weight: dict[str, Weight]
    jail_errors: JailErrors
    release: ReleaseSection
    charges: dict[str, Weight]
    hour_weights: HourWeights

    @model_validator(mode="after")
    def _keys(self) -> BookingsSection:
        _check_keys(self.arrest_weight, OUTCOMES, "bookings.arrest_weight keys")
        _check_unit_sum(
            {str(i): share for i, share in enumerate(self.charge_count_shares, start=1)},
            "bookings.charge_count_shares",
            exact=True,
        )
        if not self.charges or sum(self.charges.values()) <= 0:
            raise ValueError("bookings.charges needs at least one positive weight")
        if sum(self.hour_weights.weights) <= 0:
            raise ValueError("bookings.hour_weights needs at least one positive weight")
        return self


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


def _format_error(error: ValidationError, origin: str) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        return f"{origin}: unknown key '{key}'"
    if kind == "missing":
        return f"{origin}: missing key '{key}'"
    message = first["msg"].removeprefix("Value error, ")
    where = f"'{key}'" if key else "(top level)"
    got = first.get("input")
    shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
    return f"{origin}: {where}: {message}{shown}"


def default_config_text() -> str:
    """The TOML text of the configuration shipped with the package."""
    return resources.files("probable.world").joinpath("world.toml").read_text(encoding="utf-8")


def parse_config(text: str, origin: str = "world.toml") -> WorldConfig:
    """Validate TOML text; raise `ConfigError` naming the first bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    try:
        return WorldConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_format_error(exc, origin)) from None


def load_config(path: Path | None = None) -> WorldConfig:
    """Load the shipped configuration, or the file at `path`."""
    if path is None:
        return parse_config(default_config_text())
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    return parse_config(path.read_text(encoding="utf-8"), origin=str(path))
