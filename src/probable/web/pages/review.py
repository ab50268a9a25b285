"""Neutral review: the reviewer's queue (pending reviews by due time) and the review page,
where approve or refuse and the reasons sit beside the evidence the determination read.

The decision goes through `Center.decide_review` (which checks the role, the reasons and
the deadline); approving sends the I-247A, refusing sends nothing. A review is shown on
its case's page address, so the case's own access checks apply to it.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from probable.center.errors import ConflictError, InvalidRequestError, NotFoundError
from probable.web.pages.case import case_context
from probable.web.pages.rendering import page, redirect
from probable.web.pages.session import User, checked_form

router = APIRouter(include_in_schema=False)

#: Reviews on one page of the queue.
PAGE_SIZE = 50

REVIEW_STATUSES = ("pending", "approved", "refused", "expired", "superseded")

#: The longest reasons accepted (as the API's `ReviewDecision`).
MAX_REASONS = 4000


@router.get("/reviews")
def review_queue(
    request: Request,
    user: User,
    status: Annotated[str, Query(max_length=20)] = "pending",
    page_number: Annotated[int, Query(alias="page", ge=1, le=1000)] = 1,
) -> Response:
    """Reviews by due time (pending by default), 50 to a page."""
    shown = status if status in REVIEW_STATUSES else "pending"
    reviews = request.app.state.views.reviews(user, status=shown)
    pages = max(1, math.ceil(len(reviews) / PAGE_SIZE))
    number = min(page_number, pages)
    return page(
        request,
        "reviews.html",
        {
            "reviews": reviews[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
            "listed": len(reviews),
            "page_number": number,
            "pages": pages,
            "status": shown,
            "statuses": REVIEW_STATUSES,
        },
    )


def _review_context(request: Request, case_id: int, review_id: int, user: User) -> dict[str, Any]:
    user.require("review.list")
    case = request.app.state.views.get_case(case_id, user)
    review = next((r for r in case.get("reviews", []) if r["id"] == review_id), None)
    if review is None:
        raise NotFoundError(f"no review {review_id} on case {case_id}")
    context = case_context(request, case, user)
    context["review"] = review
    return context


@router.get("/cases/{case_id}/reviews/{review_id}")
def review_page(case_id: int, review_id: int, request: Request, user: User) -> Response:
    """The review: the determination and its evidence, and the decision form beside them."""
    context = _review_context(request, case_id, review_id, user)
    return page(request, "review.html", {**context, "errors": {}, "values": {}})


@router.post("/cases/{case_id}/reviews/{review_id}")
async def review_post(case_id: int, review_id: int, request: Request, user: User) -> Response:
    """Approve or refuse with reasons; back to the case, or the form with what was wrong."""
    user.require("review.decide")
    form = await checked_form(request)
    decision = form.get("decision")
    reasons = str(form.get("reasons") or "").strip()
    errors: dict[str, str] = {}
    if decision not in ("approve", "refuse"):
        errors["decision"] = "Choose approve or refuse."
    if not reasons:
        errors["reasons"] = "Give the reasons for the decision."
    elif len(reasons) > MAX_REASONS:
        errors["reasons"] = f"The reasons are longer than {MAX_REASONS} characters."
    if not errors:
        context = await run_in_threadpool(_review_context, request, case_id, review_id, user)
        try:
            await run_in_threadpool(
                lambda: request.app.state.center.decide_review(
                    review_id, approve=decision == "approve", reasons=reasons, principal=user
                )
            )
        except InvalidRequestError as exc:
            errors[exc.field] = str(exc)
        except ConflictError as exc:
            errors[""] = str(exc)
        else:
            return redirect(request, f"/cases/{case_id}?recorded=review#documents")
    context = await run_in_threadpool(_review_context, request, case_id, review_id, user)
    values = {"decision": decision if isinstance(decision, str) else "", "reasons": reasons}
    return page(request, "review.html", {**context, "errors": errors, "values": values}, status=422)
