"""A small case store filled row by row, with the figures every metric must find in it.

Nine bookings in March 2025 (one agency, two legal profiles), written straight into the
tables: the center's rules are not under test here, only the counting.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from probable.center.lift_reasons import CITIZENSHIP, NOT_AMENABLE
from probable.store import make_engine, migrate, session_factory, transaction
from probable.store.models import (
    AgencyRow,
    BookingRow,
    CaseRow,
    DetainerRow,
    DeterminationRow,
)

ORI = "CA0190000"

#: The instant the tests read hold hours at: D6 is still in force, held 25 hours by then.
AS_OF = datetime(2025, 3, 19, 1, tzinfo=UTC)


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant in March 2025, UTC."""
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


class StoreFiller:
    """Adds agencies, bookings, cases, determinations and documents with few arguments."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cases = 0
        if session.get(AgencyRow, ORI) is None:
            session.add(
                AgencyRow(
                    ori=ORI,
                    name="Test County Jail",
                    state="CA",
                    time_zone="America/Los_Angeles",
                    responsible_office="PERC",
                )
            )
            session.flush()

    def case(
        self,
        booking_id: str,
        status: str,
        action: str | None = None,
        profile: str | None = None,
        *,
        booked_at: datetime | None = None,
    ) -> CaseRow:
        """A booking and its case."""
        self.cases += 1
        when = booked_at or at(1)
        booking = BookingRow(
            event_id=f"replay-{booking_id}",
            booking_id=booking_id,
            agency_ori=ORI,
            received_at=when,
            payload={"booking_id": booking_id},
        )
        self.session.add(booking)
        self.session.flush()
        row = CaseRow(
            number=f"C-{booking_id}",
            booking_row_id=booking.id,
            agency_ori=ORI,
            state="CA",
            status=status,
            action=action,
            profile=profile,
            booked_at=when,
            created_at=when,
            updated_at=when,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def document(
        self,
        case: CaseRow,
        form: str,
        status: str,
        issued_at: datetime,
        **times: datetime | str | None,
    ) -> DetainerRow:
        """A document of `case` issued by a determination with the case's action and profile."""
        assert case.action is not None and case.profile is not None
        determination = DeterminationRow(
            case_id=case.id,
            seq=1,
            trigger="intake",
            action=case.action,
            profile=case.profile,
            profile_version="1",
            form=form,
            reason="test",
            body={},
            evidence={},
            created_at=issued_at,
        )
        self.session.add(determination)
        self.session.flush()
        row = DetainerRow(
            number=f"D-{case.number}-{form}",
            case_id=case.id,
            determination_id=determination.id,
            form=form,
            status=status,
            issued_at=issued_at,
            html="",
            pdf=b"",
            **times,
        )
        self.session.add(row)
        self.session.flush()
        return row


def fill_known(session: Session) -> None:
    """The nine bookings whose figures `KNOWN_*` give."""
    f = StoreFiller(session)
    a, g = "I-247A", "I-247G"
    detain, notify = "issue_detainer", "request_notification"
    db, st = "database_only", "settlement"
    # Week of 3 March: held 18 h until custody; held 5 h until lifted for citizenship.
    c = f.case("B1", "custody_assumed", detain, db)
    f.document(c, a, "custody_assumed", at(5, 10), release_at=at(6, 8), custody_at=at(7, 2))
    c = f.case("B2", "detainer_lifted", detain, db)
    f.document(c, a, "lifted", at(6), release_at=at(7), lifted_at=at(7, 5), lift_reason=CITIZENSHIP)
    # Week of 10 March: a lapse after 48.5 h; a notice request; a detainer issued on the
    # Sunday and lifted before the release (never held).
    c = f.case("B3", "detainer_lapsed", detain, db)
    f.document(
        c,
        a,
        "lapsed",
        at(10),
        release_at=at(10, 12),
        hold_expires_at=at(12, 12),
        lapsed_at=at(12, 12, 30),
    )
    c = f.case("B4", "notification_requested", notify, st)
    f.document(c, g, "issued", at(11))
    c = f.case("B5", "detainer_lifted", detain, st)
    f.document(
        c,
        a,
        "lifted",
        at(16, 23),
        release_at=at(20),
        lifted_at=at(17),
        lift_reason=NOT_AMENABLE,
    )
    # Week of 17 March: served and held since 18 March (25 h at AS_OF); issued, no release.
    c = f.case("B6", "detainer_served", detain, st)
    f.document(c, a, "served", at(17), release_at=at(18), hold_expires_at=at(20, 6))
    c = f.case("B9", "detainer_issued", detain, st)
    f.document(c, a, "issued", at(17, 9))
    # No document: one case undecided, one awaiting corroboration.
    f.case("B7", "received")
    f.case("B8", "awaiting_corroboration", "refer_corroboration", db)


KNOWN_DOCUMENTS_BY_WEEK = [
    {"week": "2025-03-03", "form": "I-247A", "action": "issue_detainer",
     "profile": "database_only", "documents": 2},
    {"week": "2025-03-10", "form": "I-247A", "action": "issue_detainer",
     "profile": "database_only", "documents": 1},
    {"week": "2025-03-10", "form": "I-247A", "action": "issue_detainer",
     "profile": "settlement", "documents": 1},
    {"week": "2025-03-10", "form": "I-247G", "action": "request_notification",
     "profile": "settlement", "documents": 1},
    {"week": "2025-03-17", "form": "I-247A", "action": "issue_detainer",
     "profile": "settlement", "documents": 2},
]  # fmt: skip

KNOWN_LIFT_REASONS = [
    {"lift_reason": NOT_AMENABLE, "form": "I-247A", "lifted": 1, "share": 0.5},
    {"lift_reason": CITIZENSHIP, "form": "I-247A", "lifted": 1, "share": 0.5},
]

#: (bin, profile) -> (holds, hours) at AS_OF, every other bin up to "48-60 h" empty.
KNOWN_HOLDS = {
    ("0-12 h", "database_only"): (1, 5.0),
    ("12-24 h", "database_only"): (1, 18.0),
    ("48-60 h", "database_only"): (1, 48.5),
    ("24-36 h", "settlement"): (1, 25.0),
}

KNOWN_STATUSES = [
    {"status": "detainer_lifted", "cases": 2},
    *(
        {"status": s, "cases": 1}
        for s in sorted(
            [
                "custody_assumed",
                "detainer_lapsed",
                "notification_requested",
                "detainer_served",
                "detainer_issued",
                "received",
                "awaiting_corroboration",
            ]
        )
    ),
]

KNOWN_ACTIONS = [
    {"action": "(none yet)", "profile": "(none yet)", "cases": 1},
    {"action": "issue_detainer", "profile": "database_only", "cases": 3},
    {"action": "issue_detainer", "profile": "settlement", "cases": 3},
    {"action": "refer_corroboration", "profile": "database_only", "cases": 1},
    {"action": "request_notification", "profile": "settlement", "cases": 1},
]

#: What a simulated world's truth would say of the bookings (B9 and the rest unknown).
TRUTH = {
    "B1": {"citizen": True, "removable": False},
    "B2": {"citizen": True, "removable": False},
    "B3": {"citizen": False, "removable": True},
    "B5": {"citizen": False, "removable": False},
    "B6": {"citizen": False, "removable": True},
}

KNOWN_HELD = [
    {"profile": "database_only", "detainers": 3, "labelled": 3, "us_citizens": 2,
     "us_citizen_share": 0.6667, "not_removable": 0, "not_removable_share": 0.0,
     "wrongful": 2, "wrongful_share": 0.6667},
    {"profile": "settlement", "detainers": 3, "labelled": 2, "us_citizens": 0,
     "us_citizen_share": 0.0, "not_removable": 1, "not_removable_share": 0.5,
     "wrongful": 1, "wrongful_share": 0.5},
]  # fmt: skip


def empty_store(url: str) -> Engine:
    """The store at `url`, migrated, with no rows."""
    engine = make_engine(url)
    migrate(engine)
    return engine


def known_store(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """A migrated store at `url` holding `fill_known`'s rows, and read-only sessions on it."""
    engine = empty_store(url)
    with transaction(session_factory(engine)) as session:
        fill_known(session)
    return engine, session_factory(engine, read_only=True)
