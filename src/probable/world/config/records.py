"""The sections on how record systems see people: encounters, corroborating papers, filing."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from probable.world.config.checks import Rate, _check_ranges, _Strict


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
