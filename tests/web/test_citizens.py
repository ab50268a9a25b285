"""A citizen found is never flagged again: the verification is kept by FIN, a later
booking of the same person starts from it, and each record system whose record tied to
the fingerprints showed them an alien gets a correction through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from probable.center import CenterSettings
from probable.center.outbox import FileDrop, OutboxWorker
from probable.store.models import AuditRow, OutboxRow, VerifiedCitizenRow
from tests.center.service import Service


@pytest.fixture(scope="module")
def policy(module_services: Callable[..., Service]) -> Service:
    """Policy 10074.2 on every booking: a detainer on a basis tied to the fingerprints."""
    return module_services(CenterSettings(profile="policy_10074"))


def _post(service: Service, body: dict[str, Any]) -> dict[str, Any]:
    response = service.client.post("/v1/bookings", json=body, headers=service.headers("intake"))
    assert response.status_code == 201, response.text
    case: dict[str, Any] = service.client.get(
        f"/v1/cases/{response.json()['id']}", headers=service.headers("officer")
    ).json()
    return case


def test_a_verified_citizen_is_kept_corrected_and_never_flagged_again(
    policy: Service, tmp_path: Path
) -> None:
    # A person whose records tied to the fingerprints make them look removable: a detainer.
    event, case = policy.find(lambda c: c.action == "issue_detainer")
    passport = {"kind": "us_passport", "number": "P555000111", "verified": True}
    response = policy.client.post(
        f"/v1/cases/{case.id}/documents", json=passport, headers=policy.headers("officer")
    )
    assert response.status_code == 201, response.text
    decided = response.json()["determinations"][-1]
    assert decided["action"] == "no_action", decided["reason"]
    bases = {ref.split(" (")[0] for b in response.json()["determinations"][0]["bases"]
             for ref in b["facts"]}  # fmt: skip

    with policy.factory() as session:
        [stored] = session.scalars(select(VerifiedCitizenRow)).all()
        assert (stored.fin, stored.case_id) == (event.fin, case.id)
        assert "passport" in stored.proof["indicators"][0]["summary"]
        corrections = session.scalars(
            select(OutboxRow).where(OutboxRow.kind == "record.correction")
        ).all()
        # Each record the detainer rested on was wrong about a citizen: each is corrected.
        corrected = {f"{r.record_system}:{r.payload['record_id']}" for r in corrections}
        assert bases and bases <= corrected, (bases, corrected)
        for row in corrections:
            assert row.agency_ori is None and row.record_system is not None
            assert row.payload["verified_citizen"] is True and row.payload["shows"]
        audit = session.scalars(
            select(AuditRow).where(AuditRow.action == "citizenship.verified")
        ).all()
        assert [a.case_id for a in audit] == [case.id]

    # The same fingerprints booked again, a year later: decided at once, never referred.
    later = policy.payload(
        event,
        booking_id=f"{event.booking_id}-again",
        booked_at=(event.booked_at + timedelta(days=365)).isoformat(),
        scheduled_release_at=None,
    )
    policy.clock.set(event.booked_at + timedelta(days=365, minutes=10))
    again = _post(policy, later)
    last = again["determinations"][-1]
    assert last["action"] == "no_action", last["reason"]
    assert "verified a U.S. citizen by this center before" in str(last)
    assert again["documents"] == []
    with policy.factory() as session:
        assert len(session.scalars(select(VerifiedCitizenRow)).all()) == 1, "kept once"

    # The corrections go out through the outbox, one file per record system.
    delivered = OutboxWorker(policy.factory, FileDrop(tmp_path), clock=policy.clock).run_once()
    assert delivered >= len(corrections)
    for row in corrections:
        assert (tmp_path / f"system-{row.record_system}" / f"{row.id:012d}.json").is_file()
