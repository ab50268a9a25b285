"""Directive 16001.2 indicators: what each fact gives, and how much it weighs."""

from __future__ import annotations

from datetime import date

from probable.evidence.citizenship import citizenship_indicators
from probable.evidence.corroboration import parent_fact_value
from probable.evidence.facts import Fact, FactKind, LinkKind, Provenance
from probable.evidence.file import Indicator, ParentInfo

AS_OF = date(2020, 6, 1)


def _fact(
    kind: FactKind,
    value: str | None = None,
    *,
    on: date | None = None,
    source: str = "cis",
    link: LinkKind = "fingerprint",
    note: str = "",
) -> Fact:
    return Fact(kind, Provenance(source, "R1", date(2019, 1, 1), link), value, on, note=note)


def _indicators(
    *facts: Fact, dob: date | None = date(1990, 1, 1), parents: tuple[ParentInfo, ...] = ()
) -> tuple[Indicator, ...]:
    return citizenship_indicators(facts, date_of_birth=dob, parents=parents, as_of=AS_OF)


def _one(indicators: tuple[Indicator, ...], kind: str) -> Indicator:
    found = [i for i in indicators if i.kind == kind]
    assert len(found) == 1, indicators
    return found[0]


def test_no_relevant_facts_no_indicators() -> None:
    assert _indicators() == ()
    assert _indicators(_fact("conviction", "drugs"), _fact("birthplace", "MX")) == ()


def test_claim_is_an_indicator_with_its_fact() -> None:
    claim = _fact("citizenship_claim", "US", link="interview", source="interview")
    found = _one(_indicators(claim), "claim_of_citizenship")
    assert (found.weight, found.facts) == ("indicator", (claim,))


def test_database_us_birthplace_is_only_an_indicator() -> None:
    place = _fact("birthplace", "US", source="eid")
    found = _one(_indicators(place), "us_birth_evidence")
    assert found.weight == "indicator"


def test_verified_birth_record_is_probative_unverified_is_not() -> None:
    verified = _fact("us_birth_record", "CA", source="vital_records", link="document")
    assert _one(_indicators(verified), "us_birth_evidence").weight == "probative"
    unchecked = _fact("us_birth_record", "CA", link="document", note="unverified")
    assert _one(_indicators(unchecked), "us_birth_evidence").weight == "indicator"
    passport = _fact("us_passport", source="passports", link="document")
    assert _one(_indicators(passport), "citizenship_document").weight == "probative"


def test_records_of_citizenship_are_probative() -> None:
    natz = _fact("naturalization", on=date(2010, 1, 1), source="claims4")
    assert _one(_indicators(natz), "naturalization_record").weight == "probative"
    cert = _fact("citizenship_certificate", "N-560")
    assert _one(_indicators(cert), "citizenship_document").weight == "probative"
    derived = _one(
        _indicators(_fact("derived_citizenship", on=date(2005, 1, 1))),
        "parent_naturalized_while_minor_resident",
    )
    assert (derived.weight, derived.provision, derived.assessment) == (
        "probative",
        "recorded by USCIS",
        "citizen",
    )


def test_other_directive_indicators() -> None:
    found = _indicators(
        _fact("citizenship_application", "N-600"),
        _fact("adoption", on=date(1995, 1, 1), link="interview"),
        _fact("unsure_of_status", link="interview"),
    )
    kinds = {(i.kind, i.weight) for i in found}
    assert kinds == {
        ("citizenship_application", "indicator"),
        ("adoption_by_citizen", "indicator"),
        ("unsure_of_status", "indicator"),
    }


def test_lpr_before_18_without_parents_asks_about_them() -> None:
    grant = _fact("status_grant", "LPR", on=date(2000, 1, 1))
    found = _one(_indicators(grant), "parent_naturalized_while_minor_resident")
    assert (found.weight, found.assessment, found.facts) == ("indicator", "possible", (grant,))
    assert "ask" in found.summary
    adult = _fact("status_grant", "LPR", on=date(2015, 1, 1))
    assert _indicators(adult) == ()
    later = _fact("status_grant", "LPR", on=date(2021, 1, 1))  # after the file's day
    assert _indicators(later) == ()


MOTHER_NATURALIZED = ParentInfo(
    "mother", citizen_by_birth=False, naturalized_on=date(2004, 1, 1), has_custody=True
)


def test_derivation_on_the_persons_word_is_an_indicator() -> None:
    grant = _fact("status_grant", "LPR", on=date(2000, 1, 1))
    parent = _fact("parent", parent_fact_value(MOTHER_NATURALIZED), link="interview")
    found = _one(
        _indicators(grant, parent, parents=(MOTHER_NATURALIZED,)),
        "parent_naturalized_while_minor_resident",
    )
    assert (found.assessment, found.provision, found.weight) == ("citizen", "INA 320", "indicator")
    assert parent in found.facts and grant in found.facts


def test_derivation_on_documents_is_probative() -> None:
    grant = _fact("status_grant", "LPR", on=date(2000, 1, 1))
    parent = _fact("parent", parent_fact_value(MOTHER_NATURALIZED), link="document")
    found = _one(
        _indicators(grant, parent, parents=(MOTHER_NATURALIZED,)),
        "parent_naturalized_while_minor_resident",
    )
    assert (found.assessment, found.weight) == ("citizen", "probative")


def test_derivation_lpr_date_from_the_interview_statement() -> None:
    said = _fact("statement", "lpr_since", on=date(2000, 1, 1), link="interview")
    found = _one(
        _indicators(said, parents=(MOTHER_NATURALIZED,)),
        "parent_naturalized_while_minor_resident",
    )
    assert found.assessment == "citizen"


def test_naturalization_after_the_files_day_does_not_count() -> None:
    grant = _fact("status_grant", "LPR", on=date(2000, 1, 1))
    future = ParentInfo(
        "mother", citizen_by_birth=False, naturalized_on=date(2021, 1, 1), has_custody=True
    )
    found = _indicators(grant, parents=(future,), dob=date(2010, 1, 1))
    assert all(i.assessment != "citizen" for i in found)


def test_acquisition_runs_on_a_foreign_birthplace() -> None:
    mother = ParentInfo(
        "mother",
        citizen_by_birth=True,
        married_to_other_parent=True,
        us_presence_years=6,
        us_presence_after_14_years=3,
    )
    found = _one(
        _indicators(_fact("birthplace", "MX", source="eid"), parents=(mother,)),
        "birth_abroad_to_citizen_parent",
    )
    assert (found.assessment, found.provision, found.weight) == (
        "citizen",
        "INA 301(c) or INA 301(g)",
        "indicator",
    )


def test_possible_acquisition_is_an_indicator() -> None:
    mother = ParentInfo("mother", citizen_by_birth=True)
    found = _one(
        _indicators(_fact("birthplace", "MX"), parents=(mother,)), "birth_abroad_to_citizen_parent"
    )
    assert (found.assessment, found.weight) == ("possible", "indicator")
