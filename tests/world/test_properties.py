"""Invariants of the citizenship law and the date helpers, over generated cases."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from probable.world import days as d
from probable.world.citizenship import CCA_EFFECTIVE, Child, Parent, add_years, derive

dates = st.dates(min_value=date(1953, 1, 1), max_value=date(2020, 12, 31))
maybe_dates = st.none() | dates


@st.composite
def families(draw: st.DrawFn) -> tuple[Child, list[Parent]]:
    born = draw(st.dates(min_value=date(1953, 1, 1), max_value=date(2005, 12, 31)))
    child = Child(
        born_on=born,
        lpr_since=draw(st.none() | st.dates(min_value=born, max_value=date(2020, 12, 31))),
        parents_married=draw(st.booleans()),
        legally_separated=draw(st.booleans()),
    )
    parents = [
        Parent(
            citizen_since=draw(maybe_dates),
            is_mother=draw(st.booleans()),
            has_custody=draw(st.booleans()),
            died_on=draw(maybe_dates),
        )
        for _ in range(draw(st.integers(1, 2)))
    ]
    return child, parents


@given(families())
def test_derivation_happens_under_18_as_a_resident_after_a_naturalization(
    family: tuple[Child, list[Parent]],
) -> None:
    child, parents = family
    outcome = derive(child, parents)
    if outcome.derived_on is None:
        assert outcome.basis is None
        return
    assert child.lpr_since is not None and outcome.derived_on >= child.lpr_since
    assert outcome.derived_on < add_years(child.born_on, 18)
    assert any(
        p.citizen_since is not None and p.citizen_since <= outcome.derived_on for p in parents
    )
    if outcome.basis == "INA 320":
        assert outcome.derived_on >= CCA_EFFECTIVE
    else:
        assert outcome.basis is not None and outcome.basis.startswith("former INA 321")
        assert outcome.derived_on < CCA_EFFECTIVE


@given(families())
def test_nobody_derives_without_a_naturalized_parent(family: tuple[Child, list[Parent]]) -> None:
    child, parents = family
    never = [Parent(None, p.is_mother, p.has_custody, p.died_on) for p in parents]
    assert derive(child, never).derived_on is None


@given(st.lists(dates, min_size=1, max_size=50))
def test_day_month_swap_changes_only_swappable_dates_and_is_an_involution(
    values: list[date],
) -> None:
    days = np.array([d.to_day(v) for v in values], dtype=np.int64)
    swapped, changed = d.swap_day_month(days)
    for original, new, did in zip(values, swapped, changed, strict=True):
        result = d.to_date(int(new))
        if did:
            assert (result.year, result.month, result.day) == (
                original.year,
                original.day,
                original.month,
            )
        else:
            assert result == original
    again, _ = d.swap_day_month(swapped)
    assert (again == days).all()
