"""The home page by role, and the auditor's check of the audit log's hash chain.

Officers and supervisors start at the queue, neutral reviewers at the review queue,
agency liaisons at their agency's cases; an auditor's home links the oversight
dashboard and the audit-chain check. A role with no pages (the booking feed) is refused.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from probable.center import audit
from probable.center.access import AccessDeniedError
from probable.web.pages.rendering import page, redirect
from probable.web.pages.session import User

router = APIRouter(include_in_schema=False)

#: Where each role starts.
HOMES = {
    "officer": "/queue",
    "supervisor": "/queue",
    "neutral_reviewer": "/reviews",
    "agency_liaison": "/queue",
}


@router.get("/")
def home(request: Request, user: User) -> Response:
    """The role's home."""
    target = HOMES.get(user.role)
    if target is not None:
        return redirect(request, target)
    if user.role == "auditor":
        return page(request, "home_auditor.html", {})
    raise AccessDeniedError(f"role {user.role!r} has no pages; it uses the API")


@router.get("/audit")
def audit_page(
    request: Request, user: User, verify: Annotated[int, Query(ge=0, le=1)] = 0
) -> Response:
    """The audit log's size and, when asked, the check of its hash chain."""
    user.require("audit.read")
    factory = request.app.state.center.factory
    report = None
    with factory() as session:
        entries = audit.audit_count(session)
        if verify:
            report = audit.verify_chain(session).as_dict()
    return page(request, "audit.html", {"entries": entries, "report": report})
