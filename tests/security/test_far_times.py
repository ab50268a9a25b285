"""Times far from today never break the service (security review 2026-12-03: HIGH-1, I10, I11).

A booking whose release was 9999-12-30 once overflowed the hold clock, answered 500,
stayed `received`, and then stopped the service from starting again. Every time the
API takes is now bounded (1900 up to 2200 UTC, `probable.center.instants`) and refused
naming the field; and recovery at start sets aside (quarantines) a case it cannot
decide instead of failing the start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from httpx import Response
from sqlalchemy import select, update

from probable.center.audit import verify_chain
from probable.center.intake import BookingIntake
from probable.store.models import AuditRow, BookingRow, CaseRow, DetainerRow
from tests.center.service import Service

#: Times that are valid ISO 8601 but outside what any clock here can count from.
FAR = [
    "0001-01-01T00:00:00+14:00",
    "1899-12-31T23:59:59+00:00",
    "2200-01-01T00:00:00+00:00",
    "8999-12-31T23:59:59-14:00",
]


@pytest.fixture(scope="module")
def service(module_services: Callable[..., Service]) -> Service:
    return module_services()


@pytest.fixture(scope="module")
def issued(service: Service) -> tuple[CaseRow, str]:
    """A case with a detainer issued, and the detainer's number."""
    _, case = service.find(lambda c: c.status == "detainer_issued")
    with service.factory() as session:
        number = session.scalar(select(DetainerRow.number).where(DetainerRow.case_id == case.id))
    assert number is not None
    return case, number


def _refused(response: Response, field: str, bound: str = "2200-01-01") -> None:
    """A 422 that names the field and, where it is a range, the bound."""
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(field in map(str, e["loc"]) for e in detail), detail
    assert any(bound in e["msg"] for e in detail), detail


def _stored(service: Service) -> tuple[int, int, int]:
    return (service.count(BookingRow), service.count(CaseRow), service.count(AuditRow))


@pytest.mark.parametrize("value", FAR)
@pytest.mark.parametrize("field", ["booked_at", "scheduled_release_at"])
def test_a_booking_with_a_far_time_is_refused_naming_the_field(
    service: Service, field: str, value: str
) -> None:
    event = service.fresh()
    service.at_booking(event)
    body = service.payload(event, **{field: value})
    if field == "booked_at":
        body["scheduled_release_at"] = None
    before = _stored(service)
    response = service.client.post("/v1/bookings", json=body, headers=service.headers("intake"))
    _refused(response, field)
    assert _stored(service) == before


@pytest.mark.parametrize("value", ["9999-12-30T12:00:00+00:00", "9999-12-31T23:59:59-14:00"])
def test_a_no_release_placeholder_on_a_hold_is_refused_as_such(
    service: Service, issued: tuple[CaseRow, str], value: str
) -> None:
    """The liaison's `PUT .../release` with 9999: a hold cannot be counted from it."""
    case, _ = issued
    response = service.client.put(
        f"/v1/cases/{case.id}/release",
        json={"release_at": value},
        headers=service.headers(
            "agency_liaison" if case.agency_ori == service.liaison_ori else "officer"
        ),
    )
    _refused(response, "release_at", bound="no release date")


@pytest.mark.parametrize("value", FAR)
def test_far_lifecycle_times_are_refused(
    service: Service, issued: tuple[CaseRow, str], value: str
) -> None:
    case, number = issued
    officer = service.headers("officer")
    calls: list[tuple[str, Callable[..., Response], str, dict[str, Any]]] = [
        ("served_at", service.client.post, f"/v1/documents/{number}/served", {"served_at": value}),
        ("at", service.client.post, f"/v1/documents/{number}/custody", {"at": value}),
        ("release_at", service.client.put, f"/v1/cases/{case.id}/release", {"release_at": value}),
    ]
    before = _stored(service)
    for field, method, url, body in calls:
        _refused(method(url, json=body, headers=officer), field)
    assert _stored(service) == before


@pytest.mark.parametrize("value", FAR)
@pytest.mark.parametrize("role", ["officer", "agency_liaison", "auditor"])
def test_a_far_deadline_filter_is_refused(service: Service, role: str, value: str) -> None:
    response = service.client.get(
        "/v1/cases", params={"deadline_before": value}, headers=service.headers(role)
    )
    _refused(response, "deadline_before")


# ------------------------------------------------------------------ recovery


class _Unreachable:
    """Record systems that fail: intake stores the booking as a `received` case."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def gather(self, *args: Any) -> Any:
        raise RuntimeError("the record systems are unreachable")

    def close(self) -> None:
        self.real.close()


@pytest.fixture
def poisoned(services: Callable[..., Service]) -> Iterator[tuple[Service, int, int]]:
    """A store with two cases left `received`: one whose stored booking cannot be decided
    (a release of year 5000, accepted before times were bounded) and one that can."""
    service = services()
    real = service.center.evidence
    service.center.evidence = _Unreachable(real)  # type: ignore[assignment]
    ids = []
    for _ in range(2):
        event = service.fresh()
        service.at_booking(event)
        intake = BookingIntake.model_validate(service.payload(event))
        with pytest.raises(RuntimeError, match="unreachable"):
            service.center.intake(intake, service.principals["intake"])
        with service.factory() as session:
            ids.append(
                session.scalar(
                    select(CaseRow.id)
                    .join(BookingRow, BookingRow.id == CaseRow.booking_row_id)
                    .where(BookingRow.event_id == intake.event_id)
                )
            )
    service.center.evidence = real
    bad, good = ids
    with service.factory() as session, session.begin():
        booking_id = session.scalar(select(CaseRow.booking_row_id).where(CaseRow.id == bad))
        booking = session.get(BookingRow, booking_id)
        assert booking is not None
        payload = dict(booking.payload)
        payload["scheduled_release_at"] = "5000-01-01T00:00:00+00:00"
        session.execute(
            update(BookingRow).where(BookingRow.id == booking_id).values(payload=payload)
        )
    yield service, bad, good


def test_recovery_quarantines_a_case_it_cannot_decide_and_decides_the_rest(
    poisoned: tuple[Service, int, int],
) -> None:
    service, bad, good = poisoned
    assert service.center.recover() == 1  # the start goes on: no exception
    assert service.case(bad).status == "quarantined"
    assert service.case(good).status not in ("received", "quarantined")
    with service.factory() as session:
        entries = session.scalars(
            select(AuditRow).where(AuditRow.case_id == bad, AuditRow.action == "case.quarantined")
        ).all()
        assert [e.detail for e in entries] == [{"error": "ValidationError", "during": "recovery"}]
        assert verify_chain(session).ok
    assert service.center.recover() == 0  # nothing left received; the quarantined stays put


def test_supervisors_see_a_quarantined_case_and_may_decide_it_again(
    poisoned: tuple[Service, int, int],
) -> None:
    service, bad, _ = poisoned
    service.center.recover()
    listed = service.client.get("/v1/cases", headers=service.headers("supervisor")).json()
    assert bad in [c["id"] for c in listed["cases"]]
    assert listed["counts"].get("quarantined") == 1
    url = f"/v1/cases/{bad}/decide-again"
    assert service.client.post(url, headers=service.headers("officer")).status_code == 403
    still = service.client.post(url, headers=service.headers("supervisor"))
    assert still.status_code == 409 and "ValidationError" in still.json()["detail"]
    assert service.case(bad).status == "quarantined"
    # Mended: the stored release is put right, and the supervisor decides it again.
    with service.factory() as session, session.begin():
        case = session.get(CaseRow, bad)
        assert case is not None
        booking = session.get(BookingRow, case.booking_row_id)
        assert booking is not None
        booking.payload = {**booking.payload, "scheduled_release_at": None}
    decided = service.client.post(url, headers=service.headers("supervisor"))
    assert decided.status_code == 200, decided.text
    assert service.case(bad).status not in ("received", "quarantined")
    with service.factory() as session:
        actions = list(
            session.scalars(
                select(AuditRow.action).where(AuditRow.case_id == bad).order_by(AuditRow.seq)
            )
        )
        assert verify_chain(session).ok
    assert actions.count("case.quarantined") == 2
    assert actions.count("case.released_from_quarantine") == 2
    assert actions[-1] != "case.quarantined"
    again = service.client.post(url, headers=service.headers("supervisor"))
    assert again.status_code == 409 and "not quarantined" in again.json()["detail"]
