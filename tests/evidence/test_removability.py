"""Removability bases: what each rests on, and how much it can bear."""

from __future__ import annotations

from datetime import date

from probable.evidence.build import build_evidence, reassess
from probable.evidence.facts import Fact, Provenance
from probable.evidence.removability import REMOVABLE_CONVICTIONS, strength
from probable.sources.schema import PersonRecord
from tests.evidence.records import AS_OF, evidence, record

ORDER = {
    "case_status": "FINAL ORDER",
    "final_order_date": date(2015, 3, 1),
    "arrest_date": date(2014, 1, 1),
}
VISIT = {
    "class_of_admission": "B2",
    "arrival_date": date(2016, 1, 1),
    "admit_until": date(2016, 7, 1),
}


def test_final_order_by_fingerprint_is_a_strong_box_1_basis() -> None:
    found = evidence(record("eid", "E1", **ORDER))
    basis = found.basis("final_order")
    assert basis is not None
    assert (basis.strength, basis.box, basis.database_only) == ("strong", 1, True)
    assert [f.cite() for f in basis.facts] == ["eid:E1 (fingerprint)"]


def test_the_same_order_linked_by_biographics() -> None:
    weak = evidence(record("eid", "E1", "biographic", 0.8, **ORDER)).basis("final_order")
    assert weak is not None and weak.strength == "weak"
    moderate = evidence(record("eid", "E1", "biographic", 0.995, **ORDER)).basis("final_order")
    assert moderate is not None and moderate.strength == "moderate"
    by_identity = evidence(record("eid", "E1", "identity", None, **ORDER)).basis("final_order")
    assert by_identity is not None and by_identity.strength == "strong"


def test_a_later_grant_contradicts_the_order() -> None:
    grant = record("cis", "C1", current_status="LPR", status_date=date(2017, 1, 1))
    found = evidence(record("eid", "E1", **ORDER), grant)
    basis = found.basis("final_order")
    assert basis is not None and basis.strength == "weak"
    assert [c.topic for c in found.conflicts] == ["status"]


def test_expired_admission_needs_biometric_confirmation() -> None:
    visit = record("adis", "I1", "biographic", 0.9999, **VISIT)
    with_fin = evidence(visit, fingerprint_matched=True)
    basis = with_fin.basis("no_status_records")
    assert basis is not None and basis.box == 3
    assert basis.strength == "moderate"
    assert evidence(visit, fingerprint_matched=False).bases == ()


def test_any_status_on_record_undoes_no_status() -> None:
    visit = record("adis", "I1", **VISIT)
    pending = record(
        "claims3", "R1", form_type="I-485", decision="PENDING", filed_date=date(2010, 1, 1)
    )
    assert evidence(visit, pending).basis("no_status_records") is None
    ewi = record("ident", "N1", encounter_type="CBP_APPREHENSION", encounter_date=date(2005, 1, 1))
    assert evidence(ewi).basis("no_status_records") is not None
    tps = record(
        "claims3", "R2", form_type="I-821", decision="APPROVED", decision_date=date(2011, 1, 1),
        valid_from=date(2011, 1, 1), valid_to=date(2022, 1, 1),
    )  # fmt: skip
    assert evidence(ewi, tps).basis("no_status_records") is None


def test_foreign_birthplace_alone_is_no_basis() -> None:
    subject = PersonRecord(record_id="BK1", source="booking", birth_country="MX")
    found = build_evidence(
        subject,
        [
            record(
                "iii",
                "F1",
                place_of_birth="MX",
                offence_category="TRAFFIC",
                conviction_date=date(2012, 1, 1),
            )
        ],
        as_of=AS_OF,
        fingerprint_matched=True,
    )
    assert [f.kind for f in found.facts] == ["birthplace", "birthplace", "conviction"]
    assert found.bases == ()


def test_pending_proceedings_until_decided() -> None:
    active = record("eid", "E2", case_status="ACTIVE", arrest_date=date(2014, 1, 1))
    basis = evidence(active).basis("pending_proceedings")
    assert basis is not None and basis.box == 2
    relief = record(
        "eoir", "C1", case_status="COMPLETED", decision="RELIEF GRANTED", relief="ASYLUM",
        decision_date=date(2016, 1, 1),
    )  # fmt: skip
    decided = evidence(active, relief)
    assert decided.basis("pending_proceedings") is None
    assert [w.kind for w in decided.warnings if w.kind == "stale"] == ["stale"]


def test_removable_conviction_after_permanent_residence() -> None:
    lpr = record("adis", "I1", class_of_admission="LPR", arrival_date=date(2005, 1, 1))
    drugs = record(
        "iii", "F1", offence_category="CONTROLLED SUBSTANCE", conviction_date=date(2012, 1, 1)
    )
    basis = evidence(lpr, drugs).basis("removable_conviction")
    assert basis is not None and basis.box == 3 and basis.strength == "strong"
    assert [f.kind for f in basis.facts] == ["status_grant", "conviction"]
    traffic = record("iii", "F2", offence_category="TRAFFIC", conviction_date=date(2012, 1, 1))
    assert evidence(lpr, traffic).bases == ()
    before = record(
        "iii", "F3", offence_category="AGGRAVATED FELONY", conviction_date=date(2004, 1, 1)
    )
    assert evidence(lpr, before).bases == ()
    assert {"CONTROLLED SUBSTANCE", "AGGRAVATED FELONY"} == REMOVABLE_CONVICTIONS


def test_reassess_with_a_statement_gives_a_box_4_basis() -> None:
    found = evidence(
        record("iii", "F1", offence_category="TRAFFIC", conviction_date=date(2012, 1, 1))
    )
    assert found.bases == ()
    said = Fact("statement", Provenance("interview", "INT1", AS_OF, "interview"), "no_status")
    after = reassess(found, [said], corroborated=["interview"])
    basis = after.basis("statements")
    assert basis is not None
    assert (basis.box, basis.strength, basis.database_only) == (4, "strong", False)
    assert after.facts == (*found.facts, said)
    assert after.corroborated == ("interview",)


def test_a_file_review_gives_the_matching_basis() -> None:
    found = evidence()
    shown = Provenance("document", "A123", AS_OF, "document")
    after = reassess(
        found,
        [Fact("final_order", shown, on=date(2019, 1, 1)), Fact("statement", shown, "no_status")],
        corroborated=["a_file"],
    )
    order = after.basis("final_order")
    assert order is not None and not order.database_only and order.strength == "strong"
    statements = after.basis("statements")
    assert statements is not None and not statements.database_only


def test_strength_rules() -> None:
    fp = Fact("final_order", Provenance("eid", "E1", None, "fingerprint"))
    bio = Fact("final_order", Provenance("eid", "E2", None, "biographic", 0.99))
    unknown = Fact("final_order", Provenance("eid", "E3", None, "biographic"))
    assert strength([fp], set()) == "strong"
    assert strength([fp, bio], set()) == "moderate"
    assert strength([unknown], set()) == "weak"
    assert strength([fp], {fp}) == "weak"


def test_an_interview_confirming_residence_takes_the_conviction_off_database_only() -> None:
    lpr = record("adis", "I1", class_of_admission="LPR", arrival_date=date(2005, 1, 1))
    drugs = record(
        "iii", "F1", offence_category="CONTROLLED SUBSTANCE", conviction_date=date(2012, 1, 1)
    )
    found = evidence(lpr, drugs)
    before = found.basis("removable_conviction")
    assert before is not None and before.database_only
    said = Fact(
        "statement", Provenance("interview", "INT1", AS_OF, "interview"), "claims_status:LPR"
    )
    after = reassess(found, [said], corroborated=["interview"]).basis("removable_conviction")
    assert after is not None and not after.database_only
    assert said in after.facts


def test_a_stated_residence_date_can_ground_the_conviction_basis() -> None:
    drugs = record(
        "iii", "F1", offence_category="AGGRAVATED FELONY", conviction_date=date(2012, 1, 1)
    )
    found = evidence(drugs)
    assert found.bases == ()
    since = Fact(
        "statement", Provenance("interview", "INT1", AS_OF, "interview"), "lpr_since",
        on=date(2006, 1, 1),
    )  # fmt: skip
    basis = reassess(found, [since], corroborated=["interview"]).basis("removable_conviction")
    assert basis is not None and not basis.database_only
    # The person's word alone, with no conviction after it, is no basis.
    early = Fact(
        "statement", Provenance("interview", "INT1", AS_OF, "interview"), "lpr_since",
        on=date(2013, 1, 1),
    )  # fmt: skip
    assert reassess(found, [early], corroborated=["interview"]).bases == ()
