"""Interview and document forms: a recording decides the case again and the new determination
shows; refusals name their field beside it; a scan is limited; an auditor may not record."""

from __future__ import annotations

from datetime import date, timedelta

from tests.web.pages.world import PageWorld, csrf_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def determinations(pages: PageWorld, case_id: int) -> int:
    """How many determinations the case has."""
    return len(pages.views.get_case(case_id, pages.principals["officer"])["determinations"])


def test_an_interview_decides_the_case_again(pages: PageWorld) -> None:
    case_id = pages.take("citizenship_investigation")
    before = determinations(pages, case_id)
    client = pages.client("officer")
    form = client.get(f"/cases/{case_id}/interview")
    assert form.status_code == 200
    for name in ("conducted_on", "place_of_birth", "mother.naturalized_on", "lpr_since"):
        assert f'<label for="f-{name.replace(".", "_")}">' in form.text
    response = client.post(
        f"/cases/{case_id}/interview",
        data={
            "csrf_token": csrf_of(form.text),
            "conducted_on": date.today().isoformat(),
            "claims_us_citizenship": "yes",
            "place_of_birth": "us",
            "mother.citizen_by_birth": "yes",
            "documents_held": ["birth_certificate"],
            "supervisor_present": "on",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}?recorded=interview#determination"
    after = client.get(response.headers["location"])
    assert determinations(pages, case_id) == before + 1
    assert "The interview was recorded and the case decided again" in after.text
    assert f"Determination {before + 1}: " in after.text
    assert "after corroboration" in after.text
    assert "interview.recorded" in after.text


def test_interview_refusals_are_shown_beside_their_field(pages: PageWorld) -> None:
    case_id = pages.peek("citizenship_investigation")
    client = pages.client("officer")
    form = client.get(f"/cases/{case_id}/interview")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/cases/{case_id}/interview",
        data={
            "csrf_token": csrf_of(form.text),
            "conducted_on": tomorrow,
            "place_of_birth": "USA",
            "father.us_presence_years": "-3",
        },
    )
    assert response.status_code == 422
    html = response.text
    assert 'id="err-place_of_birth"' in html
    assert "<strong>Place of birth (country code)</strong>:" in html
    assert 'aria-invalid="true"' in html
    assert 'id="err-father_us_presence_years"' in html
    assert f'value="{tomorrow}"' in html  # what was typed is kept
    assert 'role="alert"' in html
    later = client.post(
        f"/cases/{case_id}/interview",
        data={"csrf_token": csrf_of(form.text), "conducted_on": tomorrow},
    )
    assert 'id="err-conducted_on"' in later.text
    assert "conducted_on is in the future" in later.text


def test_a_document_with_its_scan_decides_the_case_again(pages: PageWorld) -> None:
    case_id = pages.take("citizenship_investigation")
    before = determinations(pages, case_id)
    client = pages.client("officer")
    form = client.get(f"/cases/{case_id}/document")
    assert 'enctype="multipart/form-data"' in form.text
    response = client.post(
        f"/cases/{case_id}/document",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "us_passport",
            "number": "P1234567",
            "verified": "on",
        },
        files={"file": ("passport.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert determinations(pages, case_id) == before + 1
    assert "The document was recorded" in page.text
    assert "(passport.pdf)" in page.text


def test_document_refusals_name_the_field(pages: PageWorld) -> None:
    case_id = pages.peek("citizenship_investigation")
    client = pages.client("officer")
    token = csrf_of(client.get(f"/cases/{case_id}/document").text)
    a_file = client.post(
        f"/cases/{case_id}/document",
        data={"csrf_token": token, "kind": "a_file", "number": "A1"},
    )
    assert a_file.status_code == 422
    assert 'id="err-shows"' in a_file.text
    assert "an A-file review must say what the file shows" in a_file.text
    missing = client.post(f"/cases/{case_id}/document", data={"csrf_token": token})
    assert 'id="err-kind"' in missing.text
    assert 'id="err-number"' in missing.text


def test_a_scan_over_five_megabytes_is_refused_with_a_message(pages: PageWorld) -> None:
    case_id = pages.peek("citizenship_investigation")
    before = determinations(pages, case_id)
    client = pages.client("officer")
    token = csrf_of(client.get(f"/cases/{case_id}/document").text)
    data = {"csrf_token": token, "kind": "us_passport", "number": "P7654321"}
    big = client.post(
        f"/cases/{case_id}/document",
        data=data,
        files={"file": ("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")},
    )
    assert big.status_code == 413
    assert 'id="err-file"' in big.text
    assert "The scan is larger than 5 MB" in big.text
    wrong = client.post(
        f"/cases/{case_id}/document",
        data=data,
        files={"file": ("run.exe", b"MZ", "application/x-msdownload")},
    )
    assert wrong.status_code == 422
    assert "A scan must be one of PDF, PNG, JPEG, TIFF" in wrong.text
    assert determinations(pages, case_id) == before


def test_an_auditor_cannot_record_an_interview(pages: PageWorld) -> None:
    case_id = pages.peek("citizenship_investigation")
    client = pages.client("auditor")
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "Record an interview" not in page.text
    assert client.get(f"/cases/{case_id}/interview").status_code == 403
    refused = client.post(
        f"/cases/{case_id}/interview",
        data={"csrf_token": csrf_of(page.text), "conducted_on": date.today().isoformat()},
    )
    assert refused.status_code == 403
    assert "may not corroboration.record" in refused.text
