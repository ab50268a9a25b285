"""Derivation (INA 320, former INA 321) on partial facts, with known answers and properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from probable.evidence.derivation import derivation, eighteenth_birthday
from probable.evidence.file import ParentInfo
from probable.world.citizenship import Child, Parent, derive


def _p(
    relation: str = "mother",
    natz: date | None = None,
    *,
    by_birth: bool | None = False,
    custody: bool | None = True,
    married: bool | None = True,
    separated: bool | None = None,
    died: date | None = None,
) -> ParentInfo:
    return ParentInfo(
        "mother" if relation == "mother" else "father",
        citizen_by_birth=by_birth,
        naturalized_on=natz,
        has_custody=custody,
        married_to_other_parent=married,
        legally_separated=separated,
        died_on=died,
    )


def test_ina_320_lpr_at_10_mother_naturalized_2008() -> None:
    result = derivation(
        date(1995, 3, 1),
        date(2005, 3, 1),
        [_p("mother", date(2008, 6, 1)), _p("father")],
    )
    assert (result.assessment, result.provision, result.derived_on) == (
        "citizen",
        "INA 320",
        date(2008, 6, 1),
    )


def test_former_321_a1_both_parents_naturalized_1995() -> None:
    result = derivation(
        date(1981, 3, 1),
        date(1986, 3, 1),
        [_p("mother", date(1995, 6, 1)), _p("father", date(1995, 7, 1))],
    )
    assert (result.assessment, result.provision, result.derived_on) == (
        "citizen",
        "former INA 321(a)(1)",
        date(1995, 7, 1),
    )


def test_former_321_one_of_two_married_parents_not_citizen() -> None:
    # Turned 18 in 1999, before the Child Citizenship Act; the other parent is alive,
    # not naturalized, and both have custody (not separated).
    result = derivation(
        date(1981, 3, 1),
        date(1986, 3, 1),
        [_p("mother", date(1995, 6, 1)), _p("father")],
    )
    assert result.assessment == "not_citizen"


def test_former_321_a2_surviving_parent() -> None:
    result = derivation(
        date(1975, 1, 1),
        date(1980, 1, 1),
        [_p("mother", date(1985, 1, 1)), _p("father", died=date(1983, 1, 1))],
    )
    assert (result.assessment, result.provision) == ("citizen", "former INA 321(a)(2)")


def test_possible_legal_separation_is_possible() -> None:
    result = derivation(
        date(1975, 1, 1),
        date(1980, 1, 1),
        [_p("mother", date(1985, 1, 1), custody=True), _p("father", custody=False)],
    )
    assert result.assessment == "possible"
    assert "former INA 321(a)(3)" in result.provision


def test_out_of_wedlock_mother_is_possible_legitimation_unknown() -> None:
    result = derivation(
        date(1975, 1, 1),
        date(1980, 1, 1),
        [_p("mother", date(1985, 1, 1), married=False), _p("father", married=False)],
    )
    assert (result.assessment, result.provision) == ("possible", "former INA 321(a)(3)")
    assert "legitimated" in result.reason


def test_unknown_custody_is_possible() -> None:
    result = derivation(
        date(1995, 3, 1),
        date(2005, 3, 1),
        [_p("mother", date(2008, 6, 1), custody=None), _p("father")],
    )
    assert (result.assessment, result.provision) == ("possible", "INA 320")
    assert "custody" in result.reason


def test_unknown_lpr_date_is_possible() -> None:
    result = derivation(date(1995, 3, 1), None, [_p("mother", date(2008, 6, 1)), _p("father")])
    assert result.assessment == "possible"


def test_conditions_met_before_the_act_for_a_child_still_minor_derive_on_its_date() -> None:
    # Under 18 on 2001-02-27, one of two married parents naturalized in 1999: INA 320 then.
    result = derivation(
        date(1990, 1, 1), date(1995, 1, 1), [_p("mother", date(1999, 1, 1)), _p("father")]
    )
    assert (result.assessment, result.derived_on) == ("citizen", date(2001, 2, 27))


def test_citizen_by_birth_parent_with_custody_ina_320() -> None:
    result = derivation(
        date(1995, 3, 1), date(2005, 3, 1), [_p("mother", by_birth=True), _p("father")]
    )
    assert (result.assessment, result.derived_on) == ("citizen", date(2005, 3, 1))


def test_eighteenth_birthday_itself_counts() -> None:
    born = date(1995, 3, 1)
    on_birthday = derivation(born, date(2005, 1, 1), [_p("mother", date(2013, 3, 1)), _p("father")])
    assert (on_birthday.assessment, on_birthday.derived_on) == ("citizen", date(2013, 3, 1))
    day_after = derivation(born, date(2005, 1, 1), [_p("mother", date(2013, 3, 2)), _p("father")])
    assert day_after.assessment == "not_citizen"


def test_lpr_after_18_and_earlier_statutes() -> None:
    late = derivation(date(1990, 1, 1), date(2009, 1, 1), [_p("mother", date(2000, 1, 1))])
    assert late.assessment == "not_citizen"
    old = derivation(date(1930, 1, 1), date(1940, 1, 1), [_p("mother", date(1945, 1, 1))])
    assert old.assessment == "unknown"
    assert derivation(None, None, [_p()]).assessment == "unknown"
    assert derivation(date(1990, 1, 1), date(1995, 1, 1), []).assessment == "unknown"


def test_adoption_alone_is_possible() -> None:
    result = derivation(
        date(1995, 1, 1), date(2000, 1, 1), [], adopted_by_citizen_on=date(2000, 6, 1)
    )
    assert (result.assessment, result.provision) == ("possible", "INA 320(b)")


def test_leap_day_birthday() -> None:
    assert eighteenth_birthday(date(2004, 2, 29)) == date(2022, 2, 28)


# --- properties -------------------------------------------------------------------------

DOBS = st.dates(min_value=date(1940, 1, 1), max_value=date(2015, 12, 31))
OPTIONAL_BOOL = st.none() | st.booleans()


@st.composite
def parent_infos(draw: st.DrawFn, relation: str, born: date) -> ParentInfo:
    natz = draw(
        st.none() | st.dates(min_value=born - timedelta(days=3650), max_value=date(2040, 1, 1))
    )
    died = draw(st.none() | st.dates(min_value=born, max_value=date(2040, 1, 1)))
    return _p(
        relation,
        natz,
        by_birth=draw(OPTIONAL_BOOL),
        custody=draw(OPTIONAL_BOOL),
        married=draw(OPTIONAL_BOOL),
        died=died,
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[date, date | None, list[ParentInfo]]:
    born = draw(DOBS)
    lpr = draw(st.none() | st.dates(min_value=born, max_value=born + timedelta(days=365 * 25)))
    parents = [draw(parent_infos("mother", born))]
    if draw(st.booleans()):
        parents.append(draw(parent_infos("father", born)))
    return born, lpr, parents


@given(cases())
def test_derived_on_within_minority_and_after_residence(
    case: tuple[date, date | None, list[ParentInfo]],
) -> None:
    born, lpr, parents = case
    result = derivation(born, lpr, parents)
    if result.assessment == "citizen":
        assert result.derived_on is not None
        assert result.derived_on <= eighteenth_birthday(born)
        assert lpr is not None and result.derived_on >= lpr
    else:
        assert result.derived_on is None


@given(cases())
def test_eighteen_before_any_citizenship_is_never_citizen(
    case: tuple[date, date | None, list[ParentInfo]],
) -> None:
    born, lpr, parents = case
    late = [
        ParentInfo(
            p.relation,
            citizen_by_birth=False,
            naturalized_on=eighteenth_birthday(born) + timedelta(days=1),
            has_custody=p.has_custody,
            married_to_other_parent=p.married_to_other_parent,
            died_on=p.died_on,
        )
        for p in parents
    ]
    assert derivation(born, lpr, late).assessment != "citizen"


@given(cases(), st.sampled_from(["has_custody", "married_to_other_parent"]))
def test_an_unknown_brackets_its_two_values(
    case: tuple[date, date | None, list[ParentInfo]], field: str
) -> None:
    """Tri-state: unknown is citizen/not only if both readings agree; else possible.

    Custody is one parent's; the marriage is both parents' (set on every parent).
    """
    born, lpr, parents = case

    def with_value(value: bool | None) -> list[ParentInfo]:
        if field == "has_custody":
            return [replace(parents[0], has_custody=value), *parents[1:]]
        return [replace(p, married_to_other_parent=value) for p in parents]

    readings = [derivation(born, lpr, with_value(v)).assessment for v in (True, False)]
    unknown = derivation(born, lpr, with_value(None)).assessment
    if unknown == "unknown":
        return
    if readings[0] == readings[1]:
        assert unknown == readings[0]
    else:
        assert unknown == "possible"


@st.composite
def world_families(draw: st.DrawFn) -> tuple[Child, list[Parent]]:
    born = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2012, 12, 31)))
    lpr = draw(st.dates(min_value=born, max_value=born + timedelta(days=365 * 20)))
    oath = draw(
        st.dates(min_value=born - timedelta(days=3000), max_value=born + timedelta(days=365 * 25))
    )
    two = draw(st.booleans())
    parents = [Parent(oath, is_mother=draw(st.booleans()), has_custody=draw(st.booleans()))]
    separated = False
    married = True
    if two:
        married = draw(st.booleans())
        situation = draw(st.sampled_from(["naturalized", "alien", "died", "separated"]))
        separated = situation == "separated" and married
        other_oath = None
        died = None
        if situation == "naturalized":
            other_oath = draw(st.dates(min_value=oath, max_value=oath + timedelta(days=3000)))
        if situation == "died":
            died = oath - timedelta(days=draw(st.integers(0, 2000)))
        parents.append(
            Parent(
                other_oath,
                is_mother=not parents[0].is_mother,
                has_custody=not separated,
                died_on=died,
            )
        )
    child = Child(born, lpr, parents_married=married or not two, legally_separated=separated)
    return child, parents


@given(world_families())
def test_agrees_with_the_simulator_on_complete_facts(
    family: tuple[Child, list[Parent]],
) -> None:
    """Given every fact the statute asks (legal separation included), the calculator and
    the simulator agree; only the out-of-wedlock route, which turns on legitimation
    (modelled by neither), leaves the calculator at "possible"."""
    child, parents = family
    truth = derive(child, parents)
    infos = [
        ParentInfo(
            "mother" if p.is_mother else "father",
            citizen_by_birth=False,
            naturalized_on=p.citizen_since,
            has_custody=p.has_custody,
            married_to_other_parent=child.parents_married,
            legally_separated=child.legally_separated,
            died_on=p.died_on,
        )
        for p in parents
    ]
    if len(parents) == 1:  # the simulator's other parent: never a citizen, alive
        only = parents[0]
        infos.append(
            ParentInfo(
                "father" if only.is_mother else "mother",
                citizen_by_birth=False,
                has_custody=only.has_custody,
                married_to_other_parent=True,
                legally_separated=False,
            )
        )
    mine = derivation(child.born_on, child.lpr_since, infos)
    eighteenth = eighteenth_birthday(child.born_on)
    # The simulator counts conditions met before the 18th birthday; USCIS (PA-2024-21) and
    # this module count the birthday itself: skip that one day.
    assume(mine.derived_on != eighteenth)
    out_of_wedlock = not child.parents_married and any(
        p.is_mother and p.citizen_since is not None for p in parents
    )
    if eighteenth < date(1952, 12, 24):
        assert mine.assessment == "unknown"
    elif truth.derived_on is not None:
        if out_of_wedlock and truth.basis == "former INA 321(a)(3)":
            assert mine.assessment in ("citizen", "possible")
        else:
            assert mine.assessment == "citizen", (truth, mine)
            assert mine.derived_on == truth.derived_on
    elif out_of_wedlock:
        assert mine.assessment in ("not_citizen", "possible")
    else:
        assert mine.assessment == "not_citizen", (truth, mine)


def test_a_stated_legal_separation_settles_former_321_a3() -> None:
    mother = _p("mother", date(1985, 1, 1), custody=True)
    father = _p("father", custody=False)
    separated = derivation(
        date(1975, 1, 1),
        date(1980, 1, 1),
        [replace(mother, legally_separated=True), replace(father, legally_separated=True)],
    )
    assert (separated.assessment, separated.provision) == ("citizen", "former INA 321(a)(3)")
    together = derivation(
        date(1975, 1, 1), date(1980, 1, 1), [replace(mother, legally_separated=False), father]
    )
    assert together.assessment == "not_citizen"


def test_parents_who_never_married_cannot_be_legally_separated() -> None:
    # Matter of H-, 3 I&N Dec. 742; Nehme v. INS, 252 F.3d 415: a "separation" said of
    # unmarried parents is no legal separation, so only the out-of-wedlock route is left.
    father_naturalized = derivation(
        date(1975, 1, 1),
        date(1980, 1, 1),
        [
            _p("father", date(1985, 1, 1), custody=True, married=False, separated=True),
            _p("mother", custody=False, married=False, separated=True),
        ],
    )
    assert father_naturalized.assessment == "not_citizen"


def test_a_later_statement_fills_what_an_earlier_left_unknown() -> None:
    vague = ParentInfo("mother", naturalized_on=date(1985, 1, 1))
    asked = ParentInfo("mother", has_custody=True, married_to_other_parent=True,
                       legally_separated=True)  # fmt: skip
    father = ParentInfo("father", citizen_by_birth=False, has_custody=False,
                        married_to_other_parent=True)  # fmt: skip
    result = derivation(date(1975, 1, 1), date(1980, 1, 1), [vague, father, asked])
    assert (result.assessment, result.provision) == ("citizen", "former INA 321(a)(3)")
