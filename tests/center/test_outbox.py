"""Notices through the outbox: delivered once each to a file drop or a webhook (with an
idempotency key), retried with backoff on failure, given up after the last attempt."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from probable.center import FileDrop, OutboxWorker, WebhookDelivery
from probable.center.outbox import Notice, backoff, enqueue
from probable.store import transaction
from probable.store.models import AgencyRow, OutboxRow
from tests.center.service import Service


@pytest.fixture
def service(services: Callable[..., Service]) -> Service:
    return services()


def notify(service: Service, ori: str, kind: str = "document.issued", n: int = 1) -> list[int]:
    with transaction(service.factory) as session:
        return [
            enqueue(
                session,
                agency_ori=ori,
                kind=kind,
                payload={"case": f"C{i:08d}", "document": f"D2015-{i:07d}"},
                at=service.clock(),
            ).id
            for i in range(n)
        ]


def row(service: Service, notice_id: int) -> OutboxRow:
    with service.factory() as session:
        found = session.get(OutboxRow, notice_id)
        assert found is not None
        return found


def test_a_file_drop_gets_one_file_per_notice_and_each_is_delivered_once(
    service: Service, tmp_path: Path
) -> None:
    first, second = service.world.agencies[0].ori, service.world.agencies[1].ori
    ids = notify(service, first, n=2) + notify(service, second, kind="document.lifted")
    later = service.clock() + timedelta(hours=1)
    with transaction(service.factory) as session:
        future = enqueue(session, agency_ori=first, kind="document.lapsed", payload={}, at=later)
    worker = OutboxWorker(service.factory, FileDrop(tmp_path), clock=service.clock)
    assert worker.run_once() == 3
    files = sorted(tmp_path.rglob("*.json"))
    assert [f.relative_to(tmp_path).as_posix() for f in files] == sorted(
        f"{ori}/{i:012d}.json" for ori, i in zip([first, first, second], ids, strict=True)
    )
    body = json.loads((tmp_path / second / f"{ids[2]:012d}.json").read_text())
    assert (body["id"], body["kind"], body["agency_ori"]) == (ids[2], "document.lifted", second)
    assert body["payload"]["document"] == "D2015-0000000"
    for notice_id in ids:
        delivered = row(service, notice_id)
        assert (delivered.attempts, delivered.delivered_at) == (1, service.clock())
        assert delivered.last_error is None
    assert row(service, future.id).delivered_at is None, "not due yet"

    assert worker.run_once() == 0, "delivered notices are not sent again"
    assert len(list(tmp_path.rglob("*.json"))) == 3
    service.clock.set(later)
    assert worker.run_once() == 1
    assert len(list(tmp_path.rglob("*.json"))) == 4
    assert not list(tmp_path.rglob(".notice-*")), "no temporary file is left behind"


class Flaky:
    """A delivery that fails its first `failures` attempts."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.tries: list[int] = []

    def deliver(self, notice: Notice) -> None:
        self.tries.append(notice.id)
        if len(self.tries) <= self.failures:
            raise ConnectionError("the jail's server is down")


def test_a_failing_delivery_is_retried_with_backoff_then_given_up(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="probable.center.outbox")
    [notice_id] = notify(service, service.world.agencies[0].ori)
    delivery = Flaky(failures=99)
    worker = OutboxWorker(service.factory, delivery, clock=service.clock, max_attempts=3)

    assert worker.run_once() == 0
    failed = row(service, notice_id)
    assert failed.attempts == 1
    assert (
        failed.next_attempt_at
        == service.clock() + backoff(1)
        == service.clock() + timedelta(seconds=5)
    )
    assert failed.last_error == "ConnectionError: the jail's server is down"
    assert failed.delivered_at is None and failed.failed_at is None

    worker.run_once()
    assert row(service, notice_id).attempts == 1, "not retried before its time"

    service.clock.advance(seconds=5)
    worker.run_once()
    again = row(service, notice_id)
    assert again.attempts == 2
    assert again.next_attempt_at == service.clock() + timedelta(seconds=10)
    assert again.next_attempt_at - service.clock() > failed.next_attempt_at - failed.created_at

    service.clock.advance(seconds=10)
    worker.run_once()
    last = row(service, notice_id)
    assert last.attempts == 3
    assert last.failed_at == service.clock()
    assert last.delivered_at is None

    service.clock.advance(hours=2)
    worker.run_once()
    assert row(service, notice_id).attempts == 3, "given up: not tried again"
    assert delivery.tries == [notice_id] * 3
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING", "ERROR"]
    assert "gave up after 3 attempts" in caplog.records[-1].getMessage()


def test_a_delivery_that_recovers_delivers_on_the_retry(service: Service) -> None:
    [notice_id] = notify(service, service.world.agencies[0].ori)
    worker = OutboxWorker(service.factory, Flaky(failures=1), clock=service.clock)
    assert worker.run_once() == 0
    service.clock.advance(seconds=5)
    assert worker.run_once() == 1
    delivered = row(service, notice_id)
    assert (delivered.attempts, delivered.delivered_at) == (2, service.clock())
    assert delivered.last_error is None


def test_a_webhook_gets_the_notice_with_its_idempotency_key(service: Service) -> None:
    hooked, bare = service.world.agencies[0].ori, service.world.agencies[1].ori
    with transaction(service.factory) as session:
        agency = session.get(AgencyRow, hooked)
        assert agency is not None
        agency.webhook_url = "https://jail.example/notices"
    received: list[httpx.Request] = []
    answers = iter([503, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(next(answers))

    [notice_id] = notify(service, hooked, kind="document.hold_updated")
    [orphan] = notify(service, bare)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        worker = OutboxWorker(service.factory, WebhookDelivery(client), clock=service.clock)
        assert worker.run_once() == 0
        assert "503" in (row(service, notice_id).last_error or "")
        assert "no webhook URL" in (row(service, orphan).last_error or "")
        service.clock.advance(seconds=5)
        assert worker.run_once() == 1

    assert len(received) == 2
    for request in received:
        assert request.method == "POST"
        assert str(request.url) == "https://jail.example/notices"
        assert request.headers["Idempotency-Key"] == f"probable-notice-{notice_id}"
        body = json.loads(request.content)
        assert (body["id"], body["kind"], body["agency_ori"]) == (
            notice_id,
            "document.hold_updated",
            hooked,
        )
    assert row(service, notice_id).delivered_at == service.clock()
    assert row(service, orphan).delivered_at is None
    with service.factory() as session:
        pending = session.scalars(select(OutboxRow.id).where(OutboxRow.delivered_at.is_(None)))
        assert list(pending) == [orphan]
