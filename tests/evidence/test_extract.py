"""Each record system's row becomes the facts it states, and only what was known that day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from probable.evidence.extract import EXTRACTORS, extract_facts, subject_facts
from probable.evidence.facts import Fact, Provenance
from probable.sources.errors import UnknownSourceError
from probable.sources.schema import PersonRecord
from probable.world.schemas import SOURCES

AS_OF = date(2020, 6, 1)
P = Provenance("x", "R1", date(2019, 1, 1), "fingerprint")


def facts(source: str, **row: Any) -> list[tuple[str, str | None, date | None, date | None]]:
    """(kind, value, on, until) of each fact the row gives, birthplace included."""
    provenance = Provenance(source, "R1", None, "fingerprint")
    found = extract_facts(source, row, provenance, AS_OF)
    assert all(f.provenance is provenance for f in found)
    return [(f.kind, f.value, f.on, f.until) for f in found]


def test_every_record_system_has_an_extractor() -> None:
    assert set(EXTRACTORS) == set(SOURCES)


def test_unknown_source_is_an_error() -> None:
    with pytest.raises(UnknownSourceError, match="sevis"):
        extract_facts("sevis", {}, P, AS_OF)


def test_birthplace_from_each_systems_own_column() -> None:
    assert facts("eoir", nationality="mx ") == [("birthplace", "MX", None, None)]
    assert facts("iii", place_of_birth="GT", offence_category=None) == [
        ("birthplace", "GT", None, None)
    ]
    assert facts("eid", birth_country="") == []


def test_eid_orders_and_active_cases() -> None:
    order = facts(
        "eid", case_status="FINAL ORDER", final_order_date=date(2015, 3, 1),
        arrest_date=date(2014, 1, 1),
    )  # fmt: skip
    assert order == [("final_order", None, date(2015, 3, 1), None)]
    active = facts("eid", case_status="ACTIVE", arrest_date="2014-01-01")
    assert active == [("proceedings", None, date(2014, 1, 1), None)]


def test_an_order_entered_after_the_day_leaves_the_case_open_on_it() -> None:
    later = facts(
        "eid", case_status="FINAL ORDER", final_order_date=date(2021, 3, 1),
        arrest_date=date(2019, 1, 1),
    )  # fmt: skip
    assert later == [("proceedings", None, date(2019, 1, 1), None)]
    eoir = facts(
        "eoir", case_status="COMPLETED", decision="REMOVAL ORDER", nta_date=date(2019, 1, 1),
        decision_date=date(2021, 1, 1),
    )  # fmt: skip
    assert eoir == [("proceedings", None, date(2019, 1, 1), None)]


def test_eoir_decisions() -> None:
    assert facts("eoir", case_status="PENDING", decision="", nta_date=date(2018, 1, 1)) == [
        ("proceedings", None, date(2018, 1, 1), None)
    ]
    assert facts(
        "eoir", case_status="COMPLETED", decision="RELIEF GRANTED", relief="ASYLUM",
        decision_date=date(2018, 1, 1),
    ) == [("relief", "ASYLUM", date(2018, 1, 1), None)]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("LPR", ("status_grant", "LPR")),
        ("DEFERRED ACTION", ("status_grant", "DACA")),
        ("TPS", ("status_grant", "TPS")),
        ("NATURALIZED", ("naturalization", "NATURALIZED")),
        ("USC (DERIVED)", ("derived_citizenship", "USC (DERIVED)")),
        ("IN PROCEEDINGS", ("proceedings", "IN PROCEEDINGS")),
        ("ADJUSTMENT PENDING", ("status_pending", "ADJUSTMENT PENDING")),
        ("ORDER OF REMOVAL", ("final_order", "ORDER OF REMOVAL")),
    ],
)
def test_cis_statuses(status: str, expected: tuple[str, str]) -> None:
    found = facts("cis", current_status=status, status_date=date(2010, 1, 1))
    assert found == [(*expected, date(2010, 1, 1), None)]


def test_cis_entry_without_inspection_beside_its_status() -> None:
    found = facts(
        "cis", current_status="LPR", status_date=date(2010, 1, 1), class_of_admission="EWI"
    )
    assert [f[0] for f in found] == ["status_grant", "entry_without_inspection"]


def test_claims3_forms() -> None:
    approved = facts(
        "claims3", form_type="I-485", decision="APPROVED", decision_date=date(2012, 1, 1)
    )
    assert approved == [("status_grant", "LPR", date(2012, 1, 1), None)]
    pending = facts("claims3", form_type="I-485", decision="PENDING", filed_date=date(2019, 1, 1))
    assert pending == [("status_pending", "I-485", date(2019, 1, 1), None)]
    valid = facts(
        "claims3", form_type="I-821D", decision="APPROVED", decision_date=date(2019, 1, 1),
        valid_from=date(2019, 1, 1), valid_to=date(2021, 1, 1),
    )  # fmt: skip
    assert valid == [("status_grant", "DACA", date(2019, 1, 1), date(2021, 1, 1))]
    ended = facts(
        "claims3", form_type="I-821", decision="APPROVED", decision_date=date(2016, 1, 1),
        valid_from=date(2016, 1, 1), valid_to=date(2018, 1, 1),
    )  # fmt: skip
    assert ended == [("status_expired", "TPS", date(2016, 1, 1), date(2018, 1, 1))]


def test_adis_admissions() -> None:
    lpr = facts("adis", class_of_admission="LPR", arrival_date=date(2001, 1, 1))
    assert lpr == [
        ("entry", "LPR", date(2001, 1, 1), None),
        ("status_grant", "LPR", date(2001, 1, 1), None),
    ]
    visitor = facts(
        "adis", class_of_admission="B2", arrival_date=date(2019, 1, 1), admit_until=date(2019, 7, 1)
    )
    assert visitor == [
        ("entry", "B2", date(2019, 1, 1), None),
        ("status_expired", "B2", date(2019, 1, 1), date(2019, 7, 1)),
    ]
    student = facts(
        "adis", class_of_admission="F1", arrival_date=date(2019, 1, 1), admit_until=date(2023, 1, 1)
    )
    assert student[1] == ("status_grant", "F1", date(2019, 1, 1), date(2023, 1, 1))


def test_ident_claims4_iii() -> None:
    assert facts("ident", encounter_type="CBP_APPREHENSION", encounter_date=date(2005, 1, 1)) == [
        ("entry_without_inspection", None, date(2005, 1, 1), None)
    ]
    assert facts("ident", encounter_type="ENTRY_BORDER", encounter_date=date(2005, 1, 1)) == [
        ("entry", None, date(2005, 1, 1), None)
    ]
    assert facts("ident", encounter_type="VISA_ISSUANCE", encounter_date=date(2005, 1, 1)) == []
    assert facts("claims4", form_type="N-400", oath_date=date(2011, 5, 5)) == [
        ("naturalization", "N-400", date(2011, 5, 5), None)
    ]
    assert facts("iii", offence_category="TRAFFIC", conviction_date=date(2012, 1, 1)) == [
        ("conviction", "TRAFFIC", date(2012, 1, 1), None)
    ]


def test_facts_dated_after_the_day_are_left_out() -> None:
    assert facts("claims4", form_type="N-400", oath_date=date(2021, 5, 5)) == []
    assert facts("iii", offence_category="TRAFFIC", conviction_date=date(2020, 6, 2)) == []
    assert facts("adis", class_of_admission="LPR", arrival_date=date(2020, 7, 1)) == []


def test_investigation_sources() -> None:
    assert facts("vital_records", country_of_birth="US", state_of_birth="OH") == [
        ("birthplace", "US", None, None),
        ("us_birth_record", "OH", None, None),
    ]
    passport = facts(
        "passports", country_of_birth="MX", issue_date=date(2015, 1, 1),
        expiry_date=date(2025, 1, 1),
    )  # fmt: skip
    assert passport[1] == ("us_passport", "MX", date(2015, 1, 1), date(2025, 1, 1))
    certificate = facts("citizenship_certificates", form_type="N-560", issue_date=date(2009, 1, 1))
    assert certificate == [("citizenship_certificate", "N-560", date(2009, 1, 1), None)]


def test_subject_birthplace_comes_from_the_booking() -> None:
    subject = PersonRecord(record_id="BK1", source="booking", birth_country="MX")
    [fact] = subject_facts(subject, AS_OF)
    assert fact == Fact(
        "birthplace", Provenance("booking", "BK1", AS_OF, "booking"), "MX", note="as booked"
    )
    assert subject_facts(PersonRecord(record_id="BK2", source="booking"), AS_OF) == []
