"""The web face of the response center: the JSON API (OpenAPI published) and, later, pages.

`create_app` builds the FastAPI application over a `Center` and its `CaseViews`; it
holds no business rules. docs/api.md lists every endpoint.
"""

from __future__ import annotations

from probable.web.app import create_app

__all__ = ["create_app"]
