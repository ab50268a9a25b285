"""Notices to agencies through an outbox: written with the change, delivered later with retries.

A notice is a row in the same transaction as the state change it reports, so a change
is never made without its notice, nor a notice sent for a change that rolled back.
`OutboxWorker` delivers due rows through a pluggable `Delivery` (an HTTP webhook to the
agency, or a file drop), at least once, each carrying its id as the idempotency key;
a failure is retried with exponential backoff up to `max_attempts`.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from probable.store.database import reader_of, transaction
from probable.store.models import AgencyRow, OutboxRow

log = logging.getLogger("probable.center.outbox")

#: Seconds before the first retry; doubled after each failure, capped at `MAX_BACKOFF`.
FIRST_BACKOFF = 5.0
MAX_BACKOFF = 3600.0


def enqueue(
    session: Session,
    *,
    agency_ori: str | None = None,
    record_system: str | None = None,
    kind: str,
    payload: dict[str, Any],
    at: datetime,
    case_id: int | None = None,
) -> OutboxRow:
    """Write a notice to an agency, or a correction to a record system, in the caller's
    transaction; exactly one of `agency_ori` and `record_system` is given."""
    if (agency_ori is None) == (record_system is None):
        raise ValueError("a notice goes to one agency or one record system, not both or none")
    row = OutboxRow(
        case_id=case_id,
        agency_ori=agency_ori,
        record_system=record_system,
        kind=kind,
        payload=json.loads(json.dumps(payload, default=str)),
        created_at=at,
        attempts=0,
        next_attempt_at=at,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True, slots=True)
class Notice:
    """One notice as a delivery sees it."""

    id: int
    agency_ori: str | None
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    webhook_url: str | None
    record_system: str | None = None
    """The record system a correction is for; None for an agency's notice."""

    @property
    def destination(self) -> str:
        """Who receives it: the agency's ORI, or "system:<record system>"."""
        return self.agency_ori or f"system:{self.record_system}"

    def body(self) -> dict[str, Any]:
        """The JSON sent to the agency or the record system."""
        body: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "agency_ori": self.agency_ori,
            "created_at": self.created_at.isoformat(),
            "payload": self.payload,
        }
        if self.record_system is not None:
            body["record_system"] = self.record_system
        return body


class Delivery(Protocol):
    """Sends one notice; raises on failure (the worker retries)."""

    def deliver(self, notice: Notice) -> None:
        """Send it, or raise."""
        ...


class FileDrop:
    """Writes each notice as `<agency>/<id>.json` (a correction as `system-<record
    system>/<id>.json`) in a directory, atomically (for tests)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def deliver(self, notice: Notice) -> None:
        """Write the file (a redelivery overwrites it with the same content)."""
        folder = self.directory / (notice.agency_ori or f"system-{notice.record_system}")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{notice.id:012d}.json"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".notice-")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(notice.body(), file, indent=2, sort_keys=True)
            file.flush()
            os.fsync(file.fileno())
        Path(tmp).replace(target)


class WebhookDelivery:
    """POSTs each notice as JSON to the agency's webhook URL, with an idempotency key; a
    correction to the record system's URL in `system_urls`."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        timeout: float = 10.0,
        system_urls: dict[str, str] | None = None,
    ) -> None:
        self.client = client or httpx.Client(timeout=timeout)
        self.system_urls = dict(system_urls or {})

    def deliver(self, notice: Notice) -> None:
        """POST it; any status but 2xx is a failure (so is a destination with no URL: the
        notice stays in the outbox, retried, then kept as failed for an operator)."""
        if notice.record_system is not None:
            url = self.system_urls.get(notice.record_system)
            if not url:
                raise RuntimeError(
                    f"no correction endpoint configured for record system {notice.record_system}"
                )
        elif not notice.webhook_url:
            raise RuntimeError(f"agency {notice.agency_ori} has no webhook URL")
        else:
            url = notice.webhook_url
        response = self.client.post(
            url,
            json=notice.body(),
            headers={"Idempotency-Key": f"probable-notice-{notice.id}"},
        )
        if not response.is_success:
            raise RuntimeError(f"webhook answered {response.status_code}")


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure."""
    return timedelta(seconds=min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** max(0, attempts - 1)))


class OutboxWorker:
    """Delivers due notices; `run_once` for tests and the CLI, `start` for a thread."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        delivery: Delivery,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_attempts: int = 10,
        batch: int = 100,
    ) -> None:
        self.factory = factory
        self._reader = reader_of(factory)  # finding what is due writes nothing
        self.delivery = delivery
        self.clock = clock
        self.max_attempts = max_attempts
        self.batch = batch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _due(self, session: Session, now: datetime) -> list[tuple[OutboxRow, str | None]]:
        rows = session.execute(
            select(OutboxRow, AgencyRow.webhook_url)
            .outerjoin(AgencyRow, AgencyRow.ori == OutboxRow.agency_ori)
            .where(
                OutboxRow.delivered_at.is_(None),
                OutboxRow.failed_at.is_(None),
                OutboxRow.next_attempt_at <= now,
            )
            .order_by(OutboxRow.id)
            .limit(self.batch)
        ).all()
        return [(row, url) for row, url in rows]

    def run_once(self) -> int:
        """Try every due notice once; how many were delivered."""
        now = self.clock()
        with self._reader() as session:
            due = self._due(session, now)
        delivered = 0
        for row, url in due:
            notice = Notice(
                row.id,
                row.agency_ori,
                row.kind,
                row.payload,
                row.created_at,
                url,
                record_system=row.record_system,
            )
            error: str | None = None
            try:
                self.delivery.deliver(notice)
            except Exception as exc:  # any failure is retried; the reason is kept
                error = f"{type(exc).__name__}: {exc}"[:500]
            with transaction(self.factory) as session:
                fresh = session.get(OutboxRow, row.id, with_for_update=True)
                if fresh is None or fresh.delivered_at is not None:
                    continue
                fresh.attempts += 1
                if error is None:
                    fresh.delivered_at = self.clock()
                    fresh.last_error = None
                    delivered += 1
                else:
                    fresh.last_error = error
                    if fresh.attempts >= self.max_attempts:
                        fresh.failed_at = self.clock()
                        log.error("notice %s gave up after %s attempts", row.id, fresh.attempts)
                    else:
                        fresh.next_attempt_at = self.clock() + backoff(fresh.attempts)
                        log.warning("notice %s failed (attempt %s)", row.id, fresh.attempts)
        return delivered

    def start(self, interval: float = 1.0) -> None:
        """Deliver in a background thread every `interval` seconds until `stop`."""

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.run_once()
                except Exception:
                    log.exception("outbox delivery round failed")
                self._stop.wait(interval)

        self._thread = threading.Thread(target=loop, name="probable-outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread after its current round."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
