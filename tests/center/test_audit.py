"""The audit log's hash chain: intact after a whole case; an altered, a removed or a cut-off
entry is named, by `verify_chain`, by the API and by `probable audit-log verify`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from probable.center.audit import verify_chain
from probable.cli import serve as cli_serve
from probable.cli.app import app
from probable.store import transaction
from probable.store.models import AuditRow
from tests.center.service import Service

runner = CliRunner()


@pytest.fixture
def service(services: Callable[..., Service], monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """A store whose log holds the users' and tokens' entries (twelve)."""
    engines = []
    real = cli_serve.make_engine

    def tracked(url: str) -> object:  # the command's engines are closed with the test's store
        engine = real(url)
        engines.append(engine)
        return engine

    monkeypatch.setattr(cli_serve, "make_engine", tracked)
    yield services()
    for engine in engines:
        engine.dispose()


def entries(service: Service) -> int:
    with service.factory() as session:
        return int(session.scalar(select(func.max(AuditRow.seq))) or 0)


def verify(service: Service) -> tuple[int, dict[str, object]]:
    result = runner.invoke(
        app,
        ["audit-log", "verify", "--database-url", service.url, "--json"],
        catch_exceptions=False,
    )
    return result.exit_code, json.loads(result.stdout)


def test_the_chain_verifies_after_a_whole_case(service: Service) -> None:
    event = service.fresh()
    service.at_booking(event)
    posted = service.client.post(
        "/v1/bookings", json=service.payload(event), headers=service.headers("officer")
    )
    assert posted.status_code == 201
    case_id = posted.json()["id"]
    interview = {"conducted_on": event.booked_at.date().isoformat(), "declined": True}
    assert (
        service.client.post(
            f"/v1/cases/{case_id}/interviews", json=interview, headers=service.headers("officer")
        ).status_code
        == 201
    )
    service.clock.advance(days=30)
    service.center.lifecycle.tick()
    with service.factory() as session:
        report = verify_chain(session)
        actions = set(session.scalars(select(AuditRow.action).where(AuditRow.case_id == case_id)))
    assert report.ok, report.problem
    assert report.entries == entries(service) > 12
    assert {"booking.received", "determination.made", "evidence.read"} <= actions
    assert {"interview.recorded"} <= actions

    for role in ("supervisor", "auditor"):
        answer = service.client.get("/v1/audit/verify", headers=service.headers(role))
        assert answer.status_code == 200
        assert answer.json() == {
            "entries": report.entries,
            "ok": True,
            "first_bad_seq": None,
            "problem": "",
        }
    assert (
        service.client.get("/v1/audit/verify", headers=service.headers("officer")).status_code
        == 403
    )
    code, out = verify(service)
    assert (code, out["ok"], out["entries"]) == (0, True, report.entries)


@pytest.mark.parametrize(
    "change",
    [{"detail": {"user_id": 99, "role": "supervisor"}}, {"actor": "system:nobody"}],
    ids=["detail", "actor"],
)
def test_an_altered_entry_is_named(service: Service, change: dict[str, object]) -> None:
    with transaction(service.factory) as session:
        session.execute(update(AuditRow).where(AuditRow.seq == 5).values(**change))
    with service.factory() as session:
        report = verify_chain(session)
    assert (report.ok, report.first_bad_seq) == (False, 5)
    assert "entry 5 was altered" in report.problem
    code, out = verify(service)
    assert (code, out["ok"], out["first_bad_seq"]) == (1, False, 5)
    human = runner.invoke(app, ["audit-log", "verify", "--database-url", service.url])
    assert human.exit_code == 1
    assert "entry 5" in human.output


def test_a_removed_entry_is_named(service: Service) -> None:
    with transaction(service.factory) as session:
        session.execute(delete(AuditRow).where(AuditRow.seq == 7))
    with service.factory() as session:
        report = verify_chain(session)
    assert (report.ok, report.first_bad_seq) == (False, 7)
    assert "entry 7 was removed" in report.problem
    code, out = verify(service)
    assert (code, out["first_bad_seq"]) == (1, 7)


def test_entries_cut_off_the_end_are_detected(service: Service) -> None:
    last = entries(service)
    with transaction(service.factory) as session:
        session.execute(delete(AuditRow).where(AuditRow.seq > last - 2))
    with service.factory() as session:
        report = verify_chain(session)
    assert (report.ok, report.first_bad_seq) == (False, last - 1)
    assert "removed from the end" in report.problem
    code, out = verify(service)
    assert (code, out["ok"]) == (1, False)


def test_a_forged_entry_rehashed_on_its_own_breaks_the_next_link(service: Service) -> None:
    from probable.center.audit import entry_hash

    with transaction(service.factory) as session:
        row = session.get(AuditRow, 4)
        assert row is not None
        forged = {"user_id": 1, "role": "supervisor", "agency_ori": None}
        digest = entry_hash(
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            action=row.action,
            case_id=row.case_id,
            detail=forged,
            prev_hash=row.prev_hash,
        )
        session.execute(
            update(AuditRow).where(AuditRow.seq == 4).values(detail=forged, hash=digest)
        )
    with service.factory() as session:
        report = verify_chain(session)
    assert (report.ok, report.first_bad_seq) == (False, 5)
    assert "does not chain" in report.problem
