"""An A-file review settles whose linked records are whose (`probable.evidence.afile`)."""

from __future__ import annotations

from datetime import date

import pytest

from probable.evidence.corroboration import Document, corroborate
from probable.evidence.file import EvidenceFile
from tests.evidence.records import evidence, record

OWN = "A000000111"


def _namesakes_naturalization() -> EvidenceFile:
    """An LPR with a conviction tied by FBI number, and a namesake's naturalization (under
    another A-number) linked by name and date of birth."""
    return evidence(
        record("ident", "I1", "fingerprint", fin="42", country_of_birth="MX"),
        record(
            "cis",
            "C1",
            "biographic",
            0.9999,
            a_number="A000000112",
            current_status="LPR",
            status_date=date(2001, 1, 1),
        ),
        record(
            "claims4",
            "N9",
            "biographic",
            0.9999,
            a_number="A000000999",
            form_type="N-400",
            oath_date=date(2010, 5, 1),
        ),
        record(
            "iii",
            "X1",
            "biographic",
            0.9999,
            fbi_number="123456789",
            offence_category="AGGRAVATED FELONY",
            conviction_date=date(2012, 1, 1),
        ),
        fbi_number="123456789",
    )


def _a_file(*numbers: str, verified: bool = True) -> Document:
    return Document(
        "a_file", "A-file:1", verified=verified, shows="lawful_status", status="LPR",
        shows_on=date(2001, 1, 1), a_numbers=numbers,
    )  # fmt: skip


def test_a_namesakes_naturalization_is_set_aside_and_the_subjects_records_tied() -> None:
    before = _namesakes_naturalization()
    # Two A-numbers and no fingerprint record carrying one: whose oath it is is unknown,
    # so it is an indicator to investigate, neither proof nor nothing.
    assert not before.probative_citizenship()
    [natz] = [i for i in before.indicators if i.kind == "naturalization_record"]
    assert natz.weight == "indicator" and "identity conflict" in natz.summary
    # The subject's file is under A000000111; CIS typed A000000112, one slip away.
    after = corroborate(before, documents=[_a_file(OWN)])
    assert {f.provenance.record_id for f in after.set_aside} == {"N9"}
    assert not after.probative_citizenship()
    assert all(f.provenance.record_id != "N9" for f in after.facts)
    cis = next(f for f in after.facts if f.provenance.record_id == "C1")
    assert cis.provenance.tie == "a_number"
    [warning] = [w for w in after.warnings if w.kind == "set_aside"]
    assert "claims4:N9 A000000999" in warning.message
    [basis] = [b for b in after.bases if b.kind == "removable_conviction"]
    assert basis.tied
    # Nothing is lost: another round of corroboration settles the same way.
    again = corroborate(after, documents=[])
    assert again.set_aside == after.set_aside
    assert [w.message for w in again.warnings if w.kind == "set_aside"] == [warning.message]


def test_an_unverified_or_numberless_review_settles_nothing() -> None:
    before = _namesakes_naturalization()
    for document in (_a_file(OWN, verified=False), _a_file()):
        after = corroborate(before, documents=[document])
        assert after.set_aside == ()
        assert [i.weight for i in after.indicators if i.kind == "naturalization_record"] == [
            "indicator"
        ]


def test_a_duplicate_number_on_the_file_keeps_the_subjects_record() -> None:
    after = corroborate(_namesakes_naturalization(), documents=[_a_file(OWN, "A000000999")])
    assert after.set_aside == ()
    assert not [c for c in after.conflicts if c.topic == "identity"]
    assert after.probative_citizenship()  # the oath is the subject's own, under the duplicate


def test_an_a_file_number_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="'A-12' is not an A-number"):
        corroborate(_namesakes_naturalization(), documents=[_a_file("A-12")])
