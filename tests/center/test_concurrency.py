"""The same booking event posted from several threads at once is one case, decided once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from probable.center.audit import verify_chain
from probable.center.intake import BookingIntake
from probable.store.models import AuditRow, BookingRow, CaseRow, DeterminationRow
from tests.center.service import Service

THREADS = 8


def test_one_event_posted_at_once_from_many_threads_is_one_case(
    services: Callable[..., Service],
) -> None:
    service = services()
    event = service.fresh()
    service.at_booking(event)
    intake = BookingIntake.model_validate(service.payload(event))
    start = threading.Barrier(THREADS)

    def post(_: int) -> tuple[int, bool]:
        start.wait()
        return service.center.intake(intake, service.principals["intake"])

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(post, range(THREADS)))

    case_ids = {case_id for case_id, _ in answers}
    assert len(case_ids) == 1
    assert sum(created for _, created in answers) == 1
    [case_id] = case_ids
    assert service.count(BookingRow, BookingRow.event_id == intake.event_id) == 1
    assert service.count(CaseRow) == 1
    assert service.case(case_id).status != "received"
    assert service.count(DeterminationRow, DeterminationRow.case_id == case_id) == 1
    assert service.count(AuditRow, AuditRow.action == "booking.received") == 1
    with service.factory() as session:
        assert verify_chain(session).ok
