"""A new booking, its case and its first determination are one commit; a failure keeps it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from sqlalchemy import event, select

from probable.center.intake import BookingIntake
from probable.center.records import EvidenceSource, Withheld
from probable.evidence.file import EvidenceFile
from probable.law.jurisdictions import DataRestriction
from probable.sources.bookings import BookingEvent
from probable.store.models import AuditRow, BookingRow, CaseRow, DeterminationRow
from tests.center.service import Service


class _Failing:
    """An evidence source that fails while `broken`, else asks the real one."""

    def __init__(self, real: EvidenceSource) -> None:
        self.real = real
        self.broken = True

    def gather(
        self, booking: BookingEvent, closed: Mapping[str, DataRestriction]
    ) -> tuple[EvidenceFile, list[Withheld]]:
        if self.broken:
            raise RuntimeError("the record systems are unreachable")
        return self.real.gather(booking, closed)

    def close(self) -> None:
        self.real.close()


def _transactions(service: Service) -> list[list[str]]:
    """The statements of each transaction the store begins from now on (SQLite's BEGIN)."""
    begun: list[list[str]] = []

    @event.listens_for(service.engine, "before_cursor_execute")
    def _seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("BEGIN"):
            begun.append([])
        elif begun:
            begun[-1].append(" ".join(statement.split()[:3]))

    return begun


def _cases(service: Service) -> list[CaseRow]:
    with service.factory() as session:
        return list(session.scalars(select(CaseRow)))


def _actions(service: Service) -> list[str]:
    with service.factory() as session:
        return list(session.scalars(select(AuditRow.action).order_by(AuditRow.seq)))


def test_a_new_booking_is_stored_and_decided_in_one_write(
    services: Callable[..., Service],
) -> None:
    service = services()
    if service.engine.dialect.name != "sqlite":
        pytest.skip("watches SQLite's BEGIN statements; PostgreSQL begins implicitly")
    found = service.fresh()
    service.at_booking(found)
    transactions = _transactions(service)
    case_id = service.intake(found)
    writes = [t for t in transactions if any(s.startswith(("INSERT", "UPDATE")) for s in t)]
    stored = next(t for t in writes if "INSERT INTO booking_events" in t)
    assert {"INSERT INTO cases", "INSERT INTO determinations", "INSERT INTO audit_log"} <= set(
        stored
    )
    # Any other write is a document's PDF, stored after the commit by itself.
    for other in writes:
        if other is not stored:
            assert other == ["UPDATE detainers SET"], other
    assert service.case(case_id).status != "received"
    assert service.count(DeterminationRow, DeterminationRow.case_id == case_id) == 1


def _intake_while_failing(service: Service) -> tuple[_Failing, BookingIntake]:
    """Post a fresh booking while the record systems fail; the failing source and it."""
    failing = _Failing(service.center.evidence)
    service.center.evidence = failing
    found = service.fresh()
    service.at_booking(found)
    intake = BookingIntake.model_validate(service.payload(found))
    with pytest.raises(RuntimeError, match="unreachable"):
        service.center.intake(intake, service.principals["intake"])
    return failing, intake


def test_a_failure_while_deciding_keeps_the_booking_for_recovery(
    services: Callable[..., Service],
) -> None:
    service = services()
    failing, intake = _intake_while_failing(service)
    [case] = _cases(service)
    assert case.status == "received"
    assert service.count(BookingRow, BookingRow.event_id == intake.event_id) == 1
    assert service.count(DeterminationRow) == 0

    failing.broken = False
    # The sender, unanswered, sends again: the same case, decided now.
    case_id, created = service.center.intake(intake, service.principals["intake"])
    assert (case_id, created) == (case.id, False)
    assert service.case(case.id).status != "received"
    assert service.count(DeterminationRow, DeterminationRow.case_id == case.id) == 1
    assert service.center.recover() == 0


def test_a_case_left_received_is_decided_by_recover(services: Callable[..., Service]) -> None:
    service = services()
    failing, _ = _intake_while_failing(service)
    failing.broken = False
    assert service.center.recover() == 1
    [case] = _cases(service)
    assert case.status != "received"
    actions = _actions(service)
    assert actions.count("booking.received") == 1
    assert actions.count("determination.made") == 1


def test_a_write_that_fails_stores_nothing(
    services: Callable[..., Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    service = services()
    found = service.fresh()
    service.at_booking(found)
    intake = BookingIntake.model_validate(service.payload(found))

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(service.center, "_apply", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        service.center.intake(intake, service.principals["intake"])
    assert service.count(BookingRow) == 0
    assert service.count(CaseRow) == 0
    assert service.count(AuditRow, AuditRow.action == "booking.received") == 0
    monkeypatch.undo()
    case_id, created = service.center.intake(intake, service.principals["intake"])
    assert created
    assert service.case(case_id).status != "received"
