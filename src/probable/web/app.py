"""The FastAPI application: the JSON API over the center, with errors mapped to statuses.

`/v1/...` needs a bearer token; `/healthz` and the OpenAPI schema do not. Center
errors become 404, 409, 422 (naming the field) and 403; every refusal is logged
without personal data. Bodies over the limit are refused with 413.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from probable.center import audit
from probable.center.access import AccessDeniedError
from probable.center.corroboration_input import DocumentInput, InterviewInput
from probable.center.errors import ConflictError, InvalidRequestError, NotFoundError
from probable.center.instants import Instant
from probable.center.intake import BookingIntake
from probable.center.lift_reasons import LIFT_REASONS
from probable.center.service import Center
from probable.center.views import STATUSES, CaseFilter, CaseViews
from probable.web.auth import Caller
from probable.web.limits import BodyLimit
from probable.web.pages.dashboard import DashboardSource, register_dashboard
from probable.web.schemas import (
    CustodyRequest,
    LegalBasisRequest,
    LiftRequest,
    ReleaseUpdate,
    ReviewDecision,
    RowId,
    ServedRequest,
)

log = logging.getLogger("probable.web")

#: The default body limit: a booking is well under 4 KiB; scans go through uploads.
MAX_BODY_BYTES = 1_048_576


def _error(status: int, detail: Any) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(ConflictError)
    async def _conflict(request: Request, exc: ConflictError) -> JSONResponse:
        return _error(409, str(exc))

    @app.exception_handler(InvalidRequestError)
    async def _invalid(request: Request, exc: InvalidRequestError) -> JSONResponse:
        return _error(422, [{"loc": ["body", exc.field], "msg": str(exc), "type": "value_error"}])

    @app.exception_handler(AccessDeniedError)
    async def _denied(request: Request, exc: AccessDeniedError) -> JSONResponse:
        log.warning("403 %s %s: %s", request.method, request.url.path, exc)
        return _error(403, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        # The input itself is left out of the answer and the log: it may be personal data.
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        log.info("422 %s %s: %s", request.method, request.url.path, [e["loc"] for e in errors])
        return _error(422, errors)


def create_app(
    center: Center,
    views: CaseViews,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    on_start: Any = None,
    on_stop: Any = None,
    dashboard: DashboardSource | None = None,
    session_secret: bytes | None = None,
) -> FastAPI:
    """The API and pages over `center` and `views`; `on_start`/`on_stop` run with the
    app's lifespan; `dashboard` feeds the oversight page (None: not configured);
    `session_secret` signs the pages' sessions (None: a random one per process)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if on_start is not None:
            on_start()
        try:
            yield
        finally:
            if on_stop is not None:
                on_stop()

    app = FastAPI(
        title="Probable response center API",
        version="1",
        description="Intake of fingerprint-matched bookings, casework, neutral review, "
        "documents to jails and their lifecycle. All data is synthetic; not legal advice.",
        lifespan=lifespan,
    )
    app.state.center, app.state.views = center, views
    factory: sessionmaker[Session] = center.factory
    app.state.factory = factory
    # Token checks and other pure reads take no write lock (SQLite: a plain BEGIN).
    app.state.reader = center.reader
    _handlers(app)
    _routes(app, center, views)
    from probable.web.pages import register_pages  # the HTML pages, after the API's handlers

    register_pages(app, session_secret=session_secret)
    register_dashboard(app, dashboard)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app


def _routes(app: FastAPI, center: Center, views: CaseViews) -> None:
    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.post("/v1/bookings", status_code=201, tags=["intake"])
    def post_booking(body: BookingIntake, caller: Caller, response: Response) -> dict[str, Any]:
        """Take a booking; a repeated event id answers 200 with the same case."""
        case_id, created = center.intake(body, caller)
        if not created:
            response.status_code = 200
        if caller.can("evidence.read"):
            return views.get_case(case_id, caller)
        return views.intake_answer(case_id)

    @app.get("/v1/cases", tags=["cases"])
    def list_cases(
        caller: Caller,
        status: Annotated[list[str] | None, Query()] = None,
        agency: Annotated[str | None, Query(max_length=16)] = None,
        state: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
        action: Annotated[str | None, Query(max_length=40)] = None,
        profile: Annotated[str | None, Query(max_length=40)] = None,
        deadline_before: Instant | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """Cases by deadline, filtered; with the total and counts by status."""
        for value in status or ():
            if value not in STATUSES:
                raise InvalidRequestError("status", f"unknown status {value!r}")
        f = CaseFilter(
            status=tuple(status) if status else None,
            agency_ori=agency,
            state=state,
            action=action,
            profile=profile,
            deadline_before=deadline_before,
        )
        return views.list_cases(caller, f, limit=limit, offset=offset)

    @app.get("/v1/cases/{case_id}", tags=["cases"])
    def get_case(case_id: RowId, caller: Caller) -> dict[str, Any]:
        """One case with evidence, determinations and history (an audited read)."""
        return views.get_case(case_id, caller)

    @app.get("/v1/cases/{case_id}/history", tags=["cases"])
    def case_history(case_id: RowId, caller: Caller) -> list[dict[str, Any]]:
        """The case's audit entries."""
        return views.history(case_id, caller)

    @app.post("/v1/cases/{case_id}/interviews", status_code=201, tags=["corroboration"])
    def post_interview(case_id: RowId, body: InterviewInput, caller: Caller) -> dict[str, Any]:
        """Record an interview; the answer carries the new determination."""
        center.record_interview(case_id, body, caller)
        return views.get_case(case_id, caller)

    @app.post("/v1/cases/{case_id}/documents", status_code=201, tags=["corroboration"])
    def post_document(case_id: RowId, body: DocumentInput, caller: Caller) -> dict[str, Any]:
        """Record a document; the answer carries the new determination."""
        center.record_document(case_id, body, caller)
        return views.get_case(case_id, caller)

    @app.post("/v1/cases/{case_id}/legal-basis", status_code=201, tags=["corroboration"])
    def post_legal_basis(case_id: RowId, body: LegalBasisRequest, caller: Caller) -> dict[str, Any]:
        """Record the legal basis that opens a restricted source; decide again."""
        center.record_legal_basis(case_id, body.basis, caller)
        return views.get_case(case_id, caller)

    @app.post("/v1/cases/{case_id}/decide-again", tags=["cases"])
    def post_decide_again(case_id: RowId, caller: Caller) -> dict[str, Any]:
        """Take a quarantined case (one that could not be decided) out and decide it."""
        center.decide_again(case_id, caller)
        return views.get_case(case_id, caller)

    @app.put("/v1/cases/{case_id}/release", tags=["lifecycle"])
    def put_release(case_id: RowId, body: ReleaseUpdate, caller: Caller) -> dict[str, Any]:
        """The jail's new release time; an active hold is re-clocked and re-sent."""
        center.lifecycle.update_release(case_id, body.release_at, caller)
        return views.get_case(case_id, caller)

    @app.get("/v1/reviews", tags=["review"])
    def list_reviews(
        caller: Caller,
        status: Annotated[str, Query(pattern="^(pending|approved|refused|expired|superseded)$")] = (
            "pending"
        ),
    ) -> list[dict[str, Any]]:
        """The neutral reviewer's queue, by due time."""
        return views.reviews(caller, status=status)

    @app.post("/v1/reviews/{review_id}/decision", tags=["review"])
    def post_review(review_id: RowId, body: ReviewDecision, caller: Caller) -> dict[str, str]:
        """Approve (the detainer is sent) or refuse (nothing is sent), with reasons."""
        center.decide_review(
            review_id, approve=body.approve, reasons=body.reasons, principal=caller
        )
        return {"status": "approved" if body.approve else "refused"}

    @app.get("/v1/lift-reasons", tags=["lifecycle"])
    def lift_reasons() -> list[dict[str, Any]]:
        """The public lift reasons a lift may give (unconfirmed ones marked)."""
        return [{"text": r.text, "confirmed": r.confirmed, "note": r.note} for r in LIFT_REASONS]

    @app.get("/v1/documents/{number}.pdf", tags=["documents"])
    def document_pdf(number: str, caller: Caller) -> Response:
        """The document as printed (PDF)."""
        row = views.document(number, caller)
        return Response(center.lifecycle.pdf(row), media_type="application/pdf")

    @app.get("/v1/documents/{number}.html", tags=["documents"], response_class=HTMLResponse)
    def document_html(number: str, caller: Caller) -> HTMLResponse:
        """The document as printed (HTML)."""
        return HTMLResponse(views.document(number, caller).html)

    @app.post("/v1/documents/{number}/served", tags=["lifecycle"])
    def post_served(number: str, body: ServedRequest, caller: Caller) -> dict[str, str]:
        """The detainer was served on the person."""
        center.lifecycle.serve(number, body.served_at, caller)
        return {"status": "served"}

    @app.post("/v1/documents/{number}/custody", tags=["lifecycle"])
    def post_custody(number: str, body: CustodyRequest, caller: Caller) -> dict[str, str]:
        """ICE assumed custody."""
        center.lifecycle.assume_custody(number, body.at, caller)
        return {"status": "custody_assumed"}

    @app.post("/v1/documents/{number}/lift", tags=["lifecycle"])
    def post_lift(number: str, body: LiftRequest, caller: Caller) -> dict[str, str]:
        """Lift the document; the jail is notified at once."""
        center.lifecycle.lift(number, body.reason, caller)
        return {"status": "lifted"}

    @app.get("/v1/audit/verify", tags=["audit"])
    def verify(caller: Caller) -> dict[str, Any]:
        """Recompute the audit chain; the first entry altered or removed."""
        caller.require("audit.read")
        with center.factory() as session:
            return audit.verify_chain(session).as_dict()
