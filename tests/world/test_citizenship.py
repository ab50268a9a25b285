"""Acquisition and derivation give the statuses the law says (INA 301, 320, former 321)."""

from __future__ import annotations

from datetime import date

import pytest

from probable.world.citizenship import Child, Parent, acquire, derive

MOTHER = {"is_mother": True}
FATHER = {"is_mother": False}


def _parent(
    natz: date | None, *, custody: bool = True, died: date | None = None, mother: bool = False
) -> Parent:
    return Parent(citizen_since=natz, is_mother=mother, has_custody=custody, died_on=died)


@pytest.mark.parametrize(
    ("case", "child", "parents", "derived_on", "basis"),
    [
        (
            "INA 320: one parent naturalizes while the LPR child is 10 (2005)",
            Child(date(1995, 3, 1), date(2000, 1, 1), parents_married=True),
            [_parent(date(2005, 6, 1)), _parent(None)],
            date(2005, 6, 1),
            "INA 320",
        ),
        (
            "INA 320 only from 2001-02-27: conditions met in 1999 by one parent of two",
            Child(date(1990, 1, 1), date(1995, 1, 1), parents_married=True),
            [_parent(date(1999, 1, 1)), _parent(None)],
            date(2001, 2, 27),
            "INA 320",
        ),
        (
            "Not derived: 18 before 2001-02-27 and only one of two married parents naturalized",
            Child(date(1980, 1, 1), date(1985, 1, 1), parents_married=True),
            [_parent(date(1990, 1, 1)), _parent(None)],
            None,
            None,
        ),
        (
            "Former 321(a)(1): both parents naturalized before the child turned 18",
            Child(date(1975, 1, 1), date(1980, 1, 1), parents_married=True),
            [_parent(date(1985, 1, 1)), _parent(date(1988, 5, 5))],
            date(1988, 5, 5),
            "former INA 321(a)(1)",
        ),
        (
            "Former 321(a)(2): the surviving parent naturalized",
            Child(date(1975, 1, 1), date(1980, 1, 1), parents_married=True),
            [_parent(date(1985, 1, 1)), _parent(None, died=date(1983, 1, 1))],
            date(1985, 1, 1),
            "former INA 321(a)(2)",
        ),
        (
            "Former 321(a)(3): legally separated, custodial parent naturalized",
            Child(date(1975, 1, 1), date(1980, 1, 1), parents_married=True, legally_separated=True),
            [_parent(date(1985, 1, 1), custody=True), _parent(None, custody=False)],
            date(1985, 1, 1),
            "former INA 321(a)(3)",
        ),
        (
            "Former 321(a)(3): born out of wedlock, the mother naturalized",
            Child(date(1975, 1, 1), date(1980, 1, 1), parents_married=False),
            [_parent(date(1985, 1, 1), mother=True), _parent(None)],
            date(1985, 1, 1),
            "former INA 321(a)(3)",
        ),
        (
            "Not derived: the parent naturalized after the child's 18th birthday",
            Child(date(1990, 1, 1), date(1995, 1, 1), parents_married=True),
            [_parent(date(2008, 1, 2))],
            None,
            None,
        ),
        (
            "Not derived: INA 320 needs the citizen parent's custody",
            Child(date(1995, 1, 1), date(2000, 1, 1), parents_married=True),
            [_parent(date(2005, 1, 1), custody=False)],
            None,
            None,
        ),
        (
            "INA 320: the child becomes an LPR after the parent's naturalization, still under 18",
            Child(date(1995, 1, 1), date(2010, 1, 1), parents_married=True),
            [_parent(date(2005, 1, 1))],
            date(2010, 1, 1),
            "INA 320",
        ),
        (
            "Not derived: never a permanent resident",
            Child(date(1995, 1, 1), None, parents_married=True),
            [_parent(date(2005, 1, 1))],
            None,
            None,
        ),
    ],
)
def test_derivation(
    case: str, child: Child, parents: list[Parent], derived_on: date | None, basis: str | None
) -> None:
    outcome = derive(child, parents)
    assert (outcome.derived_on, outcome.basis) == (derived_on, basis), case


def test_derivation_needs_one_or_two_parents() -> None:
    with pytest.raises(ValueError, match="one or two parents"):
        derive(Child(date(1995, 1, 1), date(2000, 1, 1), parents_married=True), [])


@pytest.mark.parametrize(
    ("born", "citizens", "presence", "after14", "acquired", "basis"),
    [
        (date(1990, 1, 1), 1, 5.0, 2.0, True, "INA 301(g)"),
        (date(1990, 1, 1), 1, 4.9, 4.9, False, "INA 301(g)"),
        (date(1990, 1, 1), 1, 6.0, 1.5, False, "INA 301(g)"),
        (date(1980, 1, 1), 1, 9.0, 9.0, False, "INA 301(g)"),
        (date(1980, 1, 1), 1, 10.0, 5.0, True, "INA 301(g)"),
        (date(1986, 11, 14), 1, 5.0, 2.0, True, "INA 301(g)"),
        (date(1986, 11, 13), 1, 5.0, 2.0, False, "INA 301(g)"),
        (date(1980, 1, 1), 2, 0.5, 0.0, True, "INA 301(c)"),
        (date(1980, 1, 1), 2, 0.0, 0.0, False, "INA 301(c)"),
    ],
)
def test_acquisition(
    born: date, citizens: int, presence: float, after14: float, acquired: bool, basis: str
) -> None:
    outcome = acquire(
        born, citizen_parents=citizens, presence_years=presence, presence_after_14_years=after14
    )
    assert outcome.acquired is acquired
    assert outcome.basis.startswith(basis)


def test_acquisition_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="citizen_parents"):
        acquire(date(1990, 1, 1), citizen_parents=0, presence_years=1, presence_after_14_years=1)
    with pytest.raises(ValueError, match="earlier statutes"):
        acquire(date(1950, 1, 1), citizen_parents=1, presence_years=20, presence_after_14_years=10)
