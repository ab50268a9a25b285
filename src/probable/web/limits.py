"""Refusing oversized request bodies before they are read (413), as pure ASGI middleware.

A declared Content-Length over the limit is refused at once; a body streamed without
one is counted and cut off when it passes the limit. A route that takes larger bodies
(a document scan upload) declares its own limit in `app.state.body_limits`: pairs of
a compiled path pattern and a byte count.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 and a JSON error."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _limit(self, scope: Scope) -> int:
        """The limit for this request's path: a route's own, else the default."""
        app = scope.get("app")
        state = getattr(app, "state", None)
        path = scope.get("path", "")
        for pattern, limit in getattr(state, "body_limits", ()) or ():
            if pattern.fullmatch(path):
                return int(limit)
        return self.max_bytes

    async def _refuse(self, send: Send, limit: int) -> None:
        body = json.dumps({"detail": f"request body over {limit} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(send, limit)
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLargeError(limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except _TooLargeError:
            if not started:
                await self._refuse(send, limit)


class _TooLargeError(HTTPException):
    """The streamed body passed the limit.

    An `HTTPException`, so an app reading the body answers 413 itself rather than
    taking it for a body it cannot parse (FastAPI turns any other error into a 400).
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body over {max_bytes} bytes")
