"""The documents sent to jails and their lifecycle: issued, served, custody, lifted, lapsed.

An I-247A is issued (after neutral review where the profile requires it), served on the
person, and ends when ICE assumes custody, when it is lifted with a public lift reason,
or when the hold clock runs out (lapsed, marked by `tick`). An I-247G asks only for
notice and ends when withdrawn. Every step writes an audit entry; every step the jail
must know of writes an outbox notice in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from probable.center import audit
from probable.center.access import AccessDeniedError, Principal
from probable.center.documents import PdfRenderer, form_data, render_document, store_pdfs
from probable.center.errors import ConflictError, InvalidRequestError, NotFoundError
from probable.center.form_data import FormData
from probable.center.forms import render_pdf
from probable.center.lift_reasons import (
    CITIZENSHIP,
    LIFT_REASON_TEXTS,
    NO_PROBABLE_CAUSE,
    NOT_AMENABLE,
)
from probable.center.outbox import enqueue
from probable.center.serialize import hold_dict
from probable.law.clock import hold_clock
from probable.law.profiles import get_profile
from probable.store.models import (
    AgencyRow,
    CaseRow,
    DetainerRow,
    DeterminationRow,
    ReviewRow,
    UserRow,
)

Form = Literal["I-247A", "I-247G"]

#: A detainer that still asks something of the jail.
ACTIVE = ("issued", "served")

SYSTEM = "system:scheduler"


def utc_now() -> datetime:
    """The current instant, aware, in UTC (the service's and the documents process's clock)."""
    return datetime.now(UTC)


class Lifecycle:
    """Issue, serve, update, lift and lapse the documents of a case."""

    def __init__(self, factory: sessionmaker[Session], *, clock: Callable[[], datetime]) -> None:
        self.factory = factory
        self.clock = clock
        self.pdfs = PdfRenderer(factory)

    # --------------------------------------------------------- used by the center

    @staticmethod
    def active(session: Session, case_id: int, form: Form) -> DetainerRow | None:
        """The case's document of that form still in force, if any."""
        return session.scalar(
            select(DetainerRow).where(
                DetainerRow.case_id == case_id,
                DetainerRow.form == form,
                DetainerRow.status.in_(ACTIVE),
            )
        )

    @staticmethod
    def lift_reason(action: str, *, citizen: bool, lawful: bool) -> str:
        """Why a new determination lifts a detainer, in the public list's words."""
        if citizen or action == "refer_citizenship_investigation":
            return CITIZENSHIP
        if lawful:
            return NOT_AMENABLE
        return NO_PROBABLE_CAUSE

    def issue(
        self,
        session: Session,
        case: CaseRow,
        determination: DeterminationRow,
        form: Form,
        now: datetime,
        actor: str,
    ) -> DetainerRow:
        """Render the form, store it with the case and notify the jail."""
        body = determination.body
        hold = body.get("hold") if form == "I-247A" else None
        detainer = DetainerRow(
            number=f"pending-{uuid.uuid4().hex[:16]}",  # fits String(24) until numbered
            case_id=case.id,
            determination_id=determination.id,
            form=form,
            status="issued",
            warrant=body.get("warrant") if form == "I-247A" else None,
            release_at=case.scheduled_release_at,
            hold_expires_at=None if hold is None else datetime.fromisoformat(hold["expires_at"]),
            hold=hold,
            issued_at=now,
            html="",
            pdf=b"",
        )
        session.add(detainer)
        session.flush()
        detainer.number = f"D{now.year}-{detainer.id:07d}"
        data = self.form_of(session, detainer)
        render_document(session, detainer, data)
        if form == "I-247A":
            case.status = "detainer_issued"
            case.deadline = detainer.hold_expires_at
            case.deadline_kind = "hold" if hold else None
        else:
            case.status, case.deadline, case.deadline_kind = "notification_requested", None, None
        audit.append(
            session,
            actor=actor,
            action="document.issued",
            at=now,
            case_id=case.id,
            detail={"number": detainer.number, "form": form, "determination": determination.seq},
        )
        enqueue(
            session,
            agency_ori=case.agency_ori,
            kind="document.issued",
            payload=_notice(case, detainer),
            at=now,
            case_id=case.id,
        )
        return detainer

    def _end(
        self,
        session: Session,
        case: CaseRow,
        detainer: DetainerRow,
        status: str,
        now: datetime,
        actor: str,
        *,
        reason: str | None = None,
    ) -> None:
        detainer.status = status
        if status == "lifted":
            detainer.lifted_at, detainer.lift_reason = now, reason
        elif status == "lapsed":
            detainer.lapsed_at = now
        elif status == "custody_assumed":
            detainer.custody_at = now
        audit.append(
            session,
            actor=actor,
            action=f"document.{status}",
            at=now,
            case_id=case.id,
            detail={"number": detainer.number, "form": detainer.form, "reason": reason},
        )
        enqueue(
            session,
            agency_ori=case.agency_ori,
            kind=f"document.{status}",
            payload={**_notice(case, detainer), "reason": reason},
            at=now,
            case_id=case.id,
        )

    def lift_active(
        self, session: Session, case: CaseRow, reason: str, now: datetime, actor: str
    ) -> None:
        """Lift the case's active detainer at once (a new determination no longer holds)."""
        detainer = self.active(session, case.id, "I-247A")
        if detainer is not None:
            self._end(session, case, detainer, "lifted", now, actor, reason=reason)
            case.status, case.deadline, case.deadline_kind = "detainer_lifted", None, None

    def withdraw_notification(
        self, session: Session, case: CaseRow, now: datetime, actor: str
    ) -> None:
        """Withdraw an I-247G the case no longer needs (a detainer or nothing replaces it)."""
        request = self.active(session, case.id, "I-247G")
        if request is not None:
            self._end(session, case, request, "withdrawn", now, actor, reason="superseded")

    # --------------------------------------------------------- requests

    def _load(
        self, session: Session, number: str, principal: Principal
    ) -> tuple[DetainerRow, CaseRow]:
        detainer = session.scalar(
            select(DetainerRow).where(DetainerRow.number == number).with_for_update()
        )
        if detainer is None:
            raise NotFoundError(f"no document {number!r}")
        case = session.get(CaseRow, detainer.case_id, with_for_update=True)
        assert case is not None
        try:
            principal.require_agency(case.agency_ori)
        except AccessDeniedError:
            raise NotFoundError(f"no document {number!r}") from None
        return detainer, case

    def serve(self, number: str, served_at: datetime, principal: Principal) -> None:
        """The detainer was served on the person."""
        principal.require("detainer.update")
        now = self.clock()
        with self.pdfs.writing() as session:
            detainer, case = self._load(session, number, principal)
            if detainer.form != "I-247A" or detainer.status != "issued":
                raise ConflictError(
                    f"{number} is {detainer.form} {detainer.status}: cannot be served"
                )
            detainer.status, detainer.served_at = "served", served_at
            case.status, case.updated_at = "detainer_served", now
            audit.append(
                session,
                actor=principal.actor,
                action="document.served",
                at=now,
                case_id=case.id,
                detail={"number": number, "served_at": served_at.isoformat()},
            )

    def update_release(self, case_id: int, release_at: datetime, principal: Principal) -> None:
        """The jail's new release time; an active hold's clock is recomputed and re-sent."""
        principal.require("detainer.release_time")
        now = self.clock()
        with self.pdfs.writing() as session:
            case = session.get(CaseRow, case_id, with_for_update=True)
            if case is None:
                raise NotFoundError(f"no case {case_id}")
            try:
                principal.require_agency(case.agency_ori)
            except AccessDeniedError:
                raise NotFoundError(f"no case {case_id}") from None
            if release_at < case.booked_at:
                raise InvalidRequestError("release_at", "release_at is before the booking")
            case.scheduled_release_at, case.updated_at = release_at, now
            audit.append(
                session,
                actor=principal.actor,
                action="release.updated",
                at=now,
                case_id=case.id,
                detail={"release_at": release_at.isoformat()},
            )
            detainer = self.active(session, case.id, "I-247A")
            if detainer is None:
                return
            self._reclock(session, case, detainer, release_at, now, principal.actor)

    def _reclock(
        self,
        session: Session,
        case: CaseRow,
        detainer: DetainerRow,
        release_at: datetime,
        now: datetime,
        actor: str,
    ) -> None:
        agency = session.get(AgencyRow, case.agency_ori)
        determination = session.get(DeterminationRow, detainer.determination_id)
        assert agency is not None and determination is not None
        rule = (detainer.hold or {}).get("rule") or get_profile(determination.profile).clock_rule
        clock = hold_clock(release_at, agency.time_zone, rule)
        detainer.hold = hold_dict(clock)
        detainer.release_at, detainer.hold_expires_at = release_at, clock.expires_at
        render_document(session, detainer, self.form_of(session, detainer))
        case.deadline, case.deadline_kind = clock.expires_at, "hold"
        enqueue(
            session,
            agency_ori=case.agency_ori,
            kind="document.hold_updated",
            payload=_notice(case, detainer),
            at=now,
            case_id=case.id,
        )
        audit.append(
            session,
            actor=actor,
            action="document.hold_updated",
            at=now,
            case_id=case.id,
            detail={"number": detainer.number, "expires_at": clock.expires_at.isoformat()},
        )

    @staticmethod
    def form_of(session: Session, detainer: DetainerRow) -> FormData:
        """The document's fields as the stored rows give them now."""
        case = session.get(CaseRow, detainer.case_id)
        determination = session.get(DeterminationRow, detainer.determination_id)
        assert case is not None and determination is not None
        agency = session.get(AgencyRow, case.agency_ori)
        assert agency is not None
        review = session.scalar(
            select(ReviewRow).where(
                ReviewRow.determination_id == determination.id, ReviewRow.status == "approved"
            )
        )
        note = None
        if review is not None and review.decided_at is not None:
            reviewer = session.get(UserRow, review.reviewer_id) if review.reviewer_id else None
            who = reviewer.username if reviewer is not None else f"review {review.id}"
            note = f"approved by neutral reviewer {who} at {review.decided_at.isoformat()}"
        return form_data(
            form="I-247A" if detainer.form == "I-247A" else "I-247G",
            number=detainer.number,
            case=case,
            agency=agency,
            body=determination.body,
            issued_at=detainer.issued_at,
            hold=detainer.hold,
            review_note=note,
        )

    def pdf(self, detainer: DetainerRow) -> bytes:
        """The document's PDF; rendered and stored now if it is not yet (after a crash)."""
        if detainer.pdf:
            return detainer.pdf
        with self.factory() as session:
            fresh = session.get(DetainerRow, detainer.id)
            assert fresh is not None
            if fresh.pdf:
                return fresh.pdf
            data, html = self.form_of(session, fresh), fresh.html
        store_pdfs(self.factory, [(detainer.id, html, data)])
        with self.factory() as session:
            stored = session.get(DetainerRow, detainer.id)
            return stored.pdf if stored is not None and stored.pdf else render_pdf(data)

    def render_missing(self, limit: int | None = None) -> int:
        """Render the PDFs not yet rendered (oldest first, at most `limit`); how many."""
        with self.factory() as session:
            rows = list(
                session.scalars(
                    select(DetainerRow)
                    .where(func.length(DetainerRow.pdf) == 0)  # ix_detainers_pdf_pending
                    .order_by(DetainerRow.id)
                    .limit(limit)
                )
            )
            pending = [(r.id, r.html, self.form_of(session, r)) for r in rows]
        for item in pending:  # one short transaction each, between the intakes' own
            self.pdfs.store([item])
        return len(pending)

    def assume_custody(self, number: str, at: datetime, principal: Principal) -> None:
        """ICE took the person into custody: the detainer has done its work."""
        principal.require("detainer.update")
        now = self.clock()
        with self.pdfs.writing() as session:
            detainer, case = self._load(session, number, principal)
            if detainer.form != "I-247A" or detainer.status not in ACTIVE:
                raise ConflictError(f"{number} is {detainer.form} {detainer.status}: no custody")
            self._end(session, case, detainer, "custody_assumed", now, principal.actor)
            detainer.custody_at = at
            case.status, case.deadline, case.deadline_kind = "custody_assumed", None, None

    def lift(self, number: str, reason: str, principal: Principal) -> None:
        """Lift a document with one of the public lift reasons; the jail is told at once."""
        principal.require("detainer.update")
        if reason not in LIFT_REASON_TEXTS:
            raise InvalidRequestError(
                "reason",
                f"unknown lift reason {reason!r}; use one of: {'; '.join(LIFT_REASON_TEXTS)}",
            )
        now = self.clock()
        with self.pdfs.writing() as session:
            detainer, case = self._load(session, number, principal)
            if detainer.status not in ACTIVE:
                raise ConflictError(f"{number} is {detainer.status}: nothing to lift")
            self._end(session, case, detainer, "lifted", now, principal.actor, reason=reason)
            case.status, case.deadline, case.deadline_kind = "detainer_lifted", None, None
            case.updated_at = now

    # --------------------------------------------------------- the scheduler

    def tick(self) -> dict[str, int]:
        """Lapse holds whose clock ran out and expire overdue reviews; counts of each."""
        now = self.clock()
        lapsed = expired = 0
        with self.pdfs.writing() as session:
            for detainer in session.scalars(
                select(DetainerRow)
                .where(
                    DetainerRow.form == "I-247A",
                    DetainerRow.status.in_(ACTIVE),
                    DetainerRow.hold_expires_at <= now,
                )
                .with_for_update()
            ):
                case = session.get(CaseRow, detainer.case_id)
                assert case is not None
                self._end(
                    session, case, detainer, "lapsed", now, SYSTEM, reason="hold clock ran out"
                )
                case.status, case.deadline, case.deadline_kind = "detainer_lapsed", None, None
                case.updated_at = now
                lapsed += 1
            for review in session.scalars(
                select(ReviewRow)
                .where(ReviewRow.status == "pending", ReviewRow.due_at <= now)
                .with_for_update()
            ):
                case = session.get(CaseRow, review.case_id)
                assert case is not None
                review.status, review.decided_at = "expired", now
                case.status, case.deadline, case.deadline_kind = "review_expired", None, None
                case.updated_at = now
                audit.append(
                    session,
                    actor=SYSTEM,
                    action="review.expired",
                    at=now,
                    case_id=case.id,
                    detail={"review_id": review.id},
                )
                expired += 1
        return {"lapsed": lapsed, "reviews_expired": expired}


def _notice(case: CaseRow, detainer: DetainerRow) -> dict[str, Any]:
    """What a notice tells the agency: numbers, form, status and times; never the evidence."""
    return {
        "case": case.number,
        "booking_id": case.booking.booking_id,
        "document": detainer.number,
        "form": detainer.form,
        "status": detainer.status,
        "release_at": None if detainer.release_at is None else detainer.release_at.isoformat(),
        "hold_expires_at": (
            None if detainer.hold_expires_at is None else detainer.hold_expires_at.isoformat()
        ),
        "document_url": f"/v1/documents/{detainer.number}",
    }
