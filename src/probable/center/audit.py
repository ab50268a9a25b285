"""The tamper-evident audit log: every state change and every read of evidence, hash-chained.

Each entry's hash covers its own content and the previous entry's hash, so changing or
deleting any entry breaks every hash after it. Appends lock the chain's head row (a
`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's write lock does the same), so
concurrent writers never fork the chain. `verify_chain` recomputes it and names the
first entry altered or removed. Entries name cases and users by id, never a person's
name or date of birth.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from probable.store.models import AuditHeadRow, AuditRow

#: The hash the first entry chains from.
GENESIS = "0" * 64


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    detail: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 of the entry's canonical JSON (sorted keys, UTC time, no whitespace)."""
    body = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "case_id": case_id,
        "detail": detail,
        "prev": prev_hash,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


#: Where a transaction keeps the head it locked, so later appends in it need no query.
_HEAD_KEY = "probable.audit.head"


def _head(session: Session) -> AuditHeadRow:
    """The chain's head, locked for this transaction (read once per transaction)."""
    transaction = session.get_transaction()
    held = session.info.get(_HEAD_KEY)
    if held is not None and held[0] is transaction:
        head: AuditHeadRow = held[1]
        return head
    found = session.execute(
        select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    ).scalar_one_or_none()
    if found is None:
        found = AuditHeadRow(id=1, seq=0, hash=GENESIS)
        session.add(found)
    session.info[_HEAD_KEY] = (transaction, found)
    return found


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    at: datetime,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditRow:
    """Add one entry in the caller's transaction (it lands or vanishes with the change)."""
    head = _head(session)
    body = json.loads(json.dumps(detail or {}, default=str))
    seq = head.seq + 1
    digest = entry_hash(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=body,
        prev_hash=head.hash,
    )
    row = AuditRow(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=body,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(row)
    head.seq, head.hash = seq, digest
    # No flush here: the entries and the head are written with the transaction's other
    # changes at commit (or flush), in one round trip instead of one per entry.
    return row


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What `verify_chain` found."""

    entries: int
    ok: bool
    first_bad_seq: int | None = None
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "entries": self.entries,
            "ok": self.ok,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
        }


def _rows(session: Session) -> Generator[AuditRow]:
    # Streamed (a server-side cursor on PostgreSQL), so closed even when not read to the end.
    with session.scalars(
        select(AuditRow).order_by(AuditRow.seq).execution_options(yield_per=2000)
    ) as rows:
        yield from rows


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash in order; the first entry altered, removed or added out of chain."""
    with closing(_rows(session)) as rows:
        return _verify(rows, session)


def _verify(rows: Iterator[AuditRow], session: Session) -> ChainReport:
    prev, expected_seq, count = GENESIS, 1, 0
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            return ChainReport(
                count,
                False,
                expected_seq,
                f"entry {expected_seq} was removed (the log jumps to {row.seq})",
            )
        if row.prev_hash != prev:
            return ChainReport(
                count, False, row.seq, f"entry {row.seq} does not chain from entry {row.seq - 1}"
            )
        digest = entry_hash(
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            action=row.action,
            case_id=row.case_id,
            detail=row.detail,
            prev_hash=row.prev_hash,
        )
        if digest != row.hash:
            return ChainReport(
                count, False, row.seq, f"entry {row.seq} was altered (its hash does not match)"
            )
        prev, expected_seq = row.hash, expected_seq + 1
    head = session.get(AuditHeadRow, 1)
    last = expected_seq - 1
    if head is not None and (head.seq != last or head.hash != prev):
        return ChainReport(
            count,
            False,
            last + 1,
            f"entries {last + 1} to {head.seq} were removed from the end of the log",
        )
    return ChainReport(count, True)


def audit_count(session: Session) -> int:
    """How many entries the log holds."""
    return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)
