"""A synchronous client for the app in-process: httpx's ASGI transport, driven through a portal.

The tests are synchronous; httpx's `ASGITransport` is async only. An anyio blocking portal
runs one event loop on a thread, and `Client` hands each request to it, so a test reads as
it would with a requests-style client. The app's lifespan runs only where asked
(`lifespan=True`), as a served app's would. Exceptions the app raises reach the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

DEFAULT_BASE_URL = "http://testserver"


class Client:
    """Requests to an ASGI app on a portal's event loop; cookies persist between them."""

    def __init__(
        self,
        app: Any,
        portal: BlockingPortal,
        *,
        base_url: str = DEFAULT_BASE_URL,
        follow_redirects: bool = True,
    ) -> None:
        self.app = app
        self._portal = portal
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=base_url,
            follow_redirects=follow_redirects,
        )

    @property
    def cookies(self) -> httpx.Cookies:
        """The cookies the app has set, sent with every later request."""
        return self._client.cookies

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request and read its whole body; a body given as an iterable of bytes is
        streamed (no Content-Length), as a requests-style client would send it."""
        content = kwargs.get("content")
        if isinstance(content, Iterable) and not isinstance(content, bytes | str):
            kwargs["content"] = _streamed(content)
        return self._portal.call(partial(self._client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("HEAD", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("OPTIONS", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        """Close the connection pool (the transport holds none; this frees the client)."""
        self._portal.call(self._client.aclose)


async def _streamed(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    """A synchronous body's chunks, for the async client."""
    for chunk in chunks:
        yield chunk


class Clients:
    """One portal for many clients of the same app, all closed together."""

    def __init__(self, app: Any, stack: ExitStack, *, lifespan: bool = False) -> None:
        self.app = app
        self._stack = stack
        self._portal = stack.enter_context(start_blocking_portal())
        if lifespan:
            stack.enter_context(
                self._portal.wrap_async_context_manager(app.router.lifespan_context(app))
            )

    def client(self, *, base_url: str = DEFAULT_BASE_URL, follow_redirects: bool = True) -> Client:
        """A new client (its own cookies), closed with the others."""
        client = Client(
            self.app, self._portal, base_url=base_url, follow_redirects=follow_redirects
        )
        self._stack.callback(client.close)
        return client


@contextmanager
def serving(
    app: Any,
    *,
    lifespan: bool = True,
    base_url: str = DEFAULT_BASE_URL,
    follow_redirects: bool = True,
) -> Iterator[Client]:
    """One client of `app`, with the app's lifespan run around it unless told not to."""
    with ExitStack() as stack:
        clients = Clients(app, stack, lifespan=lifespan)
        yield clients.client(base_url=base_url, follow_redirects=follow_redirects)
