"""A response center with pages over the small world, for the page and browser tests.

Bookings of the small world are taken in under the settlement-with-neutral-review
profile (so there are reviews, referrals, notifications and detainers), with a user of
every role, all with one password. Cases are handed out by status with `take`, so a
test that changes a case has it to itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from probable.center import CaseViews, Center, CenterSettings, IndexEvidence, Principal
from probable.center.intake import BookingIntake, intake_payload
from probable.center.users import add_user, load_agencies, principal_of
from probable.sources import BookingEvent, read_world_agencies, read_world_booking_events
from probable.store import make_engine, migrate, session_factory, transaction
from probable.store.models import CaseRow, DetainerRow, UserRow
from probable.web import create_app
from tests.asgi import Client, Clients

PASSWORD = "a long test password"

#: Username of each role's user.
USERS = {
    "officer": "olivia",
    "supervisor": "sam",
    "neutral_reviewer": "rita",
    "auditor": "avery",
    "agency_liaison": "lee",
    "intake": "feed",
}

#: A booked name that must come out escaped on every page.
SCRIPT_NAME = "<script>alert('x')</script>"

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class PageWorld:
    """The center, its app, its users and its cases' agencies."""

    center: Center
    views: CaseViews
    app: Any
    principals: dict[str, Principal]
    agency_of: dict[int, str]
    script_case: int
    clients: Clients
    taken: set[int] = field(default_factory=set)

    def with_status(self, status: str) -> list[int]:
        """The cases of that status now, oldest first."""
        with self.center.factory() as session:
            return list(
                session.scalars(
                    select(CaseRow.id).where(CaseRow.status == status).order_by(CaseRow.id)
                )
            )

    def take(self, status: str) -> int:
        """A case of that status no other test has taken (for a test that changes it)."""
        for case_id in self.with_status(status):
            if case_id not in self.taken:
                self.taken.add(case_id)
                return case_id
        raise LookupError(f"no case left with status {status!r}")

    def peek(self, status: str) -> int:
        """A case of that status no test changes (the last, as `take` takes the first)."""
        free = [c for c in self.with_status(status) if c not in self.taken]
        if not free:
            raise LookupError(f"no case left with status {status!r}")
        return free[-1]

    def client(self, role: str | None = None) -> Client:
        """A client of the app (redirects not followed), signed in as the role's user when
        given."""
        client = self.clients.client(follow_redirects=False)
        if role is not None:
            sign_in(client, USERS[role])
        return client

    def other_agency_case(self, agency: str) -> int:
        """A case of another agency than `agency`."""
        return next(c for c, a in sorted(self.agency_of.items()) if a != agency)


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = CSRF.search(html)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: Client, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser would."""
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 303, response.text


def build_page_world(
    out: Path,
    world_dir: Path,
    index_path: Path,
    *,
    bookings: int = 30,
    max_body_bytes: int = 8 * 1024 * 1024,
) -> Iterator[PageWorld]:
    """Take in `bookings` of the world's fingerprinted bookings (and one with a script for a
    name); yield the world, then close the evidence source."""
    engine = make_engine(f"sqlite+pysqlite:///{out / 'pages.db'}")
    migrate(engine)
    factory = session_factory(engine)
    events = [e for e in read_world_booking_events(world_dir) if e.fin][: bookings + 1]
    now = datetime.now(UTC)
    with transaction(factory) as session:
        load_agencies(session, read_world_agencies(world_dir))
        for role, username in USERS.items():
            agency = events[0].agency.ori if role == "agency_liaison" else None
            add_user(
                session, username=username, role=role, at=now, agency_ori=agency, password=PASSWORD
            )
    with factory() as session:
        principals = {
            role: principal_of(
                session.scalars(select(UserRow).where(UserRow.username == name)).one()
            )
            for role, name in USERS.items()
        }
    evidence = IndexEvidence.from_world(world_dir, index_path)
    center = Center(factory, evidence, settings=CenterSettings(profile="settlement_neutral_review"))
    views = CaseViews(factory, clock=center.clock)
    feed = principals["intake"]

    # Each booking moved to an hour ago, its release with it, as a live feed would bring
    # them: hold clocks and deadlines are live, and no release has passed (a release gone
    # before the decision gets no hold).
    def live(event: BookingEvent) -> timedelta:
        return now - timedelta(hours=1) - event.booked_at

    for event in events[:bookings]:
        payload = intake_payload(event, event_id=f"ev-{event.booking_id}", shift=live(event))
        center.intake(BookingIntake.model_validate(payload), feed)
    last = events[bookings]
    payload = intake_payload(last, event_id=f"ev-{last.booking_id}", shift=live(last))
    payload["given_name"] = SCRIPT_NAME
    script_case, _ = center.intake(BookingIntake.model_validate(payload), feed)
    with factory() as session:
        agency_of = {
            row[0]: row[1] for row in session.execute(select(CaseRow.id, CaseRow.agency_ori))
        }
        # The liaison works for the agency with the most documents, so their own documents
        # exist to be shown (which agency gets documents follows the law, not the order).
        sent = Counter(
            agency_of[case_id] for case_id in session.scalars(select(DetainerRow.case_id))
        )
    if sent:
        liaison_ori = min(sent, key=lambda ori: (-sent[ori], ori))
        with transaction(factory) as session:
            liaison = session.scalars(
                select(UserRow).where(UserRow.username == USERS["agency_liaison"])
            ).one()
            liaison.agency_ori = liaison_ori
            principals["agency_liaison"] = principal_of(liaison)
    app = create_app(center, views, max_body_bytes=max_body_bytes)
    try:
        with ExitStack() as stack:
            clients = Clients(app, stack)
            yield PageWorld(center, views, app, principals, agency_of, script_case, clients)
    finally:
        evidence.close()
        engine.dispose()
