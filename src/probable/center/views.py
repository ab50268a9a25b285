"""Reading cases: the queue, one case with its evidence and history, documents, audit.

Reads check the principal's role and agency; reading a case's evidence writes an audit
entry (who read which case, when), in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from probable.center import audit
from probable.center.access import Principal
from probable.center.errors import NotFoundError
from probable.store.database import reader_of, transaction
from probable.store.models import (
    AuditRow,
    CaseRow,
    CorroborationRow,
    DetainerRow,
    DeterminationRow,
    ReviewRow,
)

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])

#: Case statuses that still need someone (the queue's default).
OPEN_STATUSES = (
    "received",
    "quarantined",
    "awaiting_corroboration",
    "citizenship_investigation",
    "awaiting_review",
    "detainer_issued",
    "detainer_served",
)

#: Every case status.
STATUSES = (
    *OPEN_STATUSES,
    "notification_requested",
    "custody_assumed",
    "detainer_lifted",
    "detainer_lapsed",
    "review_refused",
    "review_expired",
    "closed",
)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def subject_name(payload: dict[str, Any]) -> str:
    """The booked name as the jail sent it."""
    parts = ("given_name", "middle_name", "family_name", "second_family_name")
    return " ".join(str(payload[k]) for k in parts if payload.get(k))


def case_summary(case: CaseRow) -> dict[str, Any]:
    """One line of the queue."""
    payload = case.booking.payload
    return {
        "id": case.id,
        "number": case.number,
        "status": case.status,
        "action": case.action,
        "profile": case.profile,
        "agency_ori": case.agency_ori,
        "state": case.state,
        "booking_id": payload["booking_id"],
        "subject": subject_name(payload),
        "deadline": _iso(case.deadline),
        "deadline_kind": case.deadline_kind,
        "booked_at": _iso(case.booked_at),
        "scheduled_release_at": _iso(case.scheduled_release_at),
        "updated_at": _iso(case.updated_at),
    }


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the queue shows; None: no filter on that field."""

    status: tuple[str, ...] | None = None
    agency_ori: str | None = None
    state: str | None = None
    action: str | None = None
    profile: str | None = None
    deadline_before: datetime | None = None


def _filtered(query: Q, f: CaseFilter, principal: Principal) -> Q:
    scope = principal.agency_scope()
    if scope is not None:
        query = query.where(CaseRow.agency_ori == scope)
    if f.status:
        query = query.where(CaseRow.status.in_(f.status))
    if f.agency_ori:
        query = query.where(CaseRow.agency_ori == f.agency_ori)
    if f.state:
        query = query.where(CaseRow.state == f.state)
    if f.action:
        query = query.where(CaseRow.action == f.action)
    if f.profile:
        query = query.where(CaseRow.profile == f.profile)
    if f.deadline_before:
        query = query.where(CaseRow.deadline <= f.deadline_before)
    return query


class CaseViews:
    """Read-only access to cases, with access checks and evidence-read auditing."""

    def __init__(self, factory: sessionmaker[Session], *, clock: Callable[[], datetime]) -> None:
        self.writer = factory
        self.factory = reader_of(factory)
        self.clock = clock

    def list_cases(
        self, principal: Principal, f: CaseFilter, *, limit: int = 50, offset: int = 0
    ) -> dict[str, Any]:
        """Cases by deadline (soonest first, none last), with the total and counts by status."""
        principal.require("case.list")
        with self.factory() as session:
            # The page's ids from `cases` alone (off the queue-order index), then those rows
            # with their bookings: joining every match before sorting is what costs.
            ids = list(
                session.scalars(
                    _filtered(select(CaseRow.id), f, principal)
                    .order_by(text("(deadline IS NULL)"), CaseRow.deadline, CaseRow.id)
                    .limit(limit)
                    .offset(offset)
                )
            )
            found = {c.id: c for c in session.scalars(select(CaseRow).where(CaseRow.id.in_(ids)))}
            rows = [found[i] for i in ids]
            total = session.scalar(_filtered(select(func.count(CaseRow.id)), f, principal)) or 0
            counts: dict[str, int] = dict(
                session.execute(
                    _filtered(
                        select(CaseRow.status, func.count(CaseRow.id)),
                        CaseFilter(
                            agency_ori=f.agency_ori,
                            state=f.state,
                            action=f.action,
                            profile=f.profile,
                        ),
                        principal,
                    ).group_by(CaseRow.status)
                ).all()
            )
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "counts": {k: int(v) for k, v in counts.items()},
            "cases": [case_summary(c) for c in rows],
        }

    def _case(self, session: Session, case_id: int, principal: Principal) -> CaseRow:
        principal.require("case.read")
        case = session.get(CaseRow, case_id)
        if case is None or (
            principal.agency_scope() is not None and case.agency_ori != principal.agency_scope()
        ):
            # Another agency's case is not there, as far as a liaison can tell.
            raise NotFoundError(f"no case {case_id}")
        return case

    def intake_answer(self, case_id: int) -> dict[str, Any]:
        """What the booking feed hears back: the case, its action and reason, no evidence."""
        with self.factory() as session:
            case = session.get(CaseRow, case_id)
            if case is None:
                raise NotFoundError(f"no case {case_id}")
            # The two columns only: the row's evidence and explanation are large JSON.
            last = session.execute(
                select(DeterminationRow.form, DeterminationRow.reason)
                .where(DeterminationRow.case_id == case_id)
                .order_by(DeterminationRow.seq.desc())
                .limit(1)
            ).first()
            return {
                "id": case.id,
                "number": case.number,
                "status": case.status,
                "action": case.action,
                "profile": case.profile,
                "form": None if last is None else last.form,
                "reason": None if last is None else last.reason,
                "deadline": _iso(case.deadline),
            }

    def case_id_by_number(self, number: str) -> int:
        """The id of the case with that number."""
        with self.factory() as session:
            found = session.scalar(select(CaseRow.id).where(CaseRow.number == number))
        if found is None:
            raise NotFoundError(f"no case {number!r}")
        return found

    def get_case(self, case_id: int, principal: Principal) -> dict[str, Any]:
        """One case: booking, determinations (with evidence if the role may read it),
        tasks, reviews, documents, history. An evidence read is audited."""
        with self.factory() as session:
            case = self._case(session, case_id, principal)
            out = case_summary(case)
            full = principal.can("evidence.read")
            out["booking"] = case.booking.payload  # a liaison sees what its own agency sent
            out["documents"] = [
                _document(d)
                for d in session.scalars(
                    select(DetainerRow)
                    .where(DetainerRow.case_id == case.id)
                    .order_by(DetainerRow.id)
                )
            ]
            if not full:
                return out
            dets = session.scalars(
                select(DeterminationRow)
                .where(DeterminationRow.case_id == case.id)
                .order_by(DeterminationRow.seq)
            ).all()
            out["determinations"] = [_determination(d) for d in dets]
            out["legal_basis"] = case.legal_basis
            out["tasks"] = [
                _task(t)
                for t in session.scalars(
                    select(CorroborationRow)
                    .where(CorroborationRow.case_id == case.id)
                    .order_by(CorroborationRow.id)
                )
            ]
            out["reviews"] = [
                _review(r)
                for r in session.scalars(
                    select(ReviewRow).where(ReviewRow.case_id == case.id).order_by(ReviewRow.id)
                )
            ]
            out["history"] = self._history(session, case.id)
        with transaction(self.writer) as session:
            audit.append(
                session,
                actor=principal.actor,
                action="evidence.read",
                at=self.clock(),
                case_id=case_id,
                detail={"determinations": len(dets)},
            )
        return out

    @staticmethod
    def _history(session: Session, case_id: int) -> list[dict[str, Any]]:
        return [
            {
                "seq": a.seq,
                "at": a.at.isoformat(),
                "actor": a.actor,
                "action": a.action,
                "detail": a.detail,
            }
            for a in session.scalars(
                select(AuditRow).where(AuditRow.case_id == case_id).order_by(AuditRow.seq)
            )
        ]

    def history(self, case_id: int, principal: Principal) -> list[dict[str, Any]]:
        """The case's audit entries, oldest first."""
        with self.factory() as session:
            case = self._case(session, case_id, principal)
            principal.require("evidence.read")
            return self._history(session, case.id)

    def document(self, number: str, principal: Principal) -> DetainerRow:
        """A document sent to a jail (HTML and PDF), if the principal may see it."""
        principal.require("document.read")
        with self.factory() as session:
            detainer = session.scalar(select(DetainerRow).where(DetainerRow.number == number))
            if detainer is None:
                raise NotFoundError(f"no document {number!r}")
            case = session.get(CaseRow, detainer.case_id)
            assert case is not None
            scope = principal.agency_scope()
            if scope is not None and case.agency_ori != scope:
                raise NotFoundError(f"no document {number!r}")
            return detainer

    def reviews(
        self, principal: Principal, *, status: str = "pending", limit: int = 500, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Neutral reviews by due time (the reviewer's queue), a page at a time."""
        principal.require("review.list")
        with self.factory() as session:
            rows = session.execute(
                select(ReviewRow, CaseRow)
                .join(CaseRow, CaseRow.id == ReviewRow.case_id)
                .where(ReviewRow.status == status)
                .order_by(ReviewRow.due_at, ReviewRow.id)
                .limit(limit)
                .offset(offset)
            ).all()
            return [{**_review(r), "case": case_summary(c)} for r, c in rows]


def _document(d: DetainerRow) -> dict[str, Any]:
    return {
        "number": d.number,
        "form": d.form,
        "status": d.status,
        "warrant": d.warrant,
        "issued_at": _iso(d.issued_at),
        "served_at": _iso(d.served_at),
        "release_at": _iso(d.release_at),
        "hold_expires_at": _iso(d.hold_expires_at),
        "hold": d.hold,
        "custody_at": _iso(d.custody_at),
        "lifted_at": _iso(d.lifted_at),
        "lift_reason": d.lift_reason,
        "lapsed_at": _iso(d.lapsed_at),
        "html_url": f"/v1/documents/{d.number}.html",
        "pdf_url": f"/v1/documents/{d.number}.pdf",
    }


def _determination(d: DeterminationRow) -> dict[str, Any]:
    return {
        "seq": d.seq,
        "trigger": d.trigger,
        "created_at": _iso(d.created_at),
        **d.body,
        "evidence": d.evidence,
    }


def _task(t: CorroborationRow) -> dict[str, Any]:
    return {
        "id": t.id,
        "kind": t.kind,
        "status": t.status,
        "due_at": _iso(t.due_at),
        "recorded_at": _iso(t.recorded_at),
        "payload": t.payload,
        "file_name": t.file_name,
    }


def _review(r: ReviewRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "case_id": r.case_id,
        "status": r.status,
        "due_at": _iso(r.due_at),
        "decided_at": _iso(r.decided_at),
        "reasons": r.reasons,
    }
