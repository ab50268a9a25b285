"""The case store's tables, as SQLAlchemy 2 models: one class per table, no business rules.

Everything the response center keeps: agencies, users and their tokens, the booking
events exactly as received, cases with every determination, corroboration, neutral
review, the documents sent to jails, the outbox of notices and the hash-chained audit
log. The same models run on SQLite (the embedded default) and PostgreSQL; Alembic's
migrations in `probable/store/migrations` create them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Constraint names Alembic and both databases agree on.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Portable auto-increment key: BIGINT on PostgreSQL, INTEGER (the rowid) on SQLite.
Key = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware instant, stored in UTC and read back aware on every database.

    SQLite keeps no offset, so a naive value read back is UTC by construction; a naive
    value written is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: times are aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base; every time column is timezone-aware."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class AgencyRow(Base):
    """A booking agency the center answers: its ORI, state, zone and ICE office."""

    __tablename__ = "agencies"

    ori: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(2), index=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    responsible_office: Mapped[str] = mapped_column(String(32))
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    """Where notices to the agency are delivered; None: the default delivery."""


class UserRow(Base):
    """A person who signs in: officer, supervisor, neutral reviewer, auditor or liaison."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    agency_ori: Mapped[str | None] = mapped_column(ForeignKey("agencies.ori"))
    """An agency liaison's agency; None for every other role."""
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class TokenRow(Base):
    """An API token: only its SHA-256 is kept, never the token itself."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[UserRow] = relationship(lazy="joined")


class BookingRow(Base):
    """A booking event exactly as the sender posted it; its event id makes intake idempotent."""

    __tablename__ = "booking_events"
    __table_args__ = (UniqueConstraint("event_id", name="uq_booking_events_event_id"),)

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(100))
    booking_id: Mapped[str] = mapped_column(String(100), index=True)
    agency_ori: Mapped[str] = mapped_column(ForeignKey("agencies.ori"), index=True)
    received_at: Mapped[datetime]
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]]
    """The validated IAQ fields, as JSON."""


class CaseRow(Base):
    """One booking's case: where it stands, what was last decided, and what is due when."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_deadline", "status", "deadline"),
        Index("ix_cases_agency_status", "agency_ori", "status"),
        # The queue's order (soonest deadline first, none last), read off an index.
        Index("ix_cases_queue_order", text("(deadline IS NULL)"), "deadline", "id"),
    )

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    booking_row_id: Mapped[int] = mapped_column(ForeignKey("booking_events.id"), unique=True)
    agency_ori: Mapped[str] = mapped_column(ForeignKey("agencies.ori"))
    state: Mapped[str] = mapped_column(String(2), index=True)
    status: Mapped[str] = mapped_column(String(32))
    action: Mapped[str | None] = mapped_column(String(40), index=True)
    profile: Mapped[str | None] = mapped_column(String(40), index=True)
    deadline: Mapped[datetime | None]
    """What is due next: the review, the corroboration, or the hold's end."""
    deadline_kind: Mapped[str | None] = mapped_column(String(32))
    booked_at: Mapped[datetime]
    scheduled_release_at: Mapped[datetime | None]
    legal_basis: Mapped[str | None] = mapped_column(String(200))
    """A recorded legal basis (a judge's order) to use sources a data-access law closes."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    booking: Mapped[BookingRow] = relationship(lazy="joined", innerjoin=True)
    """Joined inner (every case has its booking), so `FOR UPDATE` may lock the case."""


class DeterminationRow(Base):
    """One determination of a case (the first at intake, more after corroboration)."""

    __tablename__ = "determinations"
    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_determinations_case_seq"),)

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(40))
    """What caused it: intake, corroboration, legal_basis, recheck."""
    action: Mapped[str] = mapped_column(String(40))
    profile: Mapped[str] = mapped_column(String(40))
    profile_version: Mapped[str] = mapped_column(String(40))
    form: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    neutral_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_expires_at: Mapped[datetime | None]
    body: Mapped[dict[str, Any]]
    """The determination as JSON: boxes, bases, hold clock, rules, explanation tree."""
    evidence: Mapped[dict[str, Any]]
    """The evidence file it read, as JSON, with every fact's provenance."""
    created_at: Mapped[datetime]


class CorroborationRow(Base):
    """An interview or a document recorded on a case, or a task asking for one."""

    __tablename__ = "corroboration"

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    """interview, document, citizenship_investigation."""
    status: Mapped[str] = mapped_column(String(20))
    """open (a task) or recorded."""
    due_at: Mapped[datetime | None]
    payload: Mapped[dict[str, Any] | None]
    """The interview or document as recorded (JSON); None for an open task."""
    file_name: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    """An uploaded scan of the document, when one was given."""
    created_at: Mapped[datetime]
    recorded_at: Mapped[datetime | None]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReviewRow(Base):
    """A neutral review of a determination to hold: pending, approved or refused."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    determination_id: Mapped[int] = mapped_column(ForeignKey("determinations.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    due_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reasons: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class DetainerRow(Base):
    """A document sent to the jail (I-247A or I-247G) and its lifecycle."""

    __tablename__ = "detainers"
    __table_args__ = (
        # The documents whose PDF is still to render (the documents process's queue).
        Index(
            "ix_detainers_pdf_pending",
            "id",
            sqlite_where=text("length(pdf) = 0"),
            postgresql_where=text("length(pdf) = 0"),
        ),
    )

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    determination_id: Mapped[int] = mapped_column(ForeignKey("determinations.id"))
    form: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), index=True)
    """issued, served, custody_assumed, lifted, lapsed (I-247G: issued, lifted, closed)."""
    warrant: Mapped[str | None] = mapped_column(String(40))
    release_at: Mapped[datetime | None]
    hold_expires_at: Mapped[datetime | None] = mapped_column(index=True)
    hold: Mapped[dict[str, Any] | None]
    issued_at: Mapped[datetime]
    served_at: Mapped[datetime | None]
    custody_at: Mapped[datetime | None]
    lifted_at: Mapped[datetime | None]
    lift_reason: Mapped[str | None] = mapped_column(String(100))
    lapsed_at: Mapped[datetime | None]
    html: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class OutboxRow(Base):
    """A notice to an agency, or a correction to a record system, written in the
    transaction of the change it reports; exactly one of the two is addressed."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "delivered_at", "next_attempt_at"),
        CheckConstraint("(agency_ori IS NULL) <> (record_system IS NULL)", name="one_destination"),
    )

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_ori: Mapped[str | None] = mapped_column(ForeignKey("agencies.ori"))
    record_system: Mapped[str | None] = mapped_column(String(40))
    """The record system a correction is for ("cis", "eoir"...); None for an agency's notice."""
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    """Given up after the last retry; None while it may still be delivered."""
    last_error: Mapped[str | None] = mapped_column(Text)


class VerifiedCitizenRow(Base):
    """A person found to be a U.S. citizen, by the FIN their fingerprints match, with the
    proof: a later booking of the same person starts from it, so a citizen found is never
    flagged again (GAO-21-487: ICE could not even count such people)."""

    __tablename__ = "verified_citizens"
    __table_args__ = (UniqueConstraint("fin", name="uq_verified_citizens_fin"),)

    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    fin: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    determination_id: Mapped[int] = mapped_column(ForeignKey("determinations.id"))
    proof: Mapped[dict[str, Any]]
    """The probative evidence that showed it: each indicator's summary and its records."""
    verified_at: Mapped[datetime]
    verified_by: Mapped[str] = mapped_column(String(100))


class AuditRow(Base):
    """One entry of the append-only, hash-chained audit log."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    """"user:<id>:<username>", "system:<part>" or "anonymous"."""
    action: Mapped[str] = mapped_column(String(60), index=True)
    case_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    detail: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The chain's head (one row): locked to append, so the chain never forks."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
