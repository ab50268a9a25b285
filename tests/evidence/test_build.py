"""Building an evidence file: what is left out, conflicts, staleness, warnings, reassessment."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pytest

from probable.evidence.build import LinkedRecord, build_evidence, reassess
from probable.evidence.facts import Fact, Provenance
from probable.evidence.file import EvidenceFile, ParentInfo
from probable.sources.details import read_world_booking_events, read_world_record_rows
from probable.sources.errors import UnknownSourceError
from probable.sources.schema import PersonRecord
from probable.world.schemas import WORLD_FILE
from probable.world.simulate import SimulationResult
from tests.evidence.records import AS_OF, evidence, record


def kinds(found: EvidenceFile, kind: str) -> list[str]:
    return [w.message for w in found.warnings if w.kind == kind]


def test_provenance_comes_from_the_linked_record() -> None:
    found = evidence(
        record("eid", "E1", "biographic", 0.97, case_status="ACTIVE", arrest_date=date(2014, 1, 1))
    )
    [fact] = found.facts
    assert fact.provenance == Provenance("eid", "E1", date(2010, 1, 1), "biographic", 0.97, 12.0)
    assert (found.subject_id, found.as_of, found.date_of_birth) == ("BK1", AS_OF, date(1990, 1, 1))


def test_records_entered_after_the_day_are_left_out_and_counted() -> None:
    late = record(
        "eid",
        "E9",
        recorded_at=date(2021, 1, 1),
        case_status="FINAL ORDER",
        final_order_date=date(2019, 1, 1),
    )
    late2 = record("eid", "E8", recorded_at=date(2020, 6, 2), case_status="ACTIVE")
    found = evidence(late, late2)
    assert found.facts == ()
    assert found.bases == ()
    [message] = kinds(found, "recorded_after")
    assert message.startswith("2 eid record(s) entered after 2020-06-01")
    assert "E9" in message and "E8" in message


def test_investigation_sources_only_through_a_document() -> None:
    birth = {"country_of_birth": "US", "state_of_birth": "OH"}
    found = evidence(record("vital_records", "V1", **birth))
    assert found.facts == ()
    [message] = kinds(found, "restricted_source")
    assert "vital_records:V1" in message
    shown = evidence(record("vital_records", "V1", "document", None, **birth))
    assert [f.kind for f in shown.facts] == ["birthplace", "us_birth_record"]
    assert kinds(shown, "restricted_source") == []


def test_unknown_source_is_an_error() -> None:
    with pytest.raises(UnknownSourceError, match="sevis"):
        evidence(record("sevis", "S1"))


def test_the_same_record_twice_is_kept_once_by_its_strongest_link() -> None:
    row = {"case_status": "ACTIVE", "arrest_date": date(2014, 1, 1)}
    found = evidence(record("eid", "E1", "biographic", 0.9, **row), record("eid", "E1", **row))
    assert [f.provenance.link for f in found.facts] == ["fingerprint"]


def test_birthplace_conflicts() -> None:
    found = build_evidence(
        PersonRecord(record_id="BK1", source="booking", birth_country="US"),
        [record("iii", "F1", place_of_birth="MX")],
        as_of=AS_OF,
        fingerprint_matched=True,
    )
    [conflict] = found.conflicts
    assert conflict.topic == "birthplace"
    assert "MX: iii:F1" in conflict.summary and "US: booking:BK1" in conflict.summary
    documented = evidence(
        record("eid", "E1", birth_country="MX"),
        record("passports", "P1", "document", None, country_of_birth="US"),
    )
    assert [c.topic for c in documented.conflicts] == ["birthplace", "birthplace"]
    naturalized = evidence(
        record("eid", "E1", birth_country="MX"),
        record("passports", "P1", "document", None, country_of_birth="MX"),
    )
    assert naturalized.conflicts == ()


def test_citizenship_against_a_final_order() -> None:
    found = evidence(
        record("eid", "E1", case_status="FINAL ORDER", final_order_date=date(2015, 1, 1)),
        record("claims4", "N1", form_type="N-400", oath_date=date(2012, 1, 1)),
    )
    assert [c.topic for c in found.conflicts] == ["citizenship"]
    basis = found.basis("final_order")
    assert basis is not None and basis.strength == "weak"


def test_naturalization_then_proceedings() -> None:
    found = evidence(
        record("cis", "C1", current_status="NATURALIZED", status_date=date(2012, 1, 1)),
        record("eoir", "X1", case_status="PENDING", nta_date=date(2016, 1, 1)),
    )
    assert [c.topic for c in found.conflicts] == ["status"]
    basis = found.basis("pending_proceedings")
    assert basis is not None and basis.strength == "weak"


@pytest.mark.parametrize(
    ("old", "new", "stale_kind"),
    [
        (
            {
                "source": "claims3",
                "form_type": "I-485",
                "decision": "PENDING",
                "filed_date": date(2010, 1, 1),
            },
            {"source": "cis", "current_status": "LPR", "status_date": date(2012, 1, 1)},
            "status_pending",
        ),
        (
            {"source": "adis", "class_of_admission": "LPR", "arrival_date": date(2001, 1, 1)},
            {"source": "claims4", "form_type": "N-400", "oath_date": date(2012, 1, 1)},
            "status_grant",
        ),
        (
            {"source": "cis", "current_status": "IN PROCEEDINGS", "status_date": date(2010, 1, 1)},
            {"source": "eid", "case_status": "FINAL ORDER", "final_order_date": date(2012, 1, 1)},
            "proceedings",
        ),
        (
            {"source": "cis", "current_status": "TPS", "status_date": date(2010, 1, 1)},
            {
                "source": "eoir",
                "case_status": "COMPLETED",
                "decision": "REMOVAL ORDER",
                "decision_date": date(2012, 1, 1),
            },
            "status_grant",
        ),
    ],
)
def test_staleness(old: dict[str, Any], new: dict[str, Any], stale_kind: str) -> None:
    found = evidence(record(old.pop("source"), "A", **old), record(new.pop("source"), "B", **new))
    [stale] = [w for w in found.warnings if w.kind == "stale"]
    assert stale.facts[0].kind == stale_kind
    assert stale.facts[0].provenance.record_id == "A"
    assert stale.facts[1].provenance.record_id == "B"
    # The other order is no staleness.
    swapped = evidence(
        record("eid", "A", case_status="ACTIVE", arrest_date=date(2013, 1, 1)),
        record(
            "eoir",
            "B",
            case_status="COMPLETED",
            decision="REMOVAL ORDER",
            decision_date=date(2012, 1, 1),
        ),
    )
    assert kinds(swapped, "stale") == []


def test_per_source_and_link_warnings() -> None:
    found = evidence(
        record("eid", "E1", "biographic", 0.95, case_status="ACTIVE", arrest_date=date(2014, 1, 1)),
        record(
            "eid", "E2", "biographic", 0.9995, case_status="ACTIVE", arrest_date=date(2014, 1, 1)
        ),
        record("iii", "F1", offence_category="TRAFFIC", conviction_date=date(2012, 1, 1)),
        fingerprint_conflicts=[record("ident", "N7")],
    )
    not_designed = [w for w in found.warnings if w.kind == "not_designed_for"]
    assert [w.source for w in not_designed] == ["eid", "iii"]
    assert "establishing citizenship" in not_designed[0].message
    [weak] = [w for w in found.warnings if w.kind == "weak_link"]
    assert "eid:E1" in weak.message and "p = 0.950" in weak.message
    [conflict] = kinds(found, "fingerprint_conflict")
    assert "ident:N7" in conflict
    assert all(f.provenance.record_id != "N7" for f in found.facts)


def test_reassess_recomputes_and_keeps_record_warnings() -> None:
    late = record("eid", "E9", recorded_at=date(2021, 1, 1), case_status="ACTIVE")
    grant = record("cis", "C1", current_status="LPR", status_date=date(2010, 1, 1))
    found = evidence(late, grant, fingerprint_conflicts=[record("ident", "N7")])
    order = Fact(
        "final_order", Provenance("document", "A1", AS_OF, "document"), on=date(2015, 1, 1)
    )
    mother = ParentInfo("mother", citizen_by_birth=False)
    after = reassess(found, [order], parents=[mother], corroborated=["a_file"])
    assert {w.kind for w in after.warnings} == {
        "recorded_after",
        "fingerprint_conflict",
        "not_designed_for",
        "coverage_gap",
        "stale",
    }
    assert [w.kind for w in after.warnings].count("not_designed_for") == 1
    assert after.parents == (mother,)
    assert after.conflicts == ()  # the grant came before the order: stale, not contradictory
    basis = after.basis("final_order")
    assert basis is not None and basis.database_only is False
    again = reassess(after)
    assert again.warnings == after.warnings and again.bases == after.bases


def test_coverage_gaps_are_warned_per_source_and_for_no_status_record() -> None:
    alone = evidence(record("ident", "N1", country_of_birth="MX"))
    gaps = [w for w in alone.warnings if w.kind == "coverage_gap"]
    assert {w.source for w in gaps} == {"ident", None}
    general = next(w for w in gaps if w.source is None)
    assert "absence of a record is not evidence" in general.message
    assert alone.bases == ()
    with_status = evidence(
        record("ident", "N1", country_of_birth="MX"),
        record("cis", "C1", current_status="LPR", status_date=date(2010, 1, 1)),
    )
    assert all(w.source is not None for w in with_status.warnings if w.kind == "coverage_gap")


def test_integration_on_a_small_world(small_world: SimulationResult) -> None:
    world = small_world.out
    events = {e.booking_id: e for e in read_world_booking_events(world) if e.fin}
    with duckdb.connect(str(world / WORLD_FILE), read_only=True) as con:
        by_fin = con.execute(
            """
            SELECT b.booking_id, 'eid', e.event_id
            FROM bookings b JOIN eid e ON e.fin = b.fin
            UNION ALL
            SELECT b.booking_id, 'ident', i.encounter_id
            FROM bookings b JOIN ident i ON i.fin = b.fin
            ORDER BY 1, 2, 3
            """
        ).fetchall()
    keys_by_booking: dict[str, list[tuple[str, str]]] = {}
    for booking_id, source, record_id in by_fin:
        keys_by_booking.setdefault(booking_id, []).append((source, record_id))
    chosen = sorted(keys_by_booking)[:200]
    rows = read_world_record_rows(world, [k for b in chosen for k in keys_by_booking[b]])
    assert len(rows) == len({k for b in chosen for k in keys_by_booking[b]})
    boxes: set[int] = set()
    for booking_id in chosen:
        event = events[booking_id]
        records = [
            LinkedRecord(source, record_id, "fingerprint", None, None, rows[(source, record_id)])
            for source, record_id in keys_by_booking[booking_id]
        ]
        found = build_evidence(
            event.subject, records, as_of=event.booked_day, fingerprint_matched=True
        )
        wanted = {(s, r) for s, r in keys_by_booking[booking_id]} | {("booking", booking_id)}
        for fact in found.facts:
            assert (fact.provenance.source, fact.provenance.record_id) in wanted
            assert fact.on is None or fact.on <= event.booked_day
            assert (
                fact.provenance.recorded_at is None
                or fact.provenance.recorded_at <= event.booked_day
            )
        for basis in found.bases:
            assert basis.facts and basis.database_only
            assert basis.kind != "no_status_records" or found.fingerprint_matched
        boxes.update(b.box for b in found.bases)
    assert boxes >= {1, 3}


def test_records_are_tied_to_the_fingerprint_identity_by_fin_or_a_number() -> None:
    found = evidence(
        record("ident", "I1", "fingerprint", a_number="a-000-000-111", fin="42",
               country_of_birth="MX"),
        record("eid", "E1", "identity", None, a_number="A000000111", case_status="ACTIVE",
               arrest_date=date(2014, 1, 1)),
        record("eid", "E2", "biographic", 0.9999, fin="42", case_status="ACTIVE",
               arrest_date=date(2015, 1, 1)),
        record("eoir", "R1", "biographic", 0.9999, case_status="DECIDED",
               decision="REMOVAL ORDER", decision_date=date(2012, 1, 1)),
    )  # fmt: skip
    ties = {f.provenance.record_id: f.provenance.tie for f in found.facts}
    assert ties == {"I1": "fin", "E1": "a_number", "E2": "fin", "R1": None}
    ident = next(f for f in found.facts if f.provenance.record_id == "I1").provenance
    assert (ident.a_number, ident.fin) == ("A000000111", "42")
    assert not found.conflicts
    [order] = [b for b in found.bases if b.kind == "final_order"]
    assert order.strength == "moderate" and not order.tied


def test_another_a_number_or_fin_is_an_identity_conflict_that_weakens_its_basis() -> None:
    found = evidence(
        record("ident", "I1", "fingerprint", a_number="A000000111", fin="42",
               country_of_birth="MX"),
        record("eoir", "R9", "biographic", 0.9999, a_number="A000000999",
               case_status="DECIDED", decision="REMOVAL ORDER", decision_date=date(2012, 1, 1)),
        record("eid", "E7", "identity", None, fin="77", case_status="ACTIVE",
               arrest_date=date(2014, 1, 1)),
    )  # fmt: skip
    topics = [c for c in found.conflicts if c.topic == "identity"]
    assert [sorted({f.provenance.record_id for f in c.facts}) for c in topics] == [["R9"], ["E7"]]
    assert "eoir:R9 A000000999" in topics[0].summary and "A000000111" in topics[0].summary
    assert {b.kind: b.strength for b in found.bases}["final_order"] == "weak"
    # Corroboration adds facts; the conflict is found again from the facts, not lost.
    again = reassess(found)
    assert [c.summary for c in again.conflicts] == [c.summary for c in found.conflicts]


def test_a_criminal_history_record_is_tied_by_the_fbi_number_of_the_booking_prints() -> None:
    lpr = record("cis", "C1", "identity", None, a_number="A000000111", current_status="LPR",
                 status_date=date(2001, 1, 1))  # fmt: skip
    ident = record("ident", "I1", "fingerprint", a_number="A000000111", fin="42",
                   country_of_birth="MX")  # fmt: skip
    own = record("iii", "X1", "biographic", 0.9999, fbi_number=" 123456789 ",
                 offence_category="AGGRAVATED FELONY",
                 conviction_date=date(2012, 1, 1))  # fmt: skip
    other = record("iii", "X2", "biographic", 0.9999, fbi_number="987654321",
                   offence_category="CONTROLLED SUBSTANCE",
                   conviction_date=date(2013, 1, 1))  # fmt: skip
    found = evidence(ident, lpr, own, other, fbi_number="123456789")
    ties = {f.provenance.record_id: f.provenance.tie for f in found.facts}
    assert ties["X1"] == "fbi_number" and ties["X2"] is None
    [conflict] = [c for c in found.conflicts if c.topic == "identity"]
    assert {f.provenance.record_id for f in conflict.facts} == {"X2"}
    assert "FBI number other than the one NGI returned" in conflict.summary
    convictions = {b.ground.provenance.record_id: b for b in found.bases
                   if b.kind == "removable_conviction" and b.ground}  # fmt: skip
    assert convictions["X1"].tied and convictions["X1"].strength == "moderate"
    assert "X2" not in convictions or convictions["X2"].strength == "weak"
    # Without the FBI number from the prints, the same conviction is a lead.
    untied = evidence(ident, lpr, own)
    [lead] = [b for b in untied.bases if b.kind == "removable_conviction"]
    assert not lead.tied and not untied.conflicts


def test_an_interview_confirming_residence_does_not_tie_a_conviction() -> None:
    lpr = record("cis", "C1", "identity", None, a_number="A000000111", current_status="LPR",
                 status_date=date(2001, 1, 1))  # fmt: skip
    conviction = record("iii", "X1", "biographic", 0.9999, offence_category="AGGRAVATED FELONY",
                        conviction_date=date(2012, 1, 1))  # fmt: skip
    found = evidence(record("ident", "I1", "fingerprint", a_number="A000000111", fin="42"),
                     lpr, conviction)  # fmt: skip
    said = Fact("statement", Provenance("interview", "IV1", AS_OF, "interview"),
                "claims_status:LPR")  # fmt: skip
    confirmed = reassess(found, [said], corroborated=["interview"])
    [basis] = [b for b in confirmed.bases if b.kind == "removable_conviction"]
    assert not basis.database_only
    assert basis.ground is not None and basis.ground.provenance.record_id == "X1"
    assert not basis.tied


def test_two_a_numbers_without_a_fingerprint_anchor_put_every_numbered_record_in_doubt() -> None:
    found = evidence(
        record("cis", "C1", "biographic", 0.999, a_number="A000000111",
               current_status="LPR", status_date=date(2001, 1, 1)),
        record("eoir", "R9", "biographic", 0.9999, a_number="A000000999",
               case_status="DECIDED", decision="REMOVAL ORDER", decision_date=date(2012, 1, 1)),
        fingerprint_matched=False,
    )  # fmt: skip
    [conflict] = [c for c in found.conflicts if c.topic == "identity"]
    assert {f.provenance.record_id for f in conflict.facts} == {"C1", "R9"}
    assert "no record the fingerprints matched carries one" in conflict.summary


def test_a_date_of_birth_no_fingerprint_record_gives_is_an_identity_conflict() -> None:
    found = evidence(
        record("ident", "I1", "fingerprint", fin="42", dob=date(1985, 3, 4), country_of_birth="MX"),
        record("eoir", "R1", "identity", None, dob=date(1985, 4, 3), case_status="DECIDED",
               decision="REMOVAL ORDER", decision_date=date(2012, 1, 1)),  # day and month swapped
        record("eoir", "R2", "biographic", 0.999, dob=date(1985, 3, 5), case_status="DECIDED",
               decision="REMOVAL ORDER", decision_date=date(2013, 1, 1)),  # one digit off
        record("eoir", "R9", "biographic", 0.999, dob=date(1958, 11, 20), case_status="DECIDED",
               decision="REMOVAL ORDER", decision_date=date(2014, 1, 1)),
        record("eid", "E1", "identity", None, birth_date=date(1970, 1, 1), fin="42",
               case_status="ACTIVE", arrest_date=date(2014, 1, 1)),  # tied by FIN: kept
    )  # fmt: skip
    [conflict] = [c for c in found.conflicts if "dates of birth" in c.summary]
    assert {f.provenance.record_id for f in conflict.facts} == {"R9"}
    assert "eoir:R9 1958-11-20" in conflict.summary and "1985-03-04" in conflict.summary
    strengths = {b.facts[0].provenance.record_id: b.strength for b in found.bases
                 if b.kind == "final_order"}  # fmt: skip
    assert strengths["R9"] == "weak" and strengths["R1"] != "weak"
