"""The oversight dashboard page in-process: who may see it, its CSVs, and the truth's figures.

The app is the pages' own (`register_pages`) with the dashboard registered over a store of
known rows (`tests/oversight/store_rows.py`); users sign in through the sign-in form.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from probable.center import CaseViews, Center
from probable.center.users import add_user, issue_token
from probable.oversight.dashboard import StoreDashboard
from probable.store import session_factory, sqlite_url, transaction
from probable.web.pages import register_pages
from probable.web.pages.dashboard import DashboardSource, cell, register_dashboard
from tests.asgi import Client, serving
from tests.oversight.store_rows import AS_OF, TRUTH, known_store

ROLES = ("officer", "supervisor", "auditor")
PASSWORD = "correct horse battery staple"


class NoEvidence:
    """The center's evidence source, never asked: these tests post no bookings."""

    def gather(self, *_: Any) -> Any:
        raise AssertionError("no booking is posted in these tests")

    def close(self) -> None:
        """Nothing to close."""


@dataclass
class Site:
    """The app over the known store, its client, and an API token per role."""

    client: Client
    tokens: dict[str, str]

    def sign_in(self, role: str) -> None:
        """Sign in as the role's user through the form (CSRF token included)."""
        form = self.client.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        answer = self.client.post(
            "/sign-in",
            data={
                "csrf_token": token.group(1),
                "username": f"u-{role}",
                "password": PASSWORD,
                "next": "/dashboard",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text


def truth(booking_ids: Any, /) -> dict[str, dict[str, bool]]:
    """The known bookings' truth, as `truth_labels` bound to a world would give it."""
    return {b: TRUTH[b] for b in booking_ids if b in TRUTH}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[sessionmaker[Session], dict[str, str]]]:
    """Read-only sessions on the known store, with a user and token for each role."""
    engine, factory = known_store(sqlite_url(tmp_path / "cases.db"))
    with transaction(session_factory(engine)) as session:
        for role in ROLES:
            add_user(session, username=f"u-{role}", role=role, at=AS_OF, password=PASSWORD)
        tokens = {role: issue_token(session, f"u-{role}", at=AS_OF) for role in ROLES}
    yield factory, tokens
    engine.dispose()


def site_for(
    factory: sessionmaker[Session], tokens: dict[str, str], source: DashboardSource | None
) -> Iterator[Site]:
    """The pages and the dashboard over `source`, in-process."""
    app = FastAPI()
    center = Center(factory, NoEvidence(), clock=lambda: AS_OF)
    app.state.center, app.state.views = center, CaseViews(factory, clock=lambda: AS_OF)
    app.state.factory, app.state.reader = factory, center.reader
    register_pages(app, session_secret=b"a test secret of 32 bytes, fixed")
    register_dashboard(app, source)
    with serving(app, base_url="https://testserver") as client:
        yield Site(client, tokens)


@pytest.fixture
def site(store: tuple[sessionmaker[Session], dict[str, str]]) -> Iterator[Site]:
    """The dashboard with the simulated truth."""
    factory, tokens = store
    yield from site_for(factory, tokens, StoreDashboard(factory, truth, clock=lambda: AS_OF))


def test_the_page_needs_a_signed_in_user(site: Site) -> None:
    answer = site.client.get("/dashboard", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/dashboard"


def test_an_officer_may_not_see_it(site: Site) -> None:
    site.sign_in("officer")
    answer = site.client.get("/dashboard")
    assert answer.status_code == 403
    assert "oversight.read" in answer.text
    assert site.client.get("/dashboard/cases_by_status.csv").status_code == 403


@pytest.mark.parametrize("role", ["supervisor", "auditor"])
def test_supervisors_and_auditors_see_every_figure(site: Site, role: str) -> None:
    site.sign_in(role)
    answer = site.client.get("/dashboard")
    assert answer.status_code == 200
    html = answer.text
    for name in (
        "held_on_truth",
        "documents_by_week",
        "lift_reasons",
        "hold_hours",
        "cases_by_status",
        "cases_by_action",
    ):
        assert f'<section id="{name}"' in html
        assert f'href="/dashboard/{name}.csv"' in html
        spec = re.search(rf'<script type="application/json" id="{name}-spec">(.*?)</script>', html)
        assert spec is not None, name
        assert json.loads(spec.group(1))["$schema"].endswith("/vega-lite/v5.json")
    # Accessible: captions, column headers, each chart's text alternative shown and named.
    assert "<caption>Cases by status</caption>" in html
    assert '<th scope="col" class="num">Cases</th>' in html
    assert 'role="img" aria-label="Bars of cases by status: 9 cases; the most are' in html
    assert "<figcaption" in html
    assert '<a href="/dashboard" aria-current="page">Dashboard</a>' in html
    # probable.js draws each chart with the vendored Vega, loaded before it runs (not
    # deferred); the page runs no inline script, its specs are data.
    assert '<script src="/static/vendor/vega-embed.min.js"></script>' in html
    assert 'data-vega-spec="cases_by_status-spec"' in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_the_truth_figures_are_shown(site: Site) -> None:
    site.sign_in("auditor")
    html = site.client.get("/dashboard").text
    assert "Citizens and non-removable people held (simulated truth)" in html
    assert "2 (40.0%) were on U.S. citizens" in html
    assert "1 (20.0%) on people who could not be removed" in html
    held = site.client.get("/dashboard/held_on_truth.csv")
    rows = list(csv.DictReader(io.StringIO(held.text)))
    assert [(r["profile"], r["us_citizens"], r["not_removable"]) for r in rows] == [
        ("database_only", "2", "0"),
        ("settlement", "0", "1"),
    ]


def test_without_truth_there_are_no_truth_figures(
    store: tuple[sessionmaker[Session], dict[str, str]],
) -> None:
    factory, tokens = store
    for site in site_for(factory, tokens, StoreDashboard(factory, clock=lambda: AS_OF)):
        site.sign_in("auditor")
        html = site.client.get("/dashboard").text
        assert "Cases by status" in html
        assert "held_on_truth" not in html
        assert site.client.get("/dashboard/held_on_truth.csv").status_code == 404


def test_csv_download(site: Site) -> None:
    site.sign_in("supervisor")
    answer = site.client.get("/dashboard/cases_by_status.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="cases_by_status.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert rows[0] == {"status": "detainer_lifted", "cases": "2"}
    assert sum(int(r["cases"]) for r in rows) == 9
    hours = site.client.get("/dashboard/hold_hours.csv").text
    assert hours.splitlines()[0] == "bin,profile,holds,hours,max_hours,from_hours,to_hours"


def test_csv_with_an_api_token(site: Site) -> None:
    def get(role: str | None) -> int:
        headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role else {}
        answer = site.client.get(
            "/dashboard/lift_reasons.csv", headers=headers, follow_redirects=False
        )
        return answer.status_code

    assert get("auditor") == 200
    assert get("officer") == 403
    assert get(None) == 303
    bad = site.client.get("/dashboard/lift_reasons.csv", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_unknown_tables_are_not_found(site: Site) -> None:
    site.sign_in("auditor")
    assert site.client.get("/dashboard/nope.csv").status_code == 404
    assert site.client.get("/dashboard/..%2Fsecrets.csv").status_code == 404


def test_no_source_configured(store: tuple[sessionmaker[Session], dict[str, str]]) -> None:
    factory, tokens = store
    for site in site_for(factory, tokens, None):
        site.sign_in("auditor")
        answer = site.client.get("/dashboard")
        assert answer.status_code == 200
        assert "No oversight source is configured" in answer.text
        assert site.client.get("/dashboard/cases_by_status.csv").status_code == 404


def test_cells_as_the_table_shows_them() -> None:
    assert cell("us_citizen_share", 0.4) == "40.0%"
    assert cell("usc_claim_share_of_lifted", 0.5) == "50.0%"
    assert cell("hours", 1234.5) == "1,234.50"
    assert cell("cases", 12345) == "12,345"
    assert cell("to_hours", None) == "—"
    assert cell("status", "received") == "received"
