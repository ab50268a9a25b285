"""Corroboration forms: the interview (Directive 16001.2's citizenship questions) and a
document with its scan, each recorded through the center, which decides the case again.

The forms post ordinary HTML fields; they are turned into `InterviewInput` and
`DocumentInput`, so a page accepts exactly what the API accepts, and each refusal is
shown beside the field it names. A scan is limited to 5 MiB and a few image and PDF
types; a larger one is refused with a message saying so. After a recording the browser
goes back to the case, where the new determination is shown first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import PurePath
from typing import Any, get_args

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from probable.center.corroboration_input import DocumentInput, DocumentKind, InterviewInput
from probable.center.errors import ConflictError, InvalidRequestError
from probable.web.pages.rendering import page, redirect
from probable.web.pages.session import User, checked_form

router = APIRouter(include_in_schema=False)

#: The largest scan accepted (the app's body limit must allow a little more: `BODY_LIMITS`).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

#: What a scan may be.
UPLOAD_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/tiff": "TIFF",
}

#: Routes allowed a larger request body than the app's default, for `BodyLimit`.
BODY_LIMITS = ((re.compile(r"/cases/[0-9]+/document"), MAX_UPLOAD_BYTES + 64 * 1024),)

DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)

DOCUMENT_LABELS = {
    "birth_certificate": "U.S. birth certificate",
    "us_passport": "U.S. passport",
    "naturalization_certificate": "Certificate of naturalization",
    "citizenship_certificate": "Certificate of citizenship",
    "consular_report_of_birth": "Consular report of birth abroad",
    "a_file": "A-file review",
    "foreign_passport": "Foreign passport",
}

SHOWS = ("citizen", "lawful_status", "no_status", "final_order", "pending_proceedings", "nothing")

#: Every interview field the form has, by the name the errors use, with its label.
INTERVIEW_LABELS = {
    "conducted_on": "Date of the interview",
    "declined": "The person declined the interview",
    "supervisor_present": "A supervisor was present",
    "claims_us_citizenship": "Claims U.S. citizenship",
    "place_of_birth": "Place of birth (country code)",
    "lpr_since": "Permanent resident since",
    "adopted_by_citizen_on": "Adopted by a U.S. citizen on",
    "documents_held": "Documents the person holds",
    "states_status": "Status the person states",
    "admits_no_status": "Admits having no lawful status",
    "unsure_of_status": "Unsure of their status",
    "parents": "Parents",
}

PARENT_LABELS = {
    "citizen_by_birth": "U.S. citizen by birth",
    "naturalized_on": "Naturalized on",
    "has_custody": "Had legal and physical custody",
    "married_to_other_parent": "Married to the other parent",
    "died_on": "Died on",
    "us_presence_years": "Years of U.S. presence",
    "us_presence_after_14_years": "Years of U.S. presence after age 14",
}

#: The parents' fields as the form names them (`mother.died_on`).
PARENT_FIELD_LABELS = {
    f"{relation}.{name}": f"{relation.capitalize()}: {words.lower()}"
    for relation in ("mother", "father")
    for name, words in PARENT_LABELS.items()
}

DOCUMENT_FIELD_LABELS = {
    "kind": "Type of document",
    "number": "Document number",
    "issued_on": "Issued on",
    "verified": "The issuer confirmed it",
    "source": "Source system",
    "record_id": "Record id in that system",
    "birth_country": "Country of birth (code)",
    "birth_state": "State of birth (code)",
    "shows": "What the A-file shows",
    "shows_on": "As of",
    "status": "Status stated",
    "file": "Scan of the document",
}

_TRI = {"yes": True, "no": False}


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _tri(form: FormData, name: str) -> bool | None:
    return _TRI.get(_text(form, name) or "")


def _code(form: FormData, name: str) -> str | None:
    value = _text(form, name)
    return None if value is None else value.upper()


def interview_data(form: FormData) -> dict[str, Any]:
    """The interview form as `InterviewInput` fields (empty fields left out)."""
    data: dict[str, Any] = {
        "conducted_on": _text(form, "conducted_on"),
        "declined": form.get("declined") == "on",
        "supervisor_present": form.get("supervisor_present") == "on",
        "claims_us_citizenship": _tri(form, "claims_us_citizenship"),
        "place_of_birth": _code(form, "place_of_birth"),
        "lpr_since": _text(form, "lpr_since"),
        "adopted_by_citizen_on": _text(form, "adopted_by_citizen_on"),
        "documents_held": [v for v in form.getlist("documents_held") if isinstance(v, str)],
        "states_status": _text(form, "states_status"),
        "admits_no_status": _tri(form, "admits_no_status"),
        "unsure_of_status": form.get("unsure_of_status") == "on",
    }
    parents = []
    for relation in ("mother", "father"):
        parent: dict[str, Any] = {
            "citizen_by_birth": _tri(form, f"{relation}.citizen_by_birth"),
            "naturalized_on": _text(form, f"{relation}.naturalized_on"),
            "has_custody": _tri(form, f"{relation}.has_custody"),
            "married_to_other_parent": _tri(form, f"{relation}.married_to_other_parent"),
            "died_on": _text(form, f"{relation}.died_on"),
            "us_presence_years": _text(form, f"{relation}.us_presence_years"),
            "us_presence_after_14_years": _text(form, f"{relation}.us_presence_after_14_years"),
        }
        parent = {k: v for k, v in parent.items() if v is not None}
        if parent:
            parents.append({"relation": relation, **parent})
    data["parents"] = parents
    return {k: v for k, v in data.items() if v is not None}


def document_data(form: FormData) -> dict[str, Any]:
    """The document form as `DocumentInput` fields (empty fields left out)."""
    data: dict[str, Any] = {
        "kind": _text(form, "kind"),
        "number": _text(form, "number"),
        "issued_on": _text(form, "issued_on"),
        "verified": form.get("verified") == "on",
        "source": _text(form, "source"),
        "record_id": _text(form, "record_id"),
        "birth_country": _code(form, "birth_country"),
        "birth_state": _code(form, "birth_state"),
        "shows": _text(form, "shows"),
        "shows_on": _text(form, "shows_on"),
        "status": _text(form, "status"),
    }
    return {k: v for k, v in data.items() if v is not None}


def errors_by_field(
    exc: ValidationError, data: Mapping[str, Any], known: Mapping[str, str]
) -> dict[str, str]:
    """Pydantic's errors keyed by the form's field names (`mother.died_on`); the rest under ""."""
    out: dict[str, str] = {}
    parents = [p.get("relation", "") for p in data.get("parents", [])]
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        message = str(error.get("msg", "not accepted")).removeprefix("Value error, ")
        if loc and loc[0] == "parents" and len(loc) >= 3 and loc[1].isdigit():
            index = int(loc[1])
            relation = parents[index] if index < len(parents) else "parent"
            name = f"{relation}.{loc[2]}"
        elif loc and loc[0] == "documents_held":
            name = "documents_held"
        elif loc:
            name = loc[0]
        else:
            # A check across fields: its message starts with the field it names.
            first = message.split(":", 1)[0].split(" ", 1)[0]
            name = first if first in known else ""
        out.setdefault(name, message)
    return out


def _form_values(form: FormData) -> dict[str, Any]:
    """What was typed, to fill the form again after a refusal."""
    values: dict[str, Any] = {}
    for key in form:
        items = [v for v in form.getlist(key) if isinstance(v, str)]
        values[key] = items if key == "documents_held" else (items[-1] if items else "")
    return values


def _case(request: Request, case_id: int, user: User) -> dict[str, Any]:
    user.require("corroboration.record")
    case: dict[str, Any] = request.app.state.views.get_case(case_id, user)
    return case


def _interview_page(
    request: Request,
    case: Mapping[str, Any],
    *,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    return page(
        request,
        "interview.html",
        {
            "case": case,
            "values": values,
            "errors": errors,
            "labels": {**INTERVIEW_LABELS, **PARENT_FIELD_LABELS},
            "parent_labels": PARENT_LABELS,
            "document_kinds": DOCUMENT_KINDS,
            "document_labels": DOCUMENT_LABELS,
            "today": date.today().isoformat(),
        },
        status=status,
    )


@router.get("/cases/{case_id}/interview")
def interview_form(case_id: int, request: Request, user: User) -> Response:
    """The interview form."""
    case = _case(request, case_id, user)
    return _interview_page(
        request, case, values={"conducted_on": date.today().isoformat()}, errors={}
    )


@router.post("/cases/{case_id}/interview")
async def interview_post(case_id: int, request: Request, user: User) -> Response:
    """Record the interview and go back to the case; refusals are shown beside their fields."""
    user.require("corroboration.record")
    form = await checked_form(request)
    data = interview_data(form)
    errors: dict[str, str] = {}
    try:
        interview = InterviewInput.model_validate(data)
    except ValidationError as exc:
        errors = errors_by_field(exc, data, INTERVIEW_LABELS)
    else:
        try:
            await run_in_threadpool(
                request.app.state.center.record_interview, case_id, interview, user
            )
        except InvalidRequestError as exc:
            errors = {exc.field: str(exc)}
        except ConflictError as exc:
            errors = {"": str(exc)}
        else:
            return redirect(request, f"/cases/{case_id}?recorded=interview#determination")
    case = await run_in_threadpool(_case, request, case_id, user)
    return _interview_page(request, case, values=_form_values(form), errors=errors, status=422)


def _document_page(
    request: Request,
    case: Mapping[str, Any],
    *,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    return page(
        request,
        "document_form.html",
        {
            "case": case,
            "values": values,
            "errors": errors,
            "labels": DOCUMENT_FIELD_LABELS,
            "document_kinds": DOCUMENT_KINDS,
            "document_labels": DOCUMENT_LABELS,
            "shows": SHOWS,
            "upload_types": UPLOAD_TYPES,
            "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            "max_upload_bytes": MAX_UPLOAD_BYTES,
        },
        status=status,
    )


@router.get("/cases/{case_id}/document")
def document_form(case_id: int, request: Request, user: User) -> Response:
    """The document form, with an optional scan."""
    case = _case(request, case_id, user)
    return _document_page(request, case, values={}, errors={})


async def _scan(form: FormData) -> tuple[tuple[str, str, bytes] | None, str | None]:
    """The uploaded scan (name, type, bytes), or why it is refused."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None, None
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return None, (
            f"The scan is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
            "scan it at a lower resolution or split it, and send it again."
        )
    if not content:
        return None, "The scan is empty."
    content_type = (upload.content_type or "").split(";", 1)[0].strip().lower()
    if content_type not in UPLOAD_TYPES:
        kinds = ", ".join(UPLOAD_TYPES.values())
        return None, f"A scan must be one of {kinds}, not {content_type or 'an unknown type'}."
    name = PurePath(upload.filename.replace("\\", "/")).name[:200] or "scan"
    return (name, content_type, content), None


@router.post("/cases/{case_id}/document")
async def document_post(case_id: int, request: Request, user: User) -> Response:
    """Record the document (and its scan) and go back to the case; refusals beside fields."""
    user.require("corroboration.record")
    form = await checked_form(request)
    try:
        return await _record_document(request, case_id, user, form)
    finally:
        await form.close()  # the scan's temporary file


async def _record_document(request: Request, case_id: int, user: User, form: FormData) -> Response:
    data = document_data(form)
    errors: dict[str, str] = {}
    scan, refused = await _scan(form)
    status = 422
    if refused is not None:
        errors["file"] = refused
        status = 413 if "larger" in refused else 422
    try:
        document = DocumentInput.model_validate(data)
    except ValidationError as exc:
        errors.update(errors_by_field(exc, data, DOCUMENT_FIELD_LABELS))
    else:
        if not errors:
            try:
                await run_in_threadpool(
                    lambda: request.app.state.center.record_document(
                        case_id, document, user, file=scan
                    )
                )
            except InvalidRequestError as exc:
                errors = {exc.field: str(exc)}
            except ConflictError as exc:
                errors = {"": str(exc)}
            else:
                return redirect(request, f"/cases/{case_id}?recorded=document#determination")
    case = await run_in_threadpool(_case, request, case_id, user)
    values = {k: v for k, v in _form_values(form).items() if k != "file"}
    return _document_page(request, case, values=values, errors=errors, status=status)
