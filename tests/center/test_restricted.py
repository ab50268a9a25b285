"""Sources a data-access law closes are withheld from the evidence (and the withholding is
audited) until the case records the legal basis that law allows.

The world has no DMV, so the mechanism is tried on a source it has: a made-up law closes
USCIS's records ("cis") the way New York's Green Light law closes its DMV's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from probable.center import service as service_module
from probable.law.jurisdictions import DataRestriction
from probable.sources import BookingEvent
from probable.store.models import AuditRow, DeterminationRow
from tests.center.service import Service

CLOSED = DataRestriction(
    id="test-cis-closed",
    title="A test law closing USCIS records to immigration decisions",
    state="NY",
    restricted_sources=("cis",),
    allowed_with="judicial warrant or order",
    effective_from=date(2000, 1, 1),
    effective_to=None,
    citations=(),
    confirmed=False,
    note="made up for the tests",
)


@pytest.fixture(scope="module")
def service(module_services: Callable[..., Service]) -> Service:
    return module_services()


@pytest.fixture
def closed(monkeypatch: pytest.MonkeyPatch) -> DataRestriction:
    """The test law is in force for the center's record reads, beside every real one."""
    real = service_module.closed_sources

    def closed_sources(day: date, bases: frozenset[str] = frozenset()) -> dict[str, Any]:
        found: dict[str, Any] = dict(real(day, bases))
        if CLOSED.allowed_with not in bases:
            found.update(dict.fromkeys(CLOSED.restricted_sources, CLOSED))
        return found

    monkeypatch.setattr(service_module, "closed_sources", closed_sources)
    return CLOSED


def has_cis(service: Service) -> Callable[[BookingEvent], bool]:
    def check(event: BookingEvent) -> bool:
        evidence, _ = service.world.evidence.gather(event, {})
        return any(f.provenance.source == "cis" for f in evidence.facts)

    return check


def determinations(service: Service, case_id: int) -> list[DeterminationRow]:
    with service.factory() as session:
        return list(
            session.scalars(
                select(DeterminationRow)
                .where(DeterminationRow.case_id == case_id)
                .order_by(DeterminationRow.seq)
            )
        )


def sources(evidence: dict[str, Any]) -> set[str]:
    return {f["provenance"]["source"] for f in evidence["facts"]}


def test_a_closed_source_is_withheld_until_the_legal_basis_is_recorded(
    service: Service, closed: DataRestriction
) -> None:
    event = service.fresh(has_cis(service))
    case_id = service.intake(event)
    [first] = determinations(service, case_id)
    withheld = first.evidence["withheld"]
    assert withheld, "the person has USCIS records: some must be withheld"
    assert {w["source"] for w in withheld} == {"cis"}
    assert {(w["law"], w["allowed_with"]) for w in withheld} == {(closed.id, closed.allowed_with)}
    assert "cis" not in sources(first.evidence)
    with service.factory() as session:
        [entry] = session.scalars(
            select(AuditRow).where(
                AuditRow.case_id == case_id, AuditRow.action == "evidence.withheld"
            )
        )
    assert entry.detail == {"sources": ["cis"], "records": len(withheld), "laws": [closed.id]}

    shown = service.client.get(f"/v1/cases/{case_id}", headers=service.headers("officer"))
    assert shown.json()["determinations"][0]["evidence"]["withheld"] == withheld

    path = f"/v1/cases/{case_id}/legal-basis"
    officer = service.client.post(
        path, json={"basis": closed.allowed_with}, headers=service.headers("officer")
    )
    assert officer.status_code == 403, "only a supervisor records a legal basis"

    wrong = service.client.post(
        path, json={"basis": "administrative subpoena"}, headers=service.headers("supervisor")
    )
    assert wrong.status_code == 201
    assert determinations(service, case_id)[-1].evidence["withheld"] == withheld

    opened = service.client.post(
        path, json={"basis": closed.allowed_with}, headers=service.headers("supervisor")
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["legal_basis"] == closed.allowed_with
    last = determinations(service, case_id)[-1]
    assert (last.seq, last.trigger) == (3, "legal_basis")
    assert last.evidence["withheld"] == []
    assert "cis" in sources(last.evidence)
    read = {
        f["provenance"]["record_id"]
        for f in last.evidence["facts"]
        if f["provenance"]["source"] == "cis"
    }
    assert read <= {w["record_id"] for w in withheld}, "the records withheld are the ones read now"
    with service.factory() as session:
        withheld_entries = session.scalars(
            select(AuditRow.seq).where(
                AuditRow.case_id == case_id, AuditRow.action == "evidence.withheld"
            )
        ).all()
        recorded = session.scalars(
            select(AuditRow.detail).where(
                AuditRow.case_id == case_id, AuditRow.action == "legal_basis.recorded"
            )
        ).all()
    assert len(withheld_entries) == 2, "intake and the wrong basis withheld; the right one did not"
    assert recorded == [{"basis": "administrative subpoena"}, {"basis": closed.allowed_with}]


def test_without_the_law_nothing_is_withheld(service: Service) -> None:
    event = service.fresh(has_cis(service))
    [first] = determinations(service, service.intake(event))
    assert first.evidence["withheld"] == []
    assert "cis" in sources(first.evidence)
