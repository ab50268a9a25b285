"""The web face of the response center: the JSON API (OpenAPI published) and, later, pages.

`create_app` builds the FastAPI application over a `Center` and its `CaseViews`; it
holds no business rules. docs/api.md lists every endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.web.app import create_app

__all__ = ["create_app"]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
