"""Corroboration over the API: an interview and a document each close their task and bring a
new determination; a verified U.S. birth certificate ends a citizenship investigation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from probable.center import CenterSettings
from probable.store.models import CorroborationRow
from tests.center.service import Service


@pytest.fixture(scope="module")
def directive(module_services: Callable[..., Service]) -> Service:
    """Directive 16001.2 on every booking: citizenship indicators are investigated."""
    return module_services(CenterSettings(profile="directive_16001"))


@pytest.fixture(scope="module")
def gonzalez(module_services: Callable[..., Service]) -> Service:
    """The Gonzalez judgment on every booking: database checks alone need corroboration."""
    return module_services(CenterSettings(profile="gonzalez_judgment"))


def tasks(service: Service, case_id: int) -> dict[str, list[str]]:
    """The case's tasks by kind: their statuses, oldest first."""
    out: dict[str, list[str]] = {}
    with service.factory() as session:
        for row in session.query(CorroborationRow).filter_by(case_id=case_id).order_by("id"):
            out.setdefault(row.kind, []).append(row.status)
    return out


def record(service: Service, case_id: int, what: str, body: dict[str, Any]) -> dict[str, Any]:
    response = service.client.post(
        f"/v1/cases/{case_id}/{what}", json=body, headers=service.headers("officer")
    )
    assert response.status_code == 201, response.text
    case: dict[str, Any] = response.json()
    return case


def test_a_citizenship_claim_and_a_verified_birth_certificate_end_the_investigation(
    directive: Service,
) -> None:
    event, case = directive.find(lambda c: c.status == "citizenship_investigation")
    assert tasks(directive, case.id) == {
        "citizenship_investigation": ["open"],
        "interview": ["open"],
        "documents": ["open"],
    }
    day = event.booked_at.date().isoformat()
    interview = {"conducted_on": day, "claims_us_citizenship": True, "place_of_birth": "US"}
    after_interview = record(directive, case.id, "interviews", interview)
    second = after_interview["determinations"][-1]
    assert (second["seq"], second["trigger"]) == (2, "corroboration")
    assert "claim_of_citizenship" in second["reason"]
    now = tasks(directive, case.id)
    assert now["interview"] == ["done", "recorded"], "the interview closes its task, once"
    assert now["documents"] == ["open"]

    certificate = {
        "kind": "birth_certificate",
        "number": "CA-1987-0042",
        "verified": True,
        "birth_country": "US",
        "birth_state": "CA",
    }
    after_document = record(directive, case.id, "documents", certificate)
    third = after_document["determinations"][-1]
    assert (third["seq"], third["trigger"]) == (3, "corroboration")
    assert third["action"] == "no_action"
    assert "citizenship" in third["reason"]
    assert after_document["status"] == "closed"
    assert after_document["documents"] == [], "nothing was ever sent to the jail"
    now = tasks(directive, case.id)
    assert "open" not in {s for statuses in now.values() for s in statuses}, now
    assert now["document"] == ["recorded"]
    history = [h["action"] for h in after_document["history"]]
    assert history.count("determination.made") == 3
    assert "interview.recorded" in history and "document.recorded" in history


def test_an_interview_on_a_referral_closes_its_task_and_decides_again(gonzalez: Service) -> None:
    event, case = gonzalez.find(lambda c: c.status == "awaiting_corroboration")
    assert tasks(gonzalez, case.id) == {"interview": ["open"], "documents": ["open"]}
    interview = {
        "conducted_on": event.booked_at.date().isoformat(),
        "supervisor_present": True,
        "claims_us_citizenship": False,
        "admits_no_status": True,
        "place_of_birth": event.subject.birth_country or "MX",
    }
    after = record(gonzalez, case.id, "interviews", interview)
    second = after["determinations"][-1]
    assert (second["seq"], second["trigger"]) == (2, "corroboration")
    assert tasks(gonzalez, case.id)["interview"][0] == "done"
    if second["action"] not in ("refer_corroboration", "refer_citizenship_investigation"):
        # Decided: no task is left open.
        assert "open" not in {s for v in tasks(gonzalez, case.id).values() for s in v}


def test_corroboration_is_refused_when_invalid_or_not_allowed(directive: Service) -> None:
    _, case = directive.find(lambda c: c.status == "citizenship_investigation")
    path = f"/v1/cases/{case.id}/documents"
    officer = directive.headers("officer")
    bad = {"kind": "a_file", "number": "A1"}  # an A-file review must say what it shows
    refused = directive.client.post(path, json=bad, headers=officer)
    assert refused.status_code == 422
    assert "shows" in refused.text
    unknown = directive.client.post(
        path, json={"kind": "library_card", "number": "1"}, headers=officer
    )
    assert unknown.status_code == 422
    assert any("kind" in map(str, e["loc"]) for e in unknown.json()["detail"])
    future = {"conducted_on": "2999-01-01"}
    assert (
        directive.client.post(
            f"/v1/cases/{case.id}/interviews", json=future, headers=officer
        ).status_code
        == 422
    )
    doc = {"kind": "us_passport", "number": "P1", "verified": True}
    for role in ("auditor", "neutral_reviewer", "agency_liaison", "intake"):
        denied = directive.client.post(path, json=doc, headers=directive.headers(role))
        assert denied.status_code in (403, 404), role
    missing = directive.client.post("/v1/cases/999999/documents", json=doc, headers=officer)
    assert missing.status_code == 404
    assert tasks(directive, case.id).get("document") is None, "nothing was recorded"
