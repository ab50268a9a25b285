"""The pages of the response center: server-rendered HTML over the same center and views as
the JSON API, for officers, supervisors, neutral reviewers, auditors and agency liaisons.

`register_pages(app)` adds them to the API's app: sign-in with a signed session cookie
and CSRF tokens (`session`), the queue (`queue`), the case (`case`, its waterfalls from
`charts`), corroboration forms (`corroboration`), neutral review (`review`), the
documents sent to jails (`documents`), the role's home and the audit check (`home`),
HTML error pages (`errors`), and the static files (CSS, the page script, vendored
htmx and Vega; `static/VENDORED.md`). Pages hold no business rules: every read and
change goes through `CaseViews` and `Center` with the signed-in `Principal`.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from probable.web.pages import case, corroboration, documents, home, queue, review, session
from probable.web.pages.errors import install_error_pages
from probable.web.pages.rendering import Pages, make_environment

STATIC = Path(__file__).resolve().parent.parent / "static"

__all__ = ["STATIC", "register_pages"]


def register_pages(app: FastAPI, *, session_secret: bytes | None = None) -> None:
    """Add the pages, their static files and their error pages to `app`.

    The session secret is `session_secret`, else `app.state.session_secret` if set,
    else a random one for this process (sessions then end when it restarts, and
    processes behind one load balancer must be given the same secret).
    """
    secret = session_secret or getattr(app.state, "session_secret", None)
    if isinstance(secret, str):
        secret = secret.encode()
    if not isinstance(secret, bytes):
        secret = secrets.token_bytes(32)
    app.state.pages = Pages(env=make_environment(), signer=session.SessionSigner(secret))
    app.state.page_links = case.LinkCache()
    app.state.body_limits = corroboration.BODY_LIMITS
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_pages(app)
    for module in (session, home, queue, case, corroboration, review, documents):
        app.include_router(module.router)
