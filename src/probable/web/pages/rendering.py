"""Rendering pages: the Jinja2 environment (autoescaped), the shared layout's context, and
the headers every page carries (a nonce-based Content-Security-Policy, no caching).

Every page response goes through `page` or `redirect`, so each one sets a new session
cookie when the request made one and carries the same security headers.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from probable.center.access import Permission, Principal
from probable.web.pages import formatting

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: The layout's navigation: label, path, and the permission that shows it.
NAV: tuple[tuple[str, str, Permission], ...] = (
    ("Queue", "/queue", "case.list"),
    ("Reviews", "/reviews", "review.list"),
    ("Dashboard", "/dashboard", "oversight.read"),
    ("Audit log", "/audit", "audit.read"),
)


def make_environment() -> Environment:
    """Templates from `probable/web/templates`, autoescaped, undefined names an error."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(formatting.FILTERS)
    env.globals.update(formatting.GLOBALS)
    for name in env.list_templates(extensions=("html",)):
        env.get_template(name)  # compiled now, not on some user's first request
    return env


@dataclass
class Pages:
    """What the pages share, kept on `app.state.pages`."""

    env: Environment
    signer: Any
    """The session signer (`probable.web.pages.session.SessionSigner`)."""


def pages_of(request: Request) -> Pages:
    """The pages' shared state of the app serving `request`."""
    pages: Pages = request.app.state.pages
    return pages


def nonce_of(request: Request) -> str:
    """This response's script nonce (one per request)."""
    nonce = getattr(request.state, "csp_nonce", None)
    if not isinstance(nonce, str):
        nonce = secrets.token_urlsafe(16)
        request.state.csp_nonce = nonce
    return nonce


def security_headers(response: Response, nonce: str, *, frame: bool = False) -> None:
    """CSP (scripts only from here or with the nonce), no sniffing, no caching, no framing."""
    ancestors = "'self'" if frame else "'none'"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        # vega-embed and Vega set style attributes on the SVG they draw.
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    if not frame:
        response.headers["X-Frame-Options"] = "DENY"


def _finish(request: Request, response: Response) -> Response:
    cookie = getattr(request.state, "set_session", None)
    if cookie is not None:
        name, value, attrs = cookie
        response.set_cookie(name, value, **attrs)
    if getattr(request.state, "clear_session", None):
        response.delete_cookie(request.state.clear_session, path="/")
    return response


def context(request: Request, extra: Mapping[str, Any]) -> dict[str, Any]:
    """The layout's variables (who is signed in, their navigation, the CSRF token) and `extra`."""
    principal = getattr(request.state, "principal", None)
    session = getattr(request.state, "page_session", None)
    nav = []
    if isinstance(principal, Principal):
        path = request.url.path
        nav = [
            {"label": label, "href": href, "current": path == href or path.startswith(href + "/")}
            for label, href, permission in NAV
            if principal.can(permission)
        ]
    return {
        "request": request,
        "principal": principal if isinstance(principal, Principal) else None,
        "csrf_token": getattr(session, "csrf", ""),
        "nonce": nonce_of(request),
        "nav": nav,
        "now": request.app.state.center.clock(),
        **extra,
    }


def render_text(request: Request, template: str, extra: Mapping[str, Any]) -> str:
    """A template rendered with the layout's variables."""
    return pages_of(request).env.get_template(template).render(context(request, extra))


def page(
    request: Request,
    template: str,
    extra: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A rendered page with the security headers (and a new session cookie, if one was made)."""
    body = render_text(request, template, extra or {})
    response = HTMLResponse(body, status_code=status, headers=dict(headers or {}))
    security_headers(response, nonce_of(request))
    return _finish(request, response)


def redirect(request: Request, to: str) -> Response:
    """A 303 to `to` (after a POST: the browser GETs it), with the session cookie if new."""
    response = RedirectResponse(to, status_code=303)
    security_headers(response, nonce_of(request))
    return _finish(request, response)
