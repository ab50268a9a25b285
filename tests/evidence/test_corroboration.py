"""Corroboration: interview answers and documents become facts, and the file is reassessed."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from probable.evidence.corroboration import (
    Document,
    Interview,
    corroborate,
    document_facts,
    interview_facts,
    parent_fact_value,
    parse_parent_fact,
)
from probable.evidence.facts import Fact, Provenance
from probable.evidence.file import EvidenceFile, ParentInfo

DAY = date(2012, 3, 1)
MOTHER = ParentInfo("mother", citizen_by_birth=True, has_custody=True)


def test_declined_interview_gives_no_facts() -> None:
    interview = Interview("I1", DAY, declined=True, claims_us_citizenship=True)
    assert interview_facts(interview, "S1") == ((), ())


def test_interview_answers_become_facts_with_interview_provenance() -> None:
    interview = Interview(
        "I1",
        DAY,
        claims_us_citizenship=True,
        place_of_birth="us",
        parents=(MOTHER,),
        lpr_since=date(2000, 1, 1),
        adopted_by_citizen_on=date(1995, 1, 1),
        states_status="LPR",
        admits_no_status=True,
        unsure_of_status=True,
    )
    facts, parents = interview_facts(interview, "S1")
    assert parents == (MOTHER,)
    assert {f.provenance for f in facts} == {Provenance("interview", "I1", DAY, "interview")}
    said = {(f.kind, f.value, f.on) for f in facts}
    assert said == {
        ("citizenship_claim", "US", None),
        ("birthplace", "US", None),
        ("statement", "claims_status:LPR", None),
        ("statement", "no_status", None),
        ("unsure_of_status", None, None),
        ("adoption", None, date(1995, 1, 1)),
        ("statement", "lpr_since", date(2000, 1, 1)),
        ("parent", parent_fact_value(MOTHER), None),
    }
    # What a person says of a status is never a grant.
    assert not [f for f in facts if f.kind == "status_grant"]


def test_documents_become_facts() -> None:
    cert = Document(
        "birth_certificate", "B1", verified=True, source="vital_records", birth_state="CA"
    )
    facts = document_facts(cert)
    assert {(f.kind, f.value) for f in facts} == {("us_birth_record", "CA"), ("birthplace", "US")}
    assert all(f.provenance == Provenance("vital_records", "B1", None, "document") for f in facts)
    assert all(f.note == "" for f in facts)

    def kinds(document: Document) -> set[tuple[str, str | None]]:
        return {(f.kind, f.value) for f in document_facts(document)}

    assert kinds(Document("us_passport", "P1")) == {("us_passport", None)}
    assert kinds(Document("naturalization_certificate", "N1")) == {
        ("naturalization", None),
        ("citizenship_certificate", "N-550"),
    }
    assert kinds(Document("citizenship_certificate", "C1")) == {
        ("citizenship_certificate", "N-560")
    }
    assert kinds(Document("consular_report_of_birth", "F1")) == {
        ("citizenship_certificate", "FS-240")
    }
    assert kinds(Document("foreign_passport", "X1", birth_country="mx")) == {("birthplace", "MX")}
    a_file = {
        "citizen": ("citizenship_certificate", "A-file"),
        "lawful_status": ("status_grant", "A-file"),
        "no_status": ("statement", "no_status"),
        "final_order": ("final_order", None),
        "pending_proceedings": ("proceedings", None),
    }
    for shows, expected in a_file.items():
        doc = Document("a_file", "A1", shows=shows, shows_on=date(2010, 1, 1))  # type: ignore[arg-type]
        (fact,) = document_facts(doc)
        assert ((fact.kind, fact.value), fact.on) == (expected, date(2010, 1, 1))
    assert document_facts(Document("a_file", "A1", shows="nothing")) == ()


def test_unverified_documents_are_noted() -> None:
    facts = document_facts(Document("us_passport", "P1", verified=False))
    assert [f.note for f in facts] == ["unverified"]
    assert facts[0].provenance.source == "document"


def _gonzalez() -> EvidenceFile:
    """A citizen whom one database gives a Mexican birthplace (Gonzalez v. ICE)."""
    place = Fact("birthplace", Provenance("eid", "E1", date(2011, 1, 1), "fingerprint"), "MX")
    return EvidenceFile(
        subject_id="S1",
        as_of=DAY,
        fingerprint_matched=True,
        facts=(place,),
        date_of_birth=date(1974, 1, 1),
    )


def test_gonzalez_is_shown_a_citizen_by_interview_and_birth_certificate() -> None:
    evidence = _gonzalez()
    interview = Interview(
        "I1", DAY, supervisor_present=True, claims_us_citizenship=True, place_of_birth="US"
    )
    certificate = Document(
        "birth_certificate", "B1", verified=True, source="vital_records", birth_state="CA"
    )
    after = corroborate(evidence, interview, [certificate])
    assert after.corroborated == ("interview", "birth_certificate")
    assert set(evidence.facts) <= set(after.facts)
    probative = after.probative_citizenship()
    assert probative, after.indicators
    assert any(i.kind == "us_birth_evidence" for i in probative)
    assert any(i.kind == "claim_of_citizenship" for i in after.indicators)
    assert all(i.facts for i in after.indicators)


def test_interview_alone_is_not_proof() -> None:
    interview = Interview("I1", DAY, claims_us_citizenship=True, place_of_birth="US")
    after = corroborate(_gonzalez(), interview)
    assert after.probative_citizenship() == ()
    assert {i.kind for i in after.indicators} >= {"claim_of_citizenship", "us_birth_evidence"}


def test_unverified_certificate_is_not_proof() -> None:
    certificate = Document("birth_certificate", "B1", verified=False)
    after = corroborate(_gonzalez(), documents=[certificate])
    assert after.probative_citizenship() == ()
    assert after.corroborated == ("birth_certificate",)


def test_declined_interview_is_recorded() -> None:
    after = corroborate(_gonzalez(), Interview("I1", DAY, declined=True))
    assert after.corroborated == ("declined_interview",)
    assert after.facts == _gonzalez().facts


def test_interview_parents_feed_derivation() -> None:
    mother = ParentInfo(
        "mother", citizen_by_birth=False, naturalized_on=date(2005, 1, 1), has_custody=True
    )
    interview = Interview("I1", DAY, parents=(mother,), lpr_since=date(1990, 1, 1))
    evidence = EvidenceFile("S2", DAY, True, facts=(), date_of_birth=date(1989, 1, 1))
    after = corroborate(evidence, interview)
    assert after.parents == (mother,)
    (found,) = [i for i in after.indicators if i.kind == "parent_naturalized_while_minor_resident"]
    assert (found.assessment, found.provision, found.weight) == ("citizen", "INA 320", "indicator")


OPTIONAL_DATE = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 1, 1))
OPTIONAL_YEARS = st.none() | st.floats(min_value=0, max_value=80, allow_nan=False)


@given(
    st.builds(
        ParentInfo,
        relation=st.sampled_from(["mother", "father"]),
        citizen_by_birth=st.none() | st.booleans(),
        naturalized_on=OPTIONAL_DATE,
        has_custody=st.none() | st.booleans(),
        married_to_other_parent=st.none() | st.booleans(),
        died_on=OPTIONAL_DATE,
        us_presence_years=OPTIONAL_YEARS,
        us_presence_after_14_years=OPTIONAL_YEARS,
    )
)
def test_parent_fact_round_trip(parent: ParentInfo) -> None:
    assert parse_parent_fact(parent_fact_value(parent)) == parent


def test_an_a_file_review_leaves_derivation_open_until_the_parents_settle_it() -> None:
    """An A-file records what USCIS was told; derivation needs no filing, so a file showing
    permanent residence cannot end the question (issue 14). The parents' facts can."""
    resident_young = EvidenceFile(
        "S3",
        DAY,
        True,
        facts=(
            Fact(
                "status_grant",
                Provenance("cis", "C1", date(2000, 1, 1), "fingerprint"),
                "LPR",
                on=date(2000, 1, 1),
            ),
        ),
        date_of_birth=date(1990, 1, 1),
    )
    before = corroborate(resident_young)
    assert [i.kind for i in before.indicators] == ["parent_naturalized_while_minor_resident"]
    a_file = Document(
        "a_file", "A1", verified=True, shows="lawful_status", status="LPR",
        shows_on=date(2000, 1, 1),
    )  # fmt: skip
    after = corroborate(resident_young, documents=[a_file])
    assert [i.kind for i in after.indicators] == ["parent_naturalized_while_minor_resident"]
    assert "does not settle this" in after.indicators[0].summary
    assert "legal separation" in after.indicators[0].summary
    lpr = [f for f in after.of("status_grant") if f.provenance.link == "document"]
    assert [(f.value, f.on) for f in lpr] == [("LPR", date(2000, 1, 1))]
    # Parents who never naturalized settle it: with the A-file, nothing is left.
    never = Interview(
        "IV1",
        DAY,
        parents=(
            ParentInfo("mother", citizen_by_birth=False, married_to_other_parent=True),
            ParentInfo("father", citizen_by_birth=False, married_to_other_parent=True),
        ),
    )
    settled = corroborate(resident_young, never, documents=[a_file])
    assert settled.indicators == ()
    # A mother naturalized while he was 12 keeps it open, whatever the A-file shows.
    young = Interview(
        "IV2",
        DAY,
        parents=(ParentInfo("mother", citizen_by_birth=False, naturalized_on=date(2002, 6, 1)),),
    )
    open_question = corroborate(resident_young, young, documents=[a_file])
    assert [i.kind for i in open_question.indicators] == ["parent_naturalized_while_minor_resident"]
    # An unverified file concludes nothing.
    unverified = corroborate(
        resident_young, documents=[Document("a_file", "A1", shows="lawful_status")]
    )
    assert [i.kind for i in unverified.indicators] == ["parent_naturalized_while_minor_resident"]
