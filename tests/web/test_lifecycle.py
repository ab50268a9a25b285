"""A detainer's life over the API: served, re-clocked by a new release time, lifted with a
public reason, custody, lapsed by the scheduler, and lifted at once by citizenship evidence.
Every step the jail must hear of leaves a notice in the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from probable.center import CenterSettings
from probable.center.lift_reasons import CITIZENSHIP, LIFT_REASON_TEXTS
from probable.store.models import CaseRow, DetainerRow, OutboxRow
from tests.center.service import Service


@pytest.fixture(scope="module")
def service(module_services: Callable[..., Service]) -> Service:
    """Directive 16001.2 on every booking: holds without neutral review."""
    return module_services(CenterSettings(profile="directive_16001"))


def held(service: Service) -> tuple[CaseRow, DetainerRow]:
    """A fresh case with an I-247A and a running hold clock."""
    _, case = service.find(lambda c: c.status == "detainer_issued" and c.deadline is not None)
    return case, detainer(service, case.id)


def detainer(service: Service, case_id: int) -> DetainerRow:
    with service.factory() as session:
        row = session.scalar(
            select(DetainerRow).where(DetainerRow.case_id == case_id, DetainerRow.form == "I-247A")
        )
        assert row is not None
        return row


def notices(service: Service, case_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The notices to the agency (not the corrections to record systems), oldest first."""
    with service.factory() as session:
        rows = session.scalars(
            select(OutboxRow)
            .where(OutboxRow.case_id == case_id, OutboxRow.agency_ori.is_not(None))
            .order_by(OutboxRow.id)
        )
        return [(r.kind, r.payload) for r in rows]


def post(service: Service, path: str, body: dict[str, Any], role: str = "officer") -> Any:
    return service.client.post(path, json=body, headers=service.headers(role))


def test_a_detainer_is_sent_with_its_hold_and_the_jail_is_told(service: Service) -> None:
    case, row = held(service)
    assert row.status == "issued"
    assert row.hold is not None and row.hold_expires_at == case.deadline
    assert case.deadline_kind == "hold"
    [(kind, payload)] = notices(service, case.id)
    assert kind == "document.issued"
    assert payload["document"] == row.number
    assert datetime.fromisoformat(payload["hold_expires_at"]) == row.hold_expires_at
    assert "evidence" not in payload and "given_name" not in str(payload)
    html = service.client.get(
        f"/v1/documents/{row.number}.html", headers=service.headers("officer")
    )
    assert html.status_code == 200
    assert "I-247A" in html.text and row.number in html.text
    pdf = service.client.get(
        f"/v1/documents/{row.number}.pdf", headers=service.headers("agency_liaison")
    )
    # The liaison sees their own agency's documents only.
    assert pdf.status_code == (200 if case.agency_ori == service.liaison_ori else 404)
    pdf = service.client.get(f"/v1/documents/{row.number}.pdf", headers=service.headers("auditor"))
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_served_then_a_new_release_time_reclocks_the_hold(service: Service) -> None:
    case, row = held(service)
    served = post(
        service, f"/v1/documents/{row.number}/served", {"served_at": service.clock().isoformat()}
    )
    assert served.status_code == 200
    assert detainer(service, case.id).status == "served"
    assert service.case(case.id).status == "detainer_served"
    again = post(
        service, f"/v1/documents/{row.number}/served", {"served_at": service.clock().isoformat()}
    )
    assert again.status_code == 409

    assert case.scheduled_release_at is not None
    later = case.scheduled_release_at + timedelta(days=3)
    response = service.client.put(
        f"/v1/cases/{case.id}/release",
        json={"release_at": later.isoformat()},
        headers=service.headers("officer"),
    )
    assert response.status_code == 200, response.text
    moved = detainer(service, case.id)
    assert moved.release_at == later
    assert moved.hold_expires_at is not None and row.hold_expires_at is not None
    # 48 hours from the new release at least (8 CFR 287.7(d) skips weekends and holidays).
    assert moved.hold_expires_at > row.hold_expires_at
    assert moved.hold_expires_at >= later + timedelta(hours=48)
    assert moved.hold is not None
    assert datetime.fromisoformat(moved.hold["release_at"]) == later
    assert service.case(case.id).deadline == moved.hold_expires_at
    assert moved.html != row.html and moved.pdf.startswith(b"%PDF")
    kind, payload = notices(service, case.id)[-1]
    assert kind == "document.hold_updated"
    assert datetime.fromisoformat(payload["hold_expires_at"]) == moved.hold_expires_at
    [document] = response.json()["documents"]
    assert datetime.fromisoformat(document["hold_expires_at"]) == moved.hold_expires_at

    before = service.client.put(
        f"/v1/cases/{case.id}/release",
        json={"release_at": (case.booked_at - timedelta(hours=1)).isoformat()},
        headers=service.headers("officer"),
    )
    assert before.status_code == 422
    assert "release_at" in before.text
    naive = service.client.put(
        f"/v1/cases/{case.id}/release",
        json={"release_at": later.replace(tzinfo=None).isoformat()},
        headers=service.headers("officer"),
    )
    assert naive.status_code == 422
    assert detainer(service, case.id).hold_expires_at == moved.hold_expires_at


def test_a_lift_needs_a_listed_reason_and_tells_the_jail(service: Service) -> None:
    case, row = held(service)
    path = f"/v1/documents/{row.number}/lift"
    unknown = post(service, path, {"reason": "Because"})
    assert unknown.status_code == 422
    assert "reason" in map(str, unknown.json()["detail"][0]["loc"])
    assert detainer(service, case.id).status == "issued"
    listed = service.client.get("/v1/lift-reasons", headers=service.headers("officer")).json()
    assert [r["text"] for r in listed] == list(LIFT_REASON_TEXTS)
    reason = "Prosecutorial Discretion"
    assert post(service, path, {"reason": reason}, role="auditor").status_code == 403
    lifted = post(service, path, {"reason": reason})
    assert lifted.status_code == 200
    now = detainer(service, case.id)
    assert (now.status, now.lift_reason, now.lifted_at) == ("lifted", reason, service.clock())
    assert service.case(case.id).status == "detainer_lifted"
    kind, payload = notices(service, case.id)[-1]
    assert (kind, payload["reason"], payload["status"]) == ("document.lifted", reason, "lifted")
    assert post(service, path, {"reason": reason}).status_code == 409


def test_custody_assumed_ends_the_detainer(service: Service) -> None:
    case, row = held(service)
    at = service.clock() + timedelta(hours=2)
    response = post(service, f"/v1/documents/{row.number}/custody", {"at": at.isoformat()})
    assert response.status_code == 200
    now = detainer(service, case.id)
    assert (now.status, now.custody_at) == ("custody_assumed", at)
    assert service.case(case.id).status == "custody_assumed"
    assert notices(service, case.id)[-1][0] == "document.custody_assumed"
    lift = post(service, f"/v1/documents/{row.number}/lift", {"reason": LIFT_REASON_TEXTS[-1]})
    assert lift.status_code == 409
    assert (
        post(service, "/v1/documents/D0000-0000000/custody", {"at": at.isoformat()}).status_code
        == 404
    )


def test_the_scheduler_lapses_a_hold_whose_clock_ran_out(service: Service) -> None:
    case, row = held(service)
    assert row.hold_expires_at is not None
    service.clock.set(row.hold_expires_at - timedelta(minutes=1))
    service.center.lifecycle.tick()
    assert detainer(service, case.id).status == "issued", "not a minute early"
    service.clock.set(row.hold_expires_at + timedelta(minutes=1))
    counts = service.center.lifecycle.tick()
    assert counts["lapsed"] >= 1
    now = detainer(service, case.id)
    assert (now.status, now.lapsed_at) == ("lapsed", service.clock())
    assert service.case(case.id).status == "detainer_lapsed"
    assert service.case(case.id).deadline is None
    kinds = [k for k, _ in notices(service, case.id)]
    assert kinds == ["document.issued", "document.lapsed"]
    service.center.lifecycle.tick()
    assert [k for k, _ in notices(service, case.id)].count("document.lapsed") == 1


@pytest.mark.parametrize(
    "document",
    [
        {"kind": "us_passport", "number": "P123456789", "verified": True},
        {
            "kind": "birth_certificate",
            "number": "TX-1990-7",
            "verified": True,
            "birth_country": "US",
            "birth_state": "TX",
        },
    ],
    ids=["passport", "birth certificate"],
)
def test_new_citizenship_evidence_lifts_an_active_detainer_at_once(
    service: Service, document: dict[str, Any]
) -> None:
    case, _ = held(service)
    response = post(service, f"/v1/cases/{case.id}/documents", document)
    assert response.status_code == 201, response.text
    last = response.json()["determinations"][-1]
    assert last["action"] not in ("issue_detainer", "request_notification")
    now = detainer(service, case.id)
    assert (now.status, now.lift_reason) == ("lifted", CITIZENSHIP)
    assert now.lifted_at == service.clock()
    kind, payload = notices(service, case.id)[-1]
    assert (kind, payload["reason"]) == ("document.lifted", CITIZENSHIP)
    assert service.count(DetainerRow, DetainerRow.case_id == case.id) == 1, "nothing new sent"
    datetime.fromisoformat(payload["hold_expires_at"])  # the notice says which hold ended
    # The records the detainer rested on were wrong about a citizen: each is corrected.
    with service.factory() as session:
        corrected = session.scalars(
            select(OutboxRow.record_system).where(
                OutboxRow.case_id == case.id, OutboxRow.kind == "record.correction"
            )
        ).all()
    assert corrected, "no correction went to the record systems"
