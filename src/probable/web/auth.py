"""Who is calling: bearer tokens to principals. Deny by default; refusals are logged.

A missing, unknown or revoked token is 401; a role without the permission is 403. The
log line names the path and the reason, never the token or any person's data.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from probable.center.access import Principal
from probable.center.users import authenticate

log = logging.getLogger("probable.web.auth")

_bearer = HTTPBearer(auto_error=False, description="An API token: `probable users token NAME`.")


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from the bearer token (or the signed-in session of the pages)."""
    signed_in = getattr(request.state, "principal", None)
    if isinstance(signed_in, Principal):
        return signed_in
    if credentials is None or credentials.scheme.lower() != "bearer":
        log.warning("401 %s %s: no bearer token", request.method, request.url.path)
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    with request.app.state.reader() as session:
        found = authenticate(session, credentials.credentials)
    if found is None:
        log.warning("401 %s %s: unknown or revoked token", request.method, request.url.path)
        raise HTTPException(401, "unknown or revoked token", {"WWW-Authenticate": "Bearer"})
    return found


Caller = Annotated[Principal, Depends(principal)]
