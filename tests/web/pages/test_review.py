"""Neutral review: the queue, the review page beside the evidence, approve and refuse."""

from __future__ import annotations

import re

from tests.web.pages.world import PageWorld, csrf_of


def pending_review(pages: PageWorld, case_id: int) -> int:
    """The id of the case's pending review."""
    case = pages.views.get_case(case_id, pages.principals["neutral_reviewer"])
    return next(r["id"] for r in case["reviews"] if r["status"] == "pending")


def test_the_review_queue_lists_pending_reviews(pages: PageWorld) -> None:
    page = pages.client("neutral_reviewer").get("/reviews")
    assert page.status_code == 200
    linked = {int(c) for c in re.findall(r'href="/cases/(\d+)/reviews/\d+"', page.text)}
    pending = {c for c in pages.with_status("awaiting_review") if c not in pages.taken}
    assert pending <= linked


def test_a_reviewer_approves_and_the_detainer_is_sent(pages: PageWorld) -> None:
    case_id = pages.take("awaiting_review")
    review_id = pending_review(pages, case_id)
    client = pages.client("neutral_reviewer")
    page = client.get(f"/cases/{case_id}/reviews/{review_id}")
    assert page.status_code == 200
    assert "Is there probable cause to hold this person?" in page.text
    assert "records-title" in page.text  # the evidence, beside the form
    assert '<label for="f-reasons">' in page.text
    response = client.post(
        f"/cases/{case_id}/reviews/{review_id}",
        data={
            "csrf_token": csrf_of(page.text),
            "decision": "approve",
            "reasons": "Pending proceedings on a fingerprint-linked record.",
        },
    )
    assert response.status_code == 303
    case = client.get(response.headers["location"])
    assert "The review was decided." in case.text
    assert "I-247A" in case.text
    assert "Detainer issued" in case.text
    status = pages.views.get_case(case_id, pages.principals["officer"])["reviews"][-1]
    assert status["status"] == "approved"


def test_a_decision_needs_its_reasons(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    review_id = pending_review(pages, case_id)
    client = pages.client("neutral_reviewer")
    token = csrf_of(client.get(f"/cases/{case_id}/reviews/{review_id}").text)
    response = client.post(
        f"/cases/{case_id}/reviews/{review_id}",
        data={"csrf_token": token, "decision": "refuse", "reasons": "  "},
    )
    assert response.status_code == 422
    assert 'id="err-reasons"' in response.text
    assert "Give the reasons for the decision." in response.text


def test_only_a_neutral_reviewer_decides(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    review_id = pending_review(pages, case_id)
    client = pages.client("officer")
    page = client.get(f"/cases/{case_id}/reviews/{review_id}")
    assert page.status_code == 200
    assert "Record the decision" not in page.text
    refused = client.post(
        f"/cases/{case_id}/reviews/{review_id}",
        data={"csrf_token": csrf_of(page.text), "decision": "approve", "reasons": "x"},
    )
    assert refused.status_code == 403


def test_a_review_of_another_case_is_not_found(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    review_id = pending_review(pages, case_id)
    other = pages.peek("closed")
    assert (
        pages.client("neutral_reviewer").get(f"/cases/{other}/reviews/{review_id}").status_code
        == 404
    )
