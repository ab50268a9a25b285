"""The document a jail receives (Form I-247A or I-247G) as it will be printed.

The page frames the HTML stored when the document was issued (byte for byte what the
jail was sent), with a print button and the PDF beside it. Reads go through
`CaseViews.document`, so a liaison sees only their own agency's documents.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from probable.center.errors import NotFoundError
from probable.store.models import DetainerRow
from probable.web.pages.rendering import nonce_of, page, security_headers
from probable.web.pages.session import User

router = APIRouter(include_in_schema=False)

#: A document number as the center issues them.
NUMBER = re.compile(r"[A-Za-z0-9-]{1,24}")


def _document(request: Request, number: str, user: User) -> DetainerRow:
    if not NUMBER.fullmatch(number):
        raise NotFoundError(f"no document {number!r}")
    row: DetainerRow = request.app.state.views.document(number, user)
    return row


@router.get("/documents/{number}")
def document_page(number: str, request: Request, user: User) -> Response:
    """The document framed as printed, with its lifecycle, a print button and the PDF."""
    row = _document(request, number, user)
    return page(request, "document.html", {"doc": row})


@router.get("/documents/{number}/print")
def document_print(number: str, request: Request, user: User) -> Response:
    """The stored HTML alone (what the page frames, and what prints)."""
    row = _document(request, number, user)
    response = HTMLResponse(row.html)
    security_headers(response, nonce_of(request), frame=True)
    # The stored document has its own inline style and nothing else.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
    )
    return response


@router.get("/documents/{number}/pdf")
def document_pdf(number: str, request: Request, user: User) -> Response:
    """The document as a PDF (as printed and sent)."""
    row = _document(request, number, user)
    response = Response(
        request.app.state.center.lifecycle.pdf(row),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{row.number}.pdf"'},
    )
    security_headers(response, nonce_of(request))
    return response
