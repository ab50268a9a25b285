"""The response center: intake, determination, corroboration, neutral review.

`Center` is the one place state changes. Each change is one transaction that also
writes its audit entry and, where the jail must hear of it, its outbox notice; so a
change, its trace and its notice land together or not at all. The slow part of a
determination (identity lookup, evidence, law) runs before the write transaction, so
the store's lock is held only to write; a new booking's first determination is written in
the very transaction that stores it. Lifecycle of the documents sent to jails is in
`probable.center.lifecycle`; reads are in `probable.center.views`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from probable.center import audit
from probable.center.access import Principal
from probable.center.citizens import (
    Verified,
    corrections_of,
    find_verified,
    proof_of,
    record_verified,
)
from probable.center.corroboration_input import DocumentInput, InterviewInput
from probable.center.errors import ConflictError, InvalidRequestError, NotFoundError
from probable.center.intake import BookingIntake, booking_event
from probable.center.lifecycle import Lifecycle, utc_now
from probable.center.records import EvidenceSource
from probable.center.serialize import determination_dict, evidence_dict
from probable.evidence.build import reassess
from probable.evidence.corroboration import Document, Interview, corroborate
from probable.law.determination import Determination
from probable.law.determine import determine
from probable.law.errors import NoProfileInForceError
from probable.law.jurisdictions import closed_sources
from probable.law.profiles import LegalProfile, get_profile, profile_in_force
from probable.sources.bookings import Agency, BookingEvent
from probable.store.database import reader_of
from probable.store.models import (
    AgencyRow,
    BookingRow,
    CaseRow,
    CorroborationRow,
    DeterminationRow,
    ReviewRow,
)

log = logging.getLogger("probable.center")

SYSTEM = "system:center"


@dataclass(frozen=True, slots=True)
class CenterSettings:
    """How the center runs (docs/center.md lists each)."""

    neutral_review_available: bool = True
    """Neutral review exists here: under the settlement, holds go to a reviewer."""
    review_hours: float = 48.0
    """A prompt determination: the reviewer's deadline after the determination."""
    corroboration_hours: float = 24.0
    """The deadline of an interview or document task (the release time if sooner)."""
    profile: str | None = None
    """Apply this legal profile to every booking instead of the one in force."""


#: What each action leaves the case waiting for.
_STATUS_OF_ACTION = {
    "refer_corroboration": "awaiting_corroboration",
    "refer_citizenship_investigation": "citizenship_investigation",
    "no_action": "closed",
}

#: The tasks each referral opens.
_TASKS = {
    "refer_corroboration": ("interview", "documents"),
    "refer_citizenship_investigation": ("citizenship_investigation", "interview", "documents"),
}


def agency_of(row: AgencyRow) -> Agency:
    """The booking agency as the decision path reads it."""
    return Agency(
        ori=row.ori,
        state=row.state,
        time_zone=row.time_zone,
        responsible_office=row.responsible_office,
        name=row.name,
    )


class Center:
    """The response center's casework over one case store and one evidence source."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        evidence: EvidenceSource,
        *,
        settings: CenterSettings | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.factory = factory
        self.evidence = evidence
        self.settings = settings or CenterSettings()
        self.clock = clock
        self.lifecycle = Lifecycle(factory, clock=clock)
        # Reads that decide nothing take no write lock (SQLite: a plain BEGIN).
        self.reader = reader_of(factory)

    # ---------------------------------------------------------------- intake

    def profile_for(self, booking: BookingEvent) -> LegalProfile:
        """The profile applied: the named one, or the one in force (with neutral review)."""
        if self.settings.profile is not None:
            return get_profile(self.settings.profile)
        profile = profile_in_force(booking.booked_day, booking.agency.responsible_office)
        if profile.name == "settlement" and self.settings.neutral_review_available:
            return get_profile("settlement_neutral_review")
        return profile

    def intake(self, intake: BookingIntake, principal: Principal) -> tuple[int, bool]:
        """Store the booking, open its case and decide it, in one transaction.

        Returns the case id and whether it is new; a repeated event id returns the same
        case. The determination is worked out first (identity, evidence, law: nothing
        stored yet) and then written with the booking and the case, so the answer
        follows a commit that holds all three, and a crash before it leaves nothing
        half-done: the sender, unanswered, sends again. Should working out the
        determination fail, the booking is still stored, as a `received` case that
        `recover` decides, and the error is raised.
        """
        principal.require("booking.create")
        payload = intake.model_dump(mode="json")
        if (case_id := self._existing(intake.event_id, payload)) is not None:
            return self._repeat(case_id)
        with self.reader() as session:
            agency = session.get(AgencyRow, intake.agency_ori)
            verified = find_verified(session, intake.fin)
        if agency is None:
            raise InvalidRequestError(
                "agency_ori", f"unknown agency ORI {intake.agency_ori!r}: not on the center's list"
            )
        event = booking_event(intake, agency_of(agency))
        try:
            profile = self.profile_for(event)
        except NoProfileInForceError as exc:
            raise InvalidRequestError("booked_at", str(exc)) from exc
        failure: Exception | None = None
        outcome: _Outcome | None = None
        try:
            inputs = _Inputs(event, frozenset(), None, [], _version((), None), verified)
            outcome = self._evaluate(inputs)
        except Exception as exc:  # stored undecided below; `recover` decides it later
            log.exception("deciding a new booking failed; it is kept as a received case")
            failure = exc
        try:
            case_id = self._store_intake(intake, payload, principal, agency, profile, outcome)
        except IntegrityError:
            case_id = None  # another request stored the same event id first
        if case_id is None:
            if (existing := self._existing(intake.event_id, payload)) is None:
                raise ConflictError(f"event {intake.event_id!r} could not be stored; send it again")
            return self._repeat(existing)
        if failure is not None:
            raise failure
        return case_id, True

    def _repeat(self, case_id: int) -> tuple[int, bool]:
        """The answer to an event already stored: its case, decided if it was not yet."""
        self._decide_if_received(case_id)
        return case_id, False

    def _existing(self, event_id: str, payload: dict[str, Any]) -> int | None:
        """The case of an event already received (None if it was not), same content only."""
        with self.reader() as session:
            booking = session.scalar(select(BookingRow).where(BookingRow.event_id == event_id))
            if booking is None:
                return None
            if booking.payload != payload:
                raise ConflictError(
                    f"event_id {event_id!r} was already received with different content"
                )
            case_id = session.scalar(select(CaseRow.id).where(CaseRow.booking_row_id == booking.id))
        if case_id is None:
            raise ConflictError(f"event {event_id!r} has no case")
        return case_id

    def _store_intake(
        self,
        intake: BookingIntake,
        payload: dict[str, Any],
        principal: Principal,
        agency: AgencyRow,
        profile: LegalProfile,
        outcome: _Outcome | None,
    ) -> int | None:
        """Write the booking and its case, and the determination if there is one."""
        now = self.clock()
        with self.lifecycle.pdfs.writing() as session:
            existing = session.scalar(
                select(BookingRow.id).where(BookingRow.event_id == intake.event_id)
            )
            if existing is not None:
                return None
            booking = BookingRow(
                event_id=intake.event_id,
                booking_id=intake.booking_id,
                agency_ori=agency.ori,
                received_at=now,
                received_by=principal.user_id,
                payload=payload,
            )
            session.add(booking)
            session.flush()
            case = CaseRow(
                number=f"pending-{uuid.uuid4().hex[:12]}",  # fits String(20) until renumbered
                booking_row_id=booking.id,
                agency_ori=agency.ori,
                state=agency.state,
                status="received",
                profile=profile.name,
                booked_at=intake.booked_at,
                scheduled_release_at=intake.scheduled_release_at,
                created_at=now,
                updated_at=now,
            )
            session.add(case)
            session.flush()
            case.number = f"C{case.id:08d}"
            audit.append(
                session,
                actor=principal.actor,
                action="booking.received",
                at=now,
                case_id=case.id,
                detail={"event_id": intake.event_id, "agency_ori": agency.ori},
            )
            if outcome is not None:
                self._apply(session, case, outcome, "intake", principal.actor, now)
            return case.id

    def _decide_if_received(self, case_id: int) -> None:
        with self.reader() as session:
            status = session.scalar(select(CaseRow.status).where(CaseRow.id == case_id))
        if status == "received":
            self.decide(case_id, trigger="intake", actor=SYSTEM)

    def recover(self) -> int:
        """Decide every case left `received` (the service stopped mid-intake); how many.

        A case that cannot be decided is quarantined instead (`quarantine`), so one bad
        booking never keeps the service from starting; the others are decided.
        """
        with self.reader() as session:
            ids = list(session.scalars(select(CaseRow.id).where(CaseRow.status == "received")))
        decided = 0
        for case_id in ids:
            try:
                self.decide(case_id, trigger="intake", actor=SYSTEM)
            except Exception as exc:  # isolated: audited and listed, never a failed start
                self.quarantine(case_id, exc, during="recovery")
            else:
                decided += 1
        return decided

    def quarantine(self, case_id: int, error: Exception, *, during: str) -> None:
        """Set a case that could not be decided aside: status `quarantined`, audited.

        Nothing is sent for it; supervisors see it in the queue (an open status) and may
        decide it again (`decide_again`) once the cause is mended. The log and the audit
        entry name the error's type only: its message may quote the booking.
        """
        log.error(
            "case %s could not be decided during %s (%s); quarantined",
            case_id,
            during,
            type(error).__name__,
        )
        log.debug("the quarantined case's error", exc_info=error)
        with self.lifecycle.pdfs.writing() as session:
            case = session.get(CaseRow, case_id, with_for_update=True)
            if case is None or case.status != "received":
                return  # decided meanwhile, or gone: nothing to set aside
            now = self.clock()
            case.status, case.updated_at = "quarantined", now
            audit.append(
                session,
                actor=SYSTEM,
                action="case.quarantined",
                at=now,
                case_id=case_id,
                detail={"error": type(error).__name__, "during": during},
            )

    def decide_again(self, case_id: int, principal: Principal) -> int:
        """A supervisor takes a quarantined case out of quarantine and decides it.

        Should deciding fail again, the case goes back to quarantine and the error is a
        `ConflictError` naming its type.
        """
        principal.require("case.decide_again")
        now = self.clock()
        with self.lifecycle.pdfs.writing() as session:
            case = session.get(CaseRow, case_id, with_for_update=True)
            if case is None:
                raise NotFoundError(f"no case {case_id}")
            if case.status != "quarantined":
                raise ConflictError(f"case {case_id} is {case.status}, not quarantined")
            case.status, case.updated_at = "received", now
            audit.append(
                session,
                actor=principal.actor,
                action="case.released_from_quarantine",
                at=now,
                case_id=case_id,
                detail={},
            )
        try:
            return self.decide(case_id, trigger="intake", actor=principal.actor)
        except Exception as exc:
            self.quarantine(case_id, exc, during="decide_again")
            raise ConflictError(
                f"case {case_id} still cannot be decided ({type(exc).__name__}); "
                "it is quarantined again"
            ) from exc

    # ---------------------------------------------------------------- decide

    def _inputs(self, case_id: int) -> _Inputs:
        with self.reader() as session:
            case = session.get(CaseRow, case_id)
            if case is None:
                raise NotFoundError(f"no case {case_id}")
            agency = session.get(AgencyRow, case.agency_ori)
            assert agency is not None  # a foreign key
            # It was validated at intake; validating again parses its dates back.
            intake = BookingIntake.model_validate(case.booking.payload)
            event = booking_event(intake, agency_of(agency))
            if case.scheduled_release_at != event.scheduled_release_at:
                event = event.model_copy(update={"scheduled_release_at": case.scheduled_release_at})
            rows = session.scalars(
                select(CorroborationRow)
                .where(CorroborationRow.case_id == case_id, CorroborationRow.status == "recorded")
                .order_by(CorroborationRow.id)
            ).all()
            interviews = [
                InterviewInput.model_validate(r.payload).to_interview(f"I{r.id}")
                for r in rows
                if r.kind == "interview" and r.payload
            ]
            documents = [
                DocumentInput.model_validate(r.payload).to_document()
                for r in rows
                if r.kind == "document" and r.payload
            ]
            bases = frozenset({case.legal_basis} if case.legal_basis else ())
            verified = find_verified(session, event.fin)
        return _Inputs(
            event,
            bases,
            interviews[-1] if interviews else None,
            documents,
            _version(rows, case.legal_basis),
            verified,
        )

    def decide(self, case_id: int, *, trigger: str, actor: str) -> int:
        """Gather the evidence, apply the law, record the determination and act on it.

        The inputs are read before the write transaction; if corroboration or a legal
        basis was recorded in between, the determination is made again on the new
        inputs, so the last determination always reflects everything on file.
        """
        for _ in range(_DECIDE_ATTEMPTS):
            decided = self._decide_once(case_id, trigger=trigger, actor=actor)
            if decided is not None:
                return decided
        raise ConflictError(f"case {case_id} kept changing while it was being decided")

    def _decide_once(self, case_id: int, *, trigger: str, actor: str) -> int | None:
        inputs = self._inputs(case_id)
        outcome = self._evaluate(inputs)
        with self.lifecycle.pdfs.writing() as session:
            case = session.get(CaseRow, case_id, with_for_update=True)
            assert case is not None
            if trigger == "intake" and case.status != "received":
                # The same event posted twice at once: the other request decided it first.
                return session.scalar(
                    select(func.max(DeterminationRow.id)).where(DeterminationRow.case_id == case_id)
                )
            if self._version(session, case) != inputs.version:
                return None
            return self._apply(session, case, outcome, trigger, actor, self.clock())

    def _evaluate(self, inputs: _Inputs) -> _Outcome:
        """Evidence and law for these inputs: the determination, before anything is written."""
        event, bases = inputs.event, inputs.legal_bases
        closed = closed_sources(event.booked_day, bases)
        evidence, withheld = self.evidence.gather(event, closed)
        if inputs.verified is not None:  # found a citizen before: never flagged again
            evidence = reassess(evidence, [inputs.verified.fact()])
        if inputs.interview is not None or inputs.documents:
            evidence = corroborate(evidence, inputs.interview, inputs.documents)
        determination = determine(
            event, evidence, self.profile_for(event), legal_bases=bases, decided_at=self.clock()
        )
        citizen = bool(evidence.probative_citizenship())
        found = citizen and determination.action == "no_action" and inputs.verified is None
        return _Outcome(
            determination,
            evidence_dict(evidence, withheld=[w.as_dict() for w in withheld]),
            sorted({w.source for w in withheld}),
            len(withheld),
            sorted({w.law for w in withheld}),
            citizen=citizen,
            lawful=any(f.kind == "status_grant" for f in evidence.facts),
            proof=proof_of(evidence) if found else None,
            corrections=corrections_of(evidence) if found else None,
        )

    def _apply(
        self,
        session: Session,
        case: CaseRow,
        outcome: _Outcome,
        trigger: str,
        actor: str,
        now: datetime,
    ) -> int:
        """Record the determination with its audit entries and act on it; its row id."""
        determination = outcome.determination
        if outcome.withheld_records:
            audit.append(
                session,
                actor=actor,
                action="evidence.withheld",
                at=now,
                case_id=case.id,
                detail={
                    "sources": outcome.withheld_sources,
                    "records": outcome.withheld_records,
                    "laws": outcome.withheld_laws,
                },
            )
        row = self._record(session, case, determination, outcome.evidence, trigger, now)
        audit.append(
            session,
            actor=actor,
            action="determination.made",
            at=now,
            case_id=case.id,
            detail={
                "seq": row.seq,
                "trigger": trigger,
                "action": determination.action,
                "profile": determination.profile,
                "profile_version": determination.profile_version,
            },
        )
        self._act(
            session, case, row, determination, now, actor,
            citizen=outcome.citizen, lawful=outcome.lawful,
        )  # fmt: skip
        if outcome.proof is not None:
            record_verified(
                session,
                case,
                determination_id=row.id,
                fin=case.booking.payload.get("fin"),
                proof=outcome.proof,
                corrections=outcome.corrections or [],
                now=now,
                actor=actor,
            )
        case.updated_at = now
        return row.id

    @staticmethod
    def _version(session: Session, case: CaseRow) -> tuple[int, str | None]:
        rows = session.scalars(
            select(CorroborationRow).where(
                CorroborationRow.case_id == case.id, CorroborationRow.status == "recorded"
            )
        ).all()
        return _version(rows, case.legal_basis)

    def _record(
        self,
        session: Session,
        case: CaseRow,
        determination: Determination,
        evidence_json: dict[str, Any],
        trigger: str,
        now: datetime,
    ) -> DeterminationRow:
        seq = (
            session.scalar(
                select(func.max(DeterminationRow.seq)).where(DeterminationRow.case_id == case.id)
            )
            or 0
        ) + 1
        hold = determination.hold
        row = DeterminationRow(
            case_id=case.id,
            seq=seq,
            trigger=trigger,
            action=determination.action,
            profile=determination.profile,
            profile_version=determination.profile_version,
            form=determination.form,
            reason=determination.reason,
            neutral_review_required=determination.neutral_review_required,
            hold_expires_at=None if hold is None else hold.expires_at,
            body=determination_dict(determination),
            evidence=evidence_json,
            created_at=now,
        )
        session.add(row)
        session.flush()
        case.action, case.profile = determination.action, determination.profile
        return row

    def _act(
        self,
        session: Session,
        case: CaseRow,
        row: DeterminationRow,
        determination: Determination,
        now: datetime,
        actor: str,
        *,
        citizen: bool,
        lawful: bool,
    ) -> None:
        """What the determination does to the case: a review, a document, tasks, or closing."""
        life = self.lifecycle
        action = determination.action
        for review in session.scalars(
            select(ReviewRow).where(ReviewRow.case_id == case.id, ReviewRow.status == "pending")
        ):
            review.status, review.decided_at = "superseded", now
        if action not in _TASKS:
            self._close_tasks(session, case, now, actor)
        if action == "issue_detainer":
            life.withdraw_notification(session, case, now, actor)
            if life.active(session, case.id, "I-247A") is not None:
                return
            if determination.neutral_review_required:
                # Due before the release: a review that cannot finish in time expires
                # (`Lifecycle.tick`) and nothing that holds is sent.
                due = now + timedelta(hours=self.settings.review_hours)
                if case.scheduled_release_at is not None and case.scheduled_release_at > now:
                    due = min(due, case.scheduled_release_at)
                session.add(
                    ReviewRow(
                        case_id=case.id,
                        determination_id=row.id,
                        status="pending",
                        due_at=due,
                        created_at=now,
                    )
                )
                case.status, case.deadline, case.deadline_kind = "awaiting_review", due, "review"
                audit.append(
                    session,
                    actor=actor,
                    action="review.requested",
                    at=now,
                    case_id=case.id,
                    detail={"determination_seq": row.seq, "due_at": due.isoformat()},
                )
                return
            life.issue(session, case, row, "I-247A", now, actor)
            return
        reason = life.lift_reason(action, citizen=citizen, lawful=lawful)
        life.lift_active(session, case, reason, now, actor)
        if action == "request_notification":
            if life.active(session, case.id, "I-247G") is None:
                life.issue(session, case, row, "I-247G", now, actor)
            else:
                case.status = "notification_requested"
            return
        life.withdraw_notification(session, case, now, actor)
        case.status = _STATUS_OF_ACTION[action]
        case.deadline, case.deadline_kind = None, None
        if action in _TASKS:
            due = now + timedelta(hours=self.settings.corroboration_hours)
            if case.scheduled_release_at is not None and case.scheduled_release_at > now:
                due = min(due, case.scheduled_release_at)
            self._open_tasks(session, case, _TASKS[action], due, now, actor)
            case.deadline, case.deadline_kind = due, "corroboration"

    def _open_tasks(
        self,
        session: Session,
        case: CaseRow,
        kinds: tuple[str, ...],
        due: datetime,
        now: datetime,
        actor: str,
    ) -> None:
        open_kinds = set(
            session.scalars(
                select(CorroborationRow.kind).where(
                    CorroborationRow.case_id == case.id, CorroborationRow.status == "open"
                )
            )
        )
        interviewed = session.scalar(
            select(CorroborationRow.id)
            .where(
                CorroborationRow.case_id == case.id,
                CorroborationRow.kind == "interview",
                CorroborationRow.status == "recorded",
            )
            .limit(1)
        )
        for kind in kinds:
            if kind in open_kinds or (kind == "interview" and interviewed is not None):
                continue  # open already, or the person was interviewed: not asked again
            session.add(
                CorroborationRow(
                    case_id=case.id, kind=kind, status="open", due_at=due, created_at=now
                )
            )
            audit.append(
                session,
                actor=actor,
                action="task.opened",
                at=now,
                case_id=case.id,
                detail={"kind": kind, "due_at": due.isoformat()},
            )

    @staticmethod
    def _close_tasks(session: Session, case: CaseRow, now: datetime, actor: str) -> None:
        """Close the open tasks a determination no longer asks for (it acts, or closes)."""
        for task in session.scalars(
            select(CorroborationRow).where(
                CorroborationRow.case_id == case.id, CorroborationRow.status == "open"
            )
        ):
            task.status, task.recorded_at = "superseded", now
            audit.append(
                session,
                actor=actor,
                action="task.superseded",
                at=now,
                case_id=case.id,
                detail={"kind": task.kind},
            )

    # ---------------------------------------------------------------- corroboration

    def record_interview(
        self, case_id: int, interview: InterviewInput, principal: Principal
    ) -> int:
        """Record an interview on the case, close the open interview task, decide again."""
        principal.require("corroboration.record")
        self._record_corroboration(
            case_id,
            "interview",
            interview.model_dump(mode="json"),
            principal,
            closes=("interview",),
        )
        return self.decide(case_id, trigger="corroboration", actor=principal.actor)

    def record_document(
        self,
        case_id: int,
        document: DocumentInput,
        principal: Principal,
        *,
        file: tuple[str, str, bytes] | None = None,
    ) -> int:
        """Record a document (and its scan, if given), close the document tasks, decide again."""
        principal.require("corroboration.record")
        self._record_corroboration(
            case_id,
            "document",
            document.model_dump(mode="json"),
            principal,
            closes=("documents", "citizenship_investigation")
            if document.kind != "a_file"
            else ("documents",),
            file=file,
        )
        return self.decide(case_id, trigger="corroboration", actor=principal.actor)

    def _record_corroboration(
        self,
        case_id: int,
        kind: str,
        payload: dict[str, Any],
        principal: Principal,
        *,
        closes: tuple[str, ...],
        file: tuple[str, str, bytes] | None = None,
    ) -> None:
        now = self.clock()
        with self.lifecycle.pdfs.writing() as session:
            case = session.get(CaseRow, case_id, with_for_update=True)
            if case is None:
                raise NotFoundError(f"no case {case_id}")
            principal.require_agency(case.agency_ori)
            if case.status == "received":
                raise ConflictError(f"case {case.number} has not been decided yet")
            name, content_type, content = file or (None, None, None)
            session.add(
                CorroborationRow(
                    case_id=case_id,
                    kind=kind,
                    status="recorded",
                    payload=payload,
                    file_name=name,
                    content_type=content_type,
                    content=content,
                    created_at=now,
                    recorded_at=now,
                    recorded_by=principal.user_id,
                )
            )
            for task in session.scalars(
                select(CorroborationRow).where(
                    CorroborationRow.case_id == case_id,
                    CorroborationRow.status == "open",
                    CorroborationRow.kind.in_(closes),
                )
            ):
                task.status, task.recorded_at, task.recorded_by = "done", now, principal.user_id
            audit.append(
                session,
                actor=principal.actor,
                action=f"{kind}.recorded",
                at=now,
                case_id=case_id,
                detail={"kind": payload.get("kind", kind), "file": bool(content)},
            )

    def record_legal_basis(self, case_id: int, basis: str, principal: Principal) -> int:
        """Record the legal basis (a judge's order) that opens restricted sources; decide again."""
        principal.require("legal_basis.record")
        _storable("basis", basis)
        now = self.clock()
        with self.lifecycle.pdfs.writing() as session:
            case = session.get(CaseRow, case_id, with_for_update=True)
            if case is None:
                raise NotFoundError(f"no case {case_id}")
            case.legal_basis = basis
            audit.append(
                session,
                actor=principal.actor,
                action="legal_basis.recorded",
                at=now,
                case_id=case_id,
                detail={"basis": basis},
            )
        return self.decide(case_id, trigger="legal_basis", actor=principal.actor)

    # ---------------------------------------------------------------- neutral review

    def decide_review(
        self, review_id: int, *, approve: bool, reasons: str, principal: Principal
    ) -> None:
        """A neutral reviewer approves (the detainer is sent) or refuses (nothing is sent)."""
        principal.require("review.decide")
        if not reasons.strip():
            raise InvalidRequestError("reasons", "a review needs its reasons")
        _storable("reasons", reasons)
        now = self.clock()
        with self.lifecycle.pdfs.writing() as session:
            review = session.get(ReviewRow, review_id, with_for_update=True)
            if review is None:
                raise NotFoundError(f"no review {review_id}")
            if review.status != "pending":
                raise ConflictError(f"review {review_id} is {review.status}, not pending")
            case = session.get(CaseRow, review.case_id, with_for_update=True)
            assert case is not None
            if review.due_at <= now:
                raise ConflictError(
                    f"review {review_id} was due {review.due_at.isoformat()}: too late"
                )
            review.status = "approved" if approve else "refused"
            review.decided_at, review.reviewer_id, review.reasons = now, principal.user_id, reasons
            audit.append(
                session,
                actor=principal.actor,
                action=f"review.{review.status}",
                at=now,
                case_id=case.id,
                detail={"review_id": review.id},
            )
            if approve:
                row = session.get(DeterminationRow, review.determination_id)
                assert row is not None
                self.lifecycle.issue(session, case, row, "I-247A", now, principal.actor)
            else:
                case.status, case.deadline, case.deadline_kind = "review_refused", None, None
            case.updated_at = now


#: How often `decide` starts again when the case changed under it.
_DECIDE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A determination worked out and ready to write, with what its write records."""

    determination: Determination
    evidence: dict[str, Any]
    withheld_sources: list[str]
    withheld_records: int
    withheld_laws: list[str]
    citizen: bool
    lawful: bool
    proof: dict[str, Any] | None = None
    """The probative evidence of citizenship, when it ended the case with no action."""
    corrections: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class _Inputs:
    """What a determination reads from the case store."""

    event: BookingEvent
    legal_bases: frozenset[str]
    interview: Interview | None
    documents: list[Document]
    version: tuple[int, str | None]
    """The newest corroboration id and the legal basis: what, if changed, needs a redo."""
    verified: Verified | None = None
    """The person's stored verification of citizenship (by the booking's FIN), if any."""


def _version(rows: Sequence[CorroborationRow], legal_basis: str | None) -> tuple[int, str | None]:
    return max((r.id for r in rows), default=0), legal_basis


def _storable(field: str, text: str) -> None:
    """Refuse text a column cannot keep: PostgreSQL stores no NUL character."""
    if "\x00" in text:
        raise InvalidRequestError(field, f"{field} contains a NUL character")
