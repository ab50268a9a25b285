"""The agencies and bookings sections: who books people, how often, and how jails record them."""

from __future__ import annotations

from pydantic import Field, model_validator

from probable.world.config.checks import Rate, Weight, _check_keys, _check_unit_sum, _Strict
from probable.world.config.vocabulary import OUTCOMES


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
