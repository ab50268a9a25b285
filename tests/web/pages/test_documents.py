"""The document a jail receives, framed as printed, with its PDF; liaisons see only theirs."""

from __future__ import annotations

from tests.web.pages.world import PageWorld


def a_document(pages: PageWorld, *statuses: str) -> tuple[int, str]:
    """A case of the first of `statuses` that has one, and the number of its first
    document."""
    for status in statuses:
        for case_id in pages.with_status(status):
            docs = pages.views.get_case(case_id, pages.principals["officer"])["documents"]
            if docs:
                return case_id, docs[0]["number"]
    raise LookupError(statuses)


def test_the_document_page_frames_the_stored_html_with_a_print_button(pages: PageWorld) -> None:
    case_id, number = a_document(pages, "notification_requested", "detainer_issued")
    client = pages.client("officer")
    case = client.get(f"/cases/{case_id}")
    assert f'href="/documents/{number}"' in case.text
    page = client.get(f"/documents/{number}")
    assert page.status_code == 200
    assert (
        f'<iframe id="document-frame" class="document-frame" src="/documents/{number}/print"'
        in (page.text)
    )
    assert 'data-print-frame="document-frame"' in page.text
    stored = pages.views.document(number, pages.principals["officer"])
    printed = client.get(f"/documents/{number}/print")
    assert printed.text == stored.html
    assert "frame-ancestors 'self'" in printed.headers["content-security-policy"]
    pdf = client.get(f"/documents/{number}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_liaison_opens_only_their_agencys_documents(pages: PageWorld) -> None:
    liaison = pages.principals["agency_liaison"]
    client = pages.client("agency_liaison")
    officer = pages.principals["officer"]
    seen: set[int] = set()
    for case_id, agency in sorted(pages.agency_of.items()):
        docs = pages.views.get_case(case_id, officer)["documents"]
        if not docs:
            continue
        status = client.get(f"/documents/{docs[0]['number']}").status_code
        assert status == (200 if agency == liaison.agency_ori else 404)
        seen.add(status)
    assert seen == {200, 404}, "documents of the liaison's agency and of another were tried"


def test_an_unknown_document_is_not_found(pages: PageWorld) -> None:
    client = pages.client("officer")
    assert client.get("/documents/N0000-missing").status_code == 404
    assert client.get("/documents/..%2F..%2Fetc").status_code == 404
