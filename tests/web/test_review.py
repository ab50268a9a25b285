"""Neutral review over the API: under the settlement a hold waits for a reviewer, nothing
reaches the jail before approval, a refusal sends nothing, and a late review expires."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from probable.center import CenterSettings
from probable.store.models import CaseRow, DetainerRow, OutboxRow, ReviewRow
from tests.center.service import Service

#: When the settlement's profile takes effect for bookings PERC answers.
SETTLEMENT = datetime(2025, 3, 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def service(module_services: Callable[..., Service]) -> Service:
    return module_services(CenterSettings(profile="settlement_neutral_review"))


def awaiting(service: Service) -> tuple[CaseRow, ReviewRow]:
    """A fresh case whose hold waits for a neutral reviewer."""
    _, case = service.find(lambda c: c.status == "awaiting_review")
    with service.factory() as session:
        [review] = session.scalars(select(ReviewRow).where(ReviewRow.case_id == case.id))
    return case, review


def sent(service: Service, case_id: int) -> tuple[int, int]:
    """Documents and notices the case has produced."""
    return (
        service.count(DetainerRow, DetainerRow.case_id == case_id),
        service.count(OutboxRow, OutboxRow.case_id == case_id),
    )


def decide(service: Service, review_id: int, role: str = "neutral_reviewer", **body: Any) -> Any:
    return service.client.post(
        f"/v1/reviews/{review_id}/decision",
        json={"approve": True, "reasons": "probable cause shown by the records", **body},
        headers=service.headers(role),
    )


def test_a_hold_waits_for_review_and_nothing_is_sent_before_approval(service: Service) -> None:
    case, review = awaiting(service)
    assert review.status == "pending"
    # 48 hours, or the release if sooner: a review that cannot finish in time expires.
    release = case.scheduled_release_at
    due = service.clock() + timedelta(hours=48)
    assert review.due_at == (due if release is None else min(due, release))
    assert (case.deadline, case.deadline_kind) == (review.due_at, "review")
    assert sent(service, case.id) == (0, 0)
    queue = service.client.get("/v1/reviews", headers=service.headers("neutral_reviewer"))
    assert queue.status_code == 200
    assert review.id in {r["id"] for r in queue.json()}
    assert [r["due_at"] for r in queue.json()] == sorted(r["due_at"] for r in queue.json())

    for role in ("officer", "supervisor", "auditor"):
        assert decide(service, review.id, role=role).status_code == 403, role
    assert decide(service, review.id, reasons="   ").status_code == 422
    nul = decide(service, review.id, reasons="records\x00checked")
    assert nul.status_code == 422, "PostgreSQL keeps no NUL: refused, not a 500"
    assert sent(service, case.id) == (0, 0)

    approved = decide(service, review.id)
    assert approved.status_code == 200
    assert approved.json() == {"status": "approved"}
    with service.factory() as session:
        [document] = session.scalars(select(DetainerRow).where(DetainerRow.case_id == case.id))
        decided = session.get(ReviewRow, review.id)
    assert decided is not None and decided.status == "approved"
    assert decided.reviewer_id == service.principals["neutral_reviewer"].user_id
    assert (document.form, document.status) == ("I-247A", "issued")
    html = service.client.get(
        f"/v1/documents/{document.number}.html", headers=service.headers("officer")
    )
    assert "I-247A" in html.text
    assert "t-neutral_reviewer" in html.text, "the form notes who approved the hold"
    pdf = service.client.get(
        f"/v1/documents/{document.number}.pdf", headers=service.headers("officer")
    )
    assert pdf.content.startswith(b"%PDF")
    with service.factory() as session:
        [notice] = session.scalars(select(OutboxRow).where(OutboxRow.case_id == case.id))
    assert (notice.kind, notice.payload["document"]) == ("document.issued", document.number)
    assert service.case(case.id).status == "detainer_issued"

    again = decide(service, review.id, approve=False)
    assert again.status_code == 409
    assert sent(service, case.id) == (1, 1)


def test_a_refused_review_sends_nothing(service: Service) -> None:
    case, review = awaiting(service)
    refused = decide(service, review.id, approve=False, reasons="the match is doubtful")
    assert refused.status_code == 200
    assert refused.json() == {"status": "refused"}
    assert service.case(case.id).status == "review_refused"
    assert sent(service, case.id) == (0, 0)
    assert decide(service, review.id).status_code == 409
    assert sent(service, case.id) == (0, 0)
    queue = service.client.get(
        "/v1/reviews", params={"status": "refused"}, headers=service.headers("auditor")
    )
    assert review.id in {r["id"] for r in queue.json()}


def test_a_review_past_its_deadline_expires_and_cannot_be_approved(service: Service) -> None:
    case, review = awaiting(service)
    service.clock.set(review.due_at - timedelta(minutes=1))
    service.center.lifecycle.tick()
    with service.factory() as session:
        still = session.get(ReviewRow, review.id)
        assert still is not None and still.status == "pending"
    service.clock.set(review.due_at + timedelta(minutes=1))
    counts = service.center.lifecycle.tick()
    assert counts["reviews_expired"] >= 1
    assert service.case(case.id).status == "review_expired"
    late = decide(service, review.id)
    assert late.status_code == 409
    assert "expired" in late.json()["detail"]
    assert sent(service, case.id) == (0, 0)


def test_an_undecided_review_cannot_be_approved_after_its_deadline(service: Service) -> None:
    case, review = awaiting(service)
    service.clock.set(review.due_at + timedelta(seconds=1))  # the scheduler has not run yet
    late = decide(service, review.id)
    assert late.status_code == 409
    assert sent(service, case.id) == (0, 0)
    assert decide(service, 999_999).status_code == 404


def test_a_perc_booking_after_the_settlement_gets_neutral_review_by_default(
    module_services: Callable[..., Service],
) -> None:
    default = module_services()
    event = default.fresh(lambda e: e.agency.responsible_office == "PERC")
    weeks = (datetime.now(UTC) - timedelta(days=7) - event.booked_at) // timedelta(weeks=1)
    shift = timedelta(weeks=weeks)  # whole weeks: the same weekday, well in the past
    assert event.booked_at + shift > SETTLEMENT
    default.clock.set(event.booked_at + shift + timedelta(minutes=10))
    body = default.payload(event, shift=shift)
    response = default.client.post("/v1/bookings", json=body, headers=default.headers("officer"))
    assert response.status_code == 201, response.text
    assert response.json()["profile"] == "settlement_neutral_review"
    unshifted = default.fresh(lambda e: e.agency.responsible_office == "PERC")
    old = default.case(default.intake(unshifted))
    assert old.profile in ("database_only", "directive_16001")


def _again(service: Service, event: Any, suffix: str, **changes: Any) -> CaseRow:
    """The same person booked again under another booking id, with `changes` to the body."""
    body = service.payload(event, booking_id=f"{event.booking_id}-{suffix}", **changes)
    response = service.client.post("/v1/bookings", json=body, headers=service.headers("intake"))
    assert response.status_code == 201, response.text
    return service.case(response.json()["id"])


def test_a_review_is_due_before_a_release_sooner_than_48_hours(service: Service) -> None:
    event, _ = service.find(lambda c: c.status == "awaiting_review")
    release = service.clock() + timedelta(hours=3)
    case = _again(service, event, "soon", scheduled_release_at=release.isoformat())
    assert case.status == "awaiting_review"
    with service.factory() as session:
        [review] = session.scalars(select(ReviewRow).where(ReviewRow.case_id == case.id))
    assert review.due_at == release == case.deadline
    # Not reviewed by the release: the review expires and nothing that holds is sent.
    service.clock.set(release + timedelta(seconds=1))
    service.center.lifecycle.tick()
    assert service.case(case.id).status == "review_expired"
    assert sent(service, case.id) == (0, 0)


def test_a_booking_whose_release_passed_before_the_decision_gets_no_hold(
    service: Service,
) -> None:
    event, _ = service.find(lambda c: c.status == "awaiting_review")
    booked, gone = service.clock() - timedelta(days=1), service.clock() - timedelta(hours=2)
    case = _again(
        service,
        event,
        "late",
        booked_at=booked.isoformat(),
        scheduled_release_at=gone.isoformat(),
    )
    assert (case.status, case.action) == ("closed", "no_action")
    assert sent(service, case.id) == (0, 0)
    body = service.client.get(f"/v1/cases/{case.id}", headers=service.headers("officer")).json()
    assert "passed before this decision" in body["determinations"][-1]["reason"]
