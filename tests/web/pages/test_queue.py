"""The queue: open cases by deadline, filters and counts, the polled fragment, agency scope."""

from __future__ import annotations

import re

from tests.web.pages.world import PageWorld

ROW = re.compile(r'<a id="case-link-(\d+)" href="/cases/\d+">')


def listed(html: str) -> list[int]:
    """The case ids a queue page lists, in order."""
    return [int(m) for m in ROW.findall(html)]


def test_the_queue_lists_open_cases_by_deadline_with_counts(pages: PageWorld) -> None:
    client = pages.client("officer")
    page = client.get("/queue")
    assert page.status_code == 200
    ids = listed(page.text)
    expected = pages.views.list_cases(pages.principals["officer"], _open(), limit=50)
    assert ids == [c["id"] for c in expected["cases"]]
    assert not set(ids) & set(pages.with_status("closed"))
    closed = len(pages.with_status("closed"))
    assert f'Closed <span class="count">{closed}</span>' in page.text
    total = len(pages.agency_of)
    assert f'All <span class="count">{total}</span>' in page.text
    # Landmarks, a skip link and a label for every filter.
    assert '<a class="skip-link" href="#main">' in page.text
    assert '<main id="main"' in page.text
    for name in ("status", "agency", "state", "action", "profile"):
        assert f'<label for="f-{name}">' in page.text
    assert 'href="/dashboard"' not in page.text  # an officer has no oversight


def _open() -> object:
    from probable.center.views import OPEN_STATUSES, CaseFilter

    return CaseFilter(status=OPEN_STATUSES)


def test_filters_narrow_the_queue(pages: PageWorld) -> None:
    client = pages.client("officer")
    closed = listed(client.get("/queue?status=closed").text)
    assert sorted(closed) == sorted(pages.with_status("closed"))
    detainers = listed(client.get("/queue?status=all&action=issue_detainer").text)
    assert detainers, "the page world has detainer cases to filter"
    for case_id in detainers:
        assert case_id in pages.with_status("awaiting_review") + pages.with_status(
            "detainer_issued"
        )
    agency = pages.agency_of[pages.peek("closed")]
    mine = listed(client.get(f"/queue?status=all&agency={agency}").text)
    assert mine
    assert all(pages.agency_of[c] == agency for c in mine)
    state = client.get("/queue?status=all&state=zz").text
    assert "No cases match" in state
    unknown = client.get("/queue?status=nonsense&action=nonsense&profile=nonsense")
    assert unknown.status_code == 200  # unknown values are dropped, not errors
    profile = listed(client.get("/queue?status=all&profile=gonzalez_judgment").text)
    assert profile == []


def test_the_fragment_is_the_results_alone_and_polls(pages: PageWorld) -> None:
    client = pages.client("officer")
    fragment = client.get("/queue/results?status=closed")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'hx-trigger="every 15s"' in fragment.text
    assert 'hx-get="/queue/results?status=closed"' in fragment.text
    assert sorted(listed(fragment.text)) == sorted(pages.with_status("closed"))
    page = client.get("/queue")
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in page.text
    assert client.get("/static/vendor/htmx.min.js").status_code == 200


def test_pages_of_the_queue(pages: PageWorld) -> None:
    client = pages.client("officer")
    page = client.get("/queue?status=all&page=2")
    assert page.status_code == 200
    assert "No cases on page 2 of the" in page.text
    assert client.get("/queue?page=0").status_code == 422


def test_a_liaison_sees_only_their_agencys_cases(pages: PageWorld) -> None:
    liaison = pages.principals["agency_liaison"]
    page = pages.client("agency_liaison").get("/queue?status=all")
    ids = listed(page.text)
    assert ids
    assert all(pages.agency_of[c] == liaison.agency_ori for c in ids)
    assert f"Cases of agency {liaison.agency_ori}" in page.text
    assert 'for="f-agency"' not in page.text


def test_names_are_escaped_in_the_queue(pages: PageWorld) -> None:
    page = pages.client("officer").get("/queue?status=all")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
