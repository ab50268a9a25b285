"""Errors on pages answered as pages: 404, 403, 409, 422 and the sign-in redirect.

The API's handlers answer JSON; these wrap them, so a request for a page (any path
outside `/v1`, the OpenAPI documents, `/healthz` and `/static`) gets an HTML page
instead, while the API answers exactly as before.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from probable.center.access import AccessDeniedError
from probable.center.errors import ConflictError, InvalidRequestError, NotFoundError
from probable.web.pages.rendering import page, redirect
from probable.web.pages.session import CsrfError, SignInRequiredError, sign_in_url

log = logging.getLogger("probable.web.pages")

#: Paths that are not pages: the API keeps its JSON answers there.
NOT_PAGES = ("/v1", "/openapi.json", "/docs", "/redoc", "/healthz", "/static")

Handler = Callable[[Request, Any], Response | Awaitable[Response]]

_TITLES = {
    401: "Sign in to continue",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Not possible now",
    413: "Too large",
    422: "Not accepted",
}


def is_page(request: Request) -> bool:
    """Whether the request is for a page (not the API)."""
    path = request.url.path
    return not any(path == p or path.startswith(p + "/") for p in NOT_PAGES)


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page (its message is the center's, which names no person)."""
    return page(
        request,
        "error.html",
        {"status": status, "title": _TITLES.get(status, "Error"), "message": message},
        status=status,
    )


def _wrap(app: FastAPI, exc_class: type[Exception], answer: Handler) -> None:
    original = app.exception_handlers.get(exc_class)

    async def handler(request: Request, exc: Exception) -> Response:
        if is_page(request) or original is None:
            result = answer(request, exc)
        else:
            result = original(request, exc)
        if inspect.isawaitable(result):
            return await result
        assert isinstance(result, Response)
        return result

    app.add_exception_handler(exc_class, handler)


def _http(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 404:
        return error_page(request, 404, "There is no such page.")
    return error_page(request, exc.status_code, str(exc.detail))


def _sign_in(request: Request, exc: Exception) -> Response:
    if request.headers.get("hx-request"):
        # htmx: reload the whole page at the sign-in form, not inside the fragment.
        return Response(status_code=401, headers={"HX-Redirect": sign_in_url(request)})
    return redirect(request, sign_in_url(request))


def install_error_pages(app: FastAPI) -> None:
    """Answer page errors with pages; API errors stay JSON (the API's own handlers)."""
    _wrap(app, NotFoundError, lambda r, e: error_page(r, 404, str(e)))
    _wrap(app, AccessDeniedError, _denied)
    _wrap(app, ConflictError, lambda r, e: error_page(r, 409, str(e)))
    _wrap(app, InvalidRequestError, lambda r, e: error_page(r, 422, f"{e.field}: {e}"))
    _wrap(
        app,
        RequestValidationError,
        lambda r, e: error_page(
            r,
            422,
            "; ".join(
                f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', '')}"
                for err in e.errors()
            ),
        ),
    )
    _wrap(app, StarletteHTTPException, _http)
    app.add_exception_handler(SignInRequiredError, _sign_in)
    app.add_exception_handler(
        CsrfError,
        lambda r, e: error_page(
            r,
            403,
            "This form has expired or did not come from this site. "
            "Go back, reload the page and send it again.",
        ),
    )


def _denied(request: Request, exc: Exception) -> Response:
    log.warning("403 %s %s: %s", request.method, request.url.path, exc)
    return error_page(request, 403, str(exc))
