"""Acquisition at birth abroad (INA 301(c), 301(g)) on partial facts, with known answers."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from probable.evidence.acquisition import acquisition_at_birth
from probable.evidence.file import ParentInfo
from probable.world.citizenship import acquire


def _mother(presence: float | None = 6, after_14: float | None = 3) -> ParentInfo:
    return ParentInfo(
        "mother",
        citizen_by_birth=True,
        married_to_other_parent=True,
        us_presence_years=presence,
        us_presence_after_14_years=after_14,
    )


ALIEN_FATHER = ParentInfo("father", citizen_by_birth=False, married_to_other_parent=True)


def test_born_1990_five_two_rule_citizen() -> None:
    # Births from 1986-11-14 need 5 years' presence, 2 after age 14: 6 and 3 suffice.
    result = acquisition_at_birth(date(1990, 5, 1), "MX", [_mother(), ALIEN_FATHER])
    assert (result.assessment, result.provision) == ("citizen", "INA 301(g)")


def test_born_1980_ten_five_rule_not_citizen() -> None:
    # Births from 1952-12-24 to 1986-11-13 need 10 years, 5 after 14: 6 and 3 fall short.
    result = acquisition_at_birth(date(1980, 5, 1), "MX", [_mother(), ALIEN_FATHER])
    assert (result.assessment, result.provision) == ("not_citizen", "INA 301(g)")
    assert "10 years" in result.reason


def test_born_1980_with_ten_five_citizen() -> None:
    result = acquisition_at_birth(date(1980, 5, 1), "MX", [_mother(10, 5), ALIEN_FATHER])
    assert result.assessment == "citizen"


def test_reform_day_itself_uses_the_shorter_rule() -> None:
    result = acquisition_at_birth(date(1986, 11, 14), "MX", [_mother(5, 2), ALIEN_FATHER])
    assert result.assessment == "citizen"
    day_before = acquisition_at_birth(date(1986, 11, 13), "MX", [_mother(5, 2), ALIEN_FATHER])
    assert day_before.assessment == "not_citizen"


def test_two_citizen_parents_one_resided_301c() -> None:
    father = ParentInfo(
        "father", citizen_by_birth=True, married_to_other_parent=True, us_presence_years=0
    )
    result = acquisition_at_birth(date(1970, 1, 1), "DE", [_mother(1, 0), father])
    assert (result.assessment, result.provision) == ("citizen", "INA 301(c)")
    nobody = acquisition_at_birth(date(1970, 1, 1), "DE", [_mother(0, 0), father])
    assert nobody.assessment == "not_citizen"


def test_unknown_presence_is_possible() -> None:
    result = acquisition_at_birth(date(1990, 5, 1), "MX", [_mother(None, None), ALIEN_FATHER])
    assert result.assessment == "possible"
    assert "presence" in result.reason


def test_birth_before_the_ina_is_unknown() -> None:
    result = acquisition_at_birth(date(1950, 1, 1), "MX", [_mother(20, 10), ALIEN_FATHER])
    assert result.assessment == "unknown"
    assert "earlier statutes" in result.reason


def test_out_of_wedlock_is_possible_not_decided() -> None:
    mother = ParentInfo(
        "mother",
        citizen_by_birth=True,
        married_to_other_parent=False,
        us_presence_years=20,
        us_presence_after_14_years=10,
    )
    result = acquisition_at_birth(date(1990, 5, 1), "MX", [mother])
    assert (result.assessment, result.provision) == ("possible", "INA 309")


def test_no_citizen_parent_is_not_citizen() -> None:
    mother = ParentInfo("mother", citizen_by_birth=False, married_to_other_parent=True)
    result = acquisition_at_birth(date(1990, 5, 1), "MX", [mother, ALIEN_FATHER])
    assert result.assessment == "not_citizen"


def test_parent_naturalized_after_the_birth_does_not_transmit_at_birth() -> None:
    mother = ParentInfo(
        "mother",
        naturalized_on=date(1995, 1, 1),
        married_to_other_parent=True,
        us_presence_years=20,
        us_presence_after_14_years=10,
    )
    assert acquisition_at_birth(date(1990, 5, 1), "MX", [mother, ALIEN_FATHER]).assessment == (
        "not_citizen"
    )
    before = ParentInfo(
        "mother",
        naturalized_on=date(1985, 1, 1),
        married_to_other_parent=True,
        us_presence_years=20,
        us_presence_after_14_years=10,
    )
    assert acquisition_at_birth(date(1990, 5, 1), "MX", [before, ALIEN_FATHER]).assessment == (
        "citizen"
    )


def test_unknowns_without_parents_or_dob() -> None:
    assert acquisition_at_birth(date(1990, 1, 1), "MX", []).assessment == "unknown"
    assert acquisition_at_birth(None, "MX", [_mother()]).assessment == "unknown"
    assert acquisition_at_birth(date(1990, 1, 1), "US", []).provision == "INA 301(a)"


def test_a_missing_parent_matters_only_when_it_could() -> None:
    # A mother who meets 301(g) alone transmits whatever the father was.
    assert acquisition_at_birth(date(1990, 5, 1), "MX", [_mother()]).assessment == "citizen"
    # A mother short of it: the undescribed father might have been a citizen (301(c)).
    short = acquisition_at_birth(date(1990, 5, 1), "MX", [_mother(1, 0)])
    assert short.assessment == "possible"


BIRTHS = st.dates(min_value=date(1952, 12, 24), max_value=date(2010, 12, 31))
YEARS = st.floats(min_value=0, max_value=40, allow_nan=False)


@given(BIRTHS, st.booleans(), YEARS, YEARS)
def test_agrees_with_the_simulator_on_complete_facts(
    born: date, two: bool, presence: float, after: float
) -> None:
    after = min(after, presence)
    truth = acquire(
        born,
        citizen_parents=2 if two else 1,
        presence_years=presence,
        presence_after_14_years=after,
    )
    mother = ParentInfo(
        "mother",
        citizen_by_birth=True,
        married_to_other_parent=True,
        us_presence_years=presence,
        us_presence_after_14_years=after,
    )
    father = ParentInfo(
        "father",
        citizen_by_birth=two,
        married_to_other_parent=True,
        us_presence_years=0,
        us_presence_after_14_years=0,
    )
    mine = acquisition_at_birth(born, "MX", [mother, father])
    assert mine.assessment == ("citizen" if truth.acquired else "not_citizen")


@given(BIRTHS, YEARS, YEARS)
def test_unknown_presence_brackets_the_known(born: date, presence: float, after: float) -> None:
    after = min(after, presence)
    known = acquisition_at_birth(born, "MX", [_mother(presence, after), ALIEN_FATHER])
    unknown = acquisition_at_birth(born, "MX", [_mother(None, None), ALIEN_FATHER])
    assert unknown.assessment == "possible"
    assert known.assessment in ("citizen", "not_citizen")
