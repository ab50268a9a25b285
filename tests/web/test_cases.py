"""The case queue and one case: filters, deadline order, evidence with provenance, audited
reads, and an agency liaison who sees only their agency's cases and never the evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from probable.store.models import AuditRow
from tests.center.service import Service


@pytest.fixture(scope="module")
def service(module_services: Callable[..., Service]) -> Service:
    return module_services()


@pytest.fixture(scope="module")
def cases(service: Service) -> list[int]:
    """Four cases of the liaison's agency and six of others (several states)."""
    own = [service.intake(service.fresh(lambda e: e.agency.ori == service.liaison_ori))]
    own += [service.intake(service.fresh(lambda e: e.agency.ori == service.liaison_ori))]
    own += [service.intake(service.fresh(lambda e: e.agency.ori == service.liaison_ori))]
    own += [service.intake(service.fresh(lambda e: e.agency.ori == service.liaison_ori))]
    others = [
        service.intake(service.fresh(lambda e: e.agency.ori != service.liaison_ori))
        for _ in range(6)
    ]
    return own + others


def listed(service: Service, role: str = "officer", **query: Any) -> dict[str, Any]:
    response = service.client.get(
        "/v1/cases", params={"limit": 500, **query}, headers=service.headers(role)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def deadline(case: dict[str, Any]) -> datetime | None:
    return None if case["deadline"] is None else datetime.fromisoformat(case["deadline"])


def test_the_queue_lists_every_case_soonest_deadline_first(
    service: Service, cases: list[int]
) -> None:
    body = listed(service)
    assert body["total"] == len(cases)
    assert {c["id"] for c in body["cases"]} == set(cases)
    assert sum(body["counts"].values()) == len(cases)
    assert body["counts"] == dict(Counter(c["status"] for c in body["cases"]))
    due = [deadline(c) for c in body["cases"]]
    timed = [d for d in due if d is not None]
    assert timed, "no case has a deadline: the order is not tested"
    assert due[: len(timed)] == sorted(timed), "deadlines first, soonest first"
    assert all(d is None for d in due[len(timed) :]), "cases without a deadline last"

    page = listed(service, limit=3, offset=2)
    assert [c["id"] for c in page["cases"]] == [c["id"] for c in body["cases"][2:5]]
    assert page["total"] == len(cases)


def test_the_queue_filters_by_status_agency_state_and_deadline(
    service: Service, cases: list[int]
) -> None:
    every = listed(service)["cases"]
    statuses = Counter(c["status"] for c in every)
    for status, n in statuses.items():
        only = listed(service, status=status)
        assert only["total"] == n
        assert {c["status"] for c in only["cases"]} == {status}
    both = listed(service, status=list(statuses)[:2])
    assert both["total"] == sum(statuses[s] for s in list(statuses)[:2])

    mine = listed(service, agency=service.liaison_ori)
    assert mine["total"] == 4
    assert {c["agency_ori"] for c in mine["cases"]} == {service.liaison_ori}

    state = every[-1]["state"]
    in_state = listed(service, state=state)
    assert in_state["total"] == sum(c["state"] == state for c in every)
    assert {c["state"] for c in in_state["cases"]} == {state}

    timed = sorted(d for c in every if (d := deadline(c)) is not None)
    cut = timed[len(timed) // 2]
    before = listed(service, deadline_before=cut.isoformat())
    assert before["total"] == sum(1 for d in timed if d <= cut)
    assert all(d is not None and d <= cut for d in map(deadline, before["cases"]))

    for bad, field in (({"status": "lost"}, "status"), ({"state": "california"}, "state")):
        refused = service.client.get("/v1/cases", params=bad, headers=service.headers("officer"))
        assert refused.status_code == 422
        assert any(field in map(str, e["loc"]) for e in refused.json()["detail"])


def test_a_case_shows_its_evidence_with_provenance_and_the_read_is_audited(
    service: Service, cases: list[int]
) -> None:
    case_id = cases[0]
    reads = AuditRow.action == "evidence.read", AuditRow.case_id == case_id
    before = service.count(AuditRow, *reads)
    response = service.client.get(f"/v1/cases/{case_id}", headers=service.headers("auditor"))
    assert response.status_code == 200
    case = response.json()
    assert case["booking"]["booking_id"] == case["booking_id"]
    [determination] = case["determinations"]
    facts = determination["evidence"]["facts"]
    assert facts
    for fact in facts:
        provenance = fact["provenance"]
        assert provenance["source"] and provenance["record_id"], fact
        assert fact["ref"].startswith(f"{provenance['source']}:")
    assert any(f["provenance"]["link"] for f in facts)
    assert [h["action"] for h in case["history"]][:2] == ["booking.received", "determination.made"]

    assert service.count(AuditRow, *reads) == before + 1
    with service.factory() as session:
        last = session.query(AuditRow).filter(*reads).order_by(AuditRow.seq.desc()).first()
        assert last is not None
        assert last.actor == service.principals["auditor"].actor
        assert last.at == service.clock()


def test_an_agency_liaison_sees_only_their_agency_and_no_evidence(
    service: Service, cases: list[int]
) -> None:
    body = listed(service, role="agency_liaison")
    assert body["total"] == 4
    assert {c["agency_ori"] for c in body["cases"]} == {service.liaison_ori}
    assert sum(body["counts"].values()) == 4
    # Asking for another agency does not widen the scope.
    assert listed(service, role="agency_liaison", agency="XX0000000")["total"] == 0

    own, other = cases[0], cases[-1]
    reads = service.count(AuditRow, AuditRow.action == "evidence.read")
    seen = service.client.get(f"/v1/cases/{own}", headers=service.headers("agency_liaison"))
    assert seen.status_code == 200
    case = seen.json()
    assert case["agency_ori"] == service.liaison_ori
    assert not {"determinations", "history", "tasks", "reviews", "legal_basis"} & set(case)
    assert "provenance" not in seen.text and "explanation" not in seen.text
    for path in (f"/v1/cases/{other}", f"/v1/cases/{other}/history"):
        hidden = service.client.get(path, headers=service.headers("agency_liaison"))
        assert hidden.status_code == 404, path
        assert str(other) in hidden.json()["detail"]
    history = service.client.get(
        f"/v1/cases/{own}/history", headers=service.headers("agency_liaison")
    )
    assert history.status_code == 403
    assert service.count(AuditRow, AuditRow.action == "evidence.read") == reads


def test_roles_without_case_access_are_refused(service: Service, cases: list[int]) -> None:
    for path in ("/v1/cases", f"/v1/cases/{cases[0]}", "/v1/reviews"):
        assert service.client.get(path, headers=service.headers("intake")).status_code == 403
        assert service.client.get(path).status_code == 401
    missing = service.client.get("/v1/cases/999999", headers=service.headers("officer"))
    assert missing.status_code == 404


def test_out_of_range_ids_and_naive_times_are_refused_not_failed(
    service: Service, cases: list[int]
) -> None:
    officer = service.headers("officer")
    for path in (f"/v1/cases/{2**70}", "/v1/cases/0", f"/v1/cases/{2**63}/history"):
        assert service.client.get(path, headers=officer).status_code == 422, path
    interview = {"conducted_on": "2015-06-01", "declined": True}
    huge = service.client.post(f"/v1/cases/{2**64}/interviews", json=interview, headers=officer)
    assert huge.status_code == 422
    naive = service.client.get(
        "/v1/cases", params={"deadline_before": "2016-01-01T00:00:00"}, headers=officer
    )
    assert naive.status_code == 422
    assert any("deadline_before" in map(str, e["loc"]) for e in naive.json()["detail"])


def test_text_with_nul_characters_is_refused_not_failed(service: Service, cases: list[int]) -> None:
    nul = "judicial\x00warrant"
    basis = service.client.post(
        f"/v1/cases/{cases[0]}/legal-basis",
        json={"basis": nul},
        headers=service.headers("supervisor"),
    )
    assert basis.status_code == 422
    assert any("basis" in map(str, e["loc"]) for e in basis.json()["detail"])
    body = service.payload(service.world.events[0], given_name="Ana\x00")
    booking = service.client.post("/v1/bookings", json=body, headers=service.headers("intake"))
    assert booking.status_code == 422
    assert any("given_name" in map(str, e["loc"]) for e in booking.json()["detail"])
