"""The case page: booking, records by source with links and waterfalls, the determination's
explanation with citations, hold clock, history; escaping; what a liaison may not see."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from probable.center import Center
from probable.web import create_app
from tests.asgi import serving
from tests.web.pages.world import SCRIPT_NAME, PageWorld, sign_in

SPEC = re.compile(r'<script type="application/json" id="([^"]+)-spec">(.*?)</script>', re.S)


def specs(html: str) -> dict[str, Any]:
    """The waterfall specs a page carries, by chart id."""
    return {m.group(1): json.loads(m.group(2)) for m in SPEC.finditer(html)}


def test_the_case_shows_records_by_source_with_how_each_was_linked(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    case = pages.views.get_case(case_id, pages.principals["officer"])
    page = pages.client("officer").get(f"/cases/{case_id}")
    assert page.status_code == 200
    html = page.text
    evidence = case["determinations"][-1]["evidence"]
    sources = {f["provenance"]["source"] for f in evidence["facts"]}
    for source in sources:
        assert f'<h3 id="src-{source}">{source} ' in html
    fingerprint = [f for f in evidence["facts"] if f["provenance"]["link"] == "fingerprint"]
    assert fingerprint
    record = fingerprint[0]["provenance"]
    assert f'id="rec-{record["source"]}-{record["record_id"]}"' in html
    assert "<dt>Linked by</dt><dd>fingerprint</dd>" in html
    assert "<dt>Link probability</dt>" in html
    assert case["booking"]["booking_id"] in html
    assert "Citizenship indicators" in html


def test_the_waterfall_spec_adds_up_to_the_links_weight(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    html = pages.client("officer").get(f"/cases/{case_id}").text
    found = specs(html)
    assert found, "no waterfall on the case page"
    for chart_id, spec in found.items():
        assert spec["$schema"].endswith("vega-lite/v5.json")
        rows = spec["data"]["values"]
        assert rows[0]["comparison"] == "prior"
        assert rows[-1]["comparison"] == "total"
        steps = rows[:-1]
        assert sum(r["weight"] for r in steps) == pytest.approx(rows[-1]["weight"], abs=0.01)
        for before, after in itertools.pairwise(steps):
            assert after["start"] == pytest.approx(before["end"])
        assert f'data-vega-spec="{chart_id}-spec"' in html
    assert '<script src="/static/vendor/vega-embed.min.js" defer></script>' in html


def test_the_explanation_links_each_citation(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    case = pages.views.get_case(case_id, pages.principals["officer"])
    html = pages.client("officer").get(f"/cases/{case_id}").text

    def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [node, *(n for child in node["children"] for n in walk(child))]

    cited = [n for n in walk(case["determinations"][-1]["explanation"]) if n["url"]]
    assert cited
    for node in cited:
        href = node["url"].replace("&", "&amp;")
        assert f'href="{href}" rel="external noopener noreferrer">' in html
    assert '<ul class="tree">' in html


def test_the_hold_clock_counts_down_from_its_iso_end(pages: PageWorld) -> None:
    case_id = pages.peek("awaiting_review")
    case = pages.views.get_case(case_id, pages.principals["officer"])
    html = pages.client("officer").get(f"/cases/{case_id}").text
    end = case["determinations"][-1]["hold"]["expires_at"]
    assert f'data-countdown="{end}"' in html
    assert "Hold clock if the review approves" in html


def test_the_history_comes_from_the_audit_log(pages: PageWorld) -> None:
    case_id = pages.peek("closed")
    client = pages.client("supervisor")
    client.get(f"/cases/{case_id}")
    html = client.get(f"/cases/{case_id}").text  # the first read is in the log by now
    assert "booking.received" in html
    assert "determination.made" in html
    assert "evidence.read" in html


def test_conflicts_and_stale_records_are_flagged(pages: PageWorld) -> None:
    officer = pages.principals["officer"]
    for case_id in sorted(pages.agency_of):
        evidence = pages.views.get_case(case_id, officer)["determinations"][-1]["evidence"]
        if evidence["conflicts"] or any(w["kind"] == "stale" for w in evidence["warnings"]):
            break
    else:
        pytest.skip("no case of this world has a conflict or a stale record")
    html = pages.client("officer").get(f"/cases/{case_id}").text
    if evidence["conflicts"]:
        assert "Conflicts between records" in html
        assert '<span class="flag flag-conflict">in conflict</span>' in html
    if any(w["kind"] == "stale" for w in evidence["warnings"]):
        assert '<span class="flag flag-stale">stale</span>' in html


def test_a_script_for_a_name_is_shown_as_text(pages: PageWorld) -> None:
    html = pages.client("officer").get(f"/cases/{pages.script_case}").text
    assert SCRIPT_NAME not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_a_liaison_sees_their_booking_and_documents_but_no_evidence(pages: PageWorld) -> None:
    liaison = pages.principals["agency_liaison"]
    client = pages.client("agency_liaison")
    own = next(c for c, a in sorted(pages.agency_of.items()) if a == liaison.agency_ori)
    page = client.get(f"/cases/{own}")
    assert page.status_code == 200
    assert "The evidence behind this case is not shown to your role." in page.text
    assert "records-title" not in page.text
    assert "data-vega-spec" not in page.text
    assert "Record an interview" not in page.text
    assert client.get(f"/cases/{own}/interview").status_code == 403


def test_a_liaison_cannot_open_another_agencys_case(pages: PageWorld) -> None:
    liaison = pages.principals["agency_liaison"]
    assert liaison.agency_ori is not None
    other = pages.other_agency_case(liaison.agency_ori)
    page = pages.client("agency_liaison").get(f"/cases/{other}")
    assert page.status_code == 404
    assert "Not found" in page.text
    assert pages.client("agency_liaison").get("/cases/999999").status_code == 404


class _NoIndex:
    """An evidence source without an identity index (the pages cannot look links up)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def gather(self, *args: Any) -> Any:
        return self.inner.gather(*args)

    def close(self) -> None:
        """Nothing to close: the inner source belongs to the page world."""


def test_without_an_index_a_link_shows_its_probability_only(pages: PageWorld) -> None:
    center = Center(pages.center.factory, _NoIndex(pages.center.evidence))
    with serving(create_app(center, pages.views), lifespan=False, follow_redirects=False) as client:
        sign_in(client, "olivia")
        html = client.get(f"/cases/{pages.peek('awaiting_review')}").text
    assert "data-vega-spec" not in html
    assert "No comparison breakdown is available for this link" in html
    assert "<dt>Link probability</dt>" in html


def test_records_an_a_file_review_set_aside_are_shown_with_why() -> None:
    from probable.web.pages.case import record_groups

    def fact(source: str, record_id: str, kind: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "ref": f"{source}:{record_id} (biographic)",
            "provenance": {"source": source, "record_id": record_id, "link": "biographic",
                           "probability": 0.9999, "match_weight": 20.0,
                           "recorded_at": "2010-01-01"},
        }  # fmt: skip

    why = "the A-file review shows claims4:N9 A000000999 under an A-number ..."
    evidence = {
        "facts": [fact("cis", "C1", "status_grant")],
        "set_aside": [fact("claims4", "N9", "naturalization")],
        "warnings": [
            {"kind": "set_aside", "message": why, "source": None,
             "facts": ["claims4:N9 (biographic)"]},
            {"kind": "shared_name", "message": "3 other identities ...", "source": None,
             "facts": []},
        ],
    }  # fmt: skip
    groups = {g.source: g for g in record_groups(evidence, None)}
    assert set(groups) == {"cis", "claims4"}
    [aside] = groups["claims4"].records
    assert aside.notes == [why]
    assert groups["cis"].records[0].notes == []
