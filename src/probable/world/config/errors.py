"""The errors section: per-record error rates of each system and the errors across records."""

from __future__ import annotations

from pydantic import Field, model_validator

from probable.world.config.checks import Rate, _check_unit_sum, _Strict


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
