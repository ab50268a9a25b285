"""Signing in to the pages: a signed session cookie, CSRF tokens, and the signed-in principal.

The cookie holds the user's id, when it was issued and a random CSRF token, as JSON
signed with HMAC-SHA256 under a server-side secret; it is HttpOnly, SameSite=Strict,
Secure over HTTPS, and lives 12 hours. Every POST form carries the session's token in a
hidden field and is refused (403) without it, so another site cannot post in a user's
name; the sign-in form has one too (a session without a user), so nobody can be signed
in as someone else. Each request re-reads the user, so a deactivated user is out at once.
Pages deny by default: `signed_in` sends anyone without a session to the sign-in page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from probable.center import audit
from probable.center.access import Principal
from probable.center.users import principal_of, sign_in
from probable.store.database import transaction
from probable.store.models import UserRow
from probable.web.pages.rendering import page, redirect

log = logging.getLogger("probable.web.pages")

COOKIE = "probable_session"

#: How long a signed-in session lasts.
SESSION_SECONDS = 12 * 3600

#: The hidden field every POST form carries.
CSRF_FIELD = "csrf_token"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class PageSession:
    """What the cookie carries: the user (None before sign-in), when issued, the CSRF token."""

    user_id: int | None
    issued: int
    csrf: str


class SessionSigner:
    """Signs and checks session cookies with one secret (HMAC-SHA256)."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the session secret must be at least 16 bytes")
        self._key = hashlib.sha256(b"probable-pages-session\0" + secret).digest()

    def _sign(self, payload: bytes) -> str:
        digest = hmac.new(self._key, payload, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def dumps(self, session: PageSession) -> str:
        """The cookie value: base64 JSON, a dot, the signature."""
        body = json.dumps(
            {"u": session.user_id, "t": session.issued, "c": session.csrf}, separators=(",", ":")
        ).encode()
        payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{payload}.{self._sign(payload.encode())}"

    def loads(self, value: str, *, now: float) -> PageSession | None:
        """The session, if the signature holds and it has not expired; else None."""
        payload, _, signature = value.partition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload.encode())):
            return None
        try:
            raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            session = PageSession(raw["u"], int(raw["t"]), str(raw["c"]))
        except (ValueError, KeyError, TypeError):
            return None
        if session.user_id is not None and not isinstance(session.user_id, int):
            return None
        if not 0 <= now - session.issued <= SESSION_SECONDS:
            return None
        return session


class SignInRequiredError(Exception):
    """The page needs a signed-in user (answered with a redirect to the sign-in page)."""


class CsrfError(Exception):
    """A POST without this session's CSRF token, or from another origin (403)."""


def _signer(request: Request) -> SessionSigner:
    signer: SessionSigner = request.app.state.pages.signer
    return signer


def current_session(request: Request) -> PageSession | None:
    """The request's valid session, if it has one."""
    cached = getattr(request.state, "page_session", None)
    if isinstance(cached, PageSession):
        return cached
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    session = _signer(request).loads(value, now=time.time())
    if session is not None:
        request.state.page_session = session
    return session


def start_session(request: Request, user_id: int | None) -> PageSession:
    """A new session (new CSRF token) whose cookie the response will set."""
    session = PageSession(user_id, int(time.time()), secrets.token_urlsafe(32))
    request.state.page_session = session
    request.state.set_session = (
        COOKIE,
        _signer(request).dumps(session),
        {
            "max_age": SESSION_SECONDS,
            "httponly": True,
            "samesite": "strict",
            "secure": request.url.scheme == "https",
            "path": "/",
        },
    )
    return session


def _principal(request: Request, user_id: int) -> Principal | None:
    with request.app.state.factory() as db:
        user = db.get(UserRow, user_id)
        if user is None or not user.active:
            return None
        return principal_of(user)


def signed_in(request: Request) -> Principal:
    """The signed-in principal (also set as `request.state.principal` for the API's checks)."""
    session = current_session(request)
    principal = None
    if session is not None and session.user_id is not None:
        principal = _principal(request, session.user_id)
    if principal is None:
        raise SignInRequiredError
    request.state.principal = principal
    return principal


User = Annotated[Principal, Depends(signed_in)]


def _same_origin(request: Request) -> bool:
    """No Origin (or Referer) header from another site; absent headers pass (SameSite holds)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None:
        return True
    if claimed == "null":
        return False
    parts = urlsplit(claimed)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


async def checked_form(request: Request) -> FormData:
    """The POSTed form, once its CSRF token matches the session's; else `CsrfError`."""
    form = await request.form()
    session = current_session(request)
    given = form.get(CSRF_FIELD)
    if (
        session is None
        or not isinstance(given, str)
        or not hmac.compare_digest(given.encode(), session.csrf.encode())
        or not _same_origin(request)
    ):
        log.warning("403 %s %s: CSRF token missing or wrong", request.method, request.url.path)
        await form.close()
        raise CsrfError
    return form


def safe_next(value: object) -> str:
    """A local path to go to after sign-in; anything else (another site) is the home page."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(ch) < 32 for ch in value):
        return "/"
    return value


def sign_in_url(request: Request) -> str:
    """The sign-in page, to come back to this page after."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/sign-in" if here == "/" else f"/sign-in?next={quote(here, safe='/')}"


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "/") -> Response:
    """The sign-in form (a session without a user, for its CSRF token)."""
    session = current_session(request)
    if session is None or session.user_id is not None:
        start_session(request, None)
    return page(request, "sign_in.html", {"next": safe_next(next), "error": None, "username": ""})


@router.post("/sign-in")
async def sign_in_post(request: Request) -> Response:
    """Check the username and password; a new session on success, the form again if not."""
    form = await checked_form(request)
    username = str(form.get("username") or "").strip()[:64]
    password = str(form.get("password") or "")[:200]
    target = safe_next(form.get("next"))
    found = None
    if username and password:
        found = await run_in_threadpool(_check, request, username, password)
    if found is None:
        log.info("sign-in refused")
        start_session(request, None)
        return page(
            request,
            "sign_in.html",
            {"next": target, "error": "That username and password do not match.", "username": ""},
            status=401,
        )
    start_session(request, found.user_id)
    request.state.principal = found
    return redirect(request, target)


def _check(request: Request, username: str, password: str) -> Principal | None:
    factory = request.app.state.factory
    with factory() as db:
        found = sign_in(db, username, password)
    if found is not None:
        with transaction(factory) as db:
            audit.append(
                db,
                actor=found.actor,
                action="session.signed_in",
                at=request.app.state.center.clock(),
                detail={"user_id": found.user_id},
            )
    return found


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """End the session (the cookie is cleared) and go back to the sign-in page."""
    await checked_form(request)
    request.state.clear_session = COOKIE
    request.state.page_session = None
    return redirect(request, "/sign-in")
