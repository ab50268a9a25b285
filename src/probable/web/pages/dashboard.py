"""The oversight dashboard: each table of figures as a chart, the table itself, and its CSV.

The figures come from a `DashboardSource` the service is given (`probable serve` passes
oversight's `StoreDashboard`): the web layer knows only this shape, never the oversight
package (nothing imports it). Supervisors and auditors (`oversight.read`) see the page;
the CSV downloads take the signed-in session or an API token, so a script can fetch them.
Each chart has a text alternative (its summary, also shown as the caption), and every
value it draws is in the table below it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from probable.center.access import Principal
from probable.web.auth import principal
from probable.web.pages.rendering import nonce_of, page, security_headers
from probable.web.pages.session import SignInRequiredError, User, signed_in

router = APIRouter(include_in_schema=False)

#: A table's name as it appears in its CSV's path.
TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

#: Tables longer than this are shown folded (their chart and CSV carry them whole).
OPEN_ROWS = 40


class DashboardPanel(Protocol):
    """One table of figures with its words and (optionally) its Vega-Lite chart."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str:
        """The chart's text alternative: what it shows, with the main figures."""

    @property
    def note(self) -> str: ...
    @property
    def columns(self) -> Sequence[tuple[str, str]]:
        """(column, header) in display order."""

    @property
    def rows(self) -> Sequence[Mapping[str, Any]]: ...
    @property
    def spec(self) -> Mapping[str, Any] | None:
        """A Vega-Lite v5 spec with its data inline; None: the table alone."""


class DashboardSource(Protocol):
    """Where the dashboard's figures come from."""

    def panels(self) -> Sequence[DashboardPanel]:
        """Every table, in page order, read afresh."""

    def csv(self, name: str) -> str | None:
        """One table as CSV text; None when there is no table of that name."""


def register_dashboard(app: FastAPI, source: DashboardSource | None) -> None:
    """Serve `/dashboard` and its CSVs from `source` (None: the page says none is configured)."""
    app.state.dashboard = source
    app.include_router(router)


_bearer = HTTPBearer(auto_error=False)


def reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The signed-in user, or else the caller of an API token (a script fetching a CSV)."""
    try:
        return signed_in(request)
    except SignInRequiredError:
        if credentials is None:
            raise
    return principal(request, credentials)


def _source(request: Request) -> DashboardSource | None:
    source: DashboardSource | None = getattr(request.app.state, "dashboard", None)
    return source


def cell(column: str, value: Any) -> str:
    """A value as the table shows it: shares as percentages, counts with separators."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{100 * value:.1f}%" if "share" in column.split("_") else f"{value:,.2f}"
    return str(value)


def _shown(panel: DashboardPanel) -> dict[str, Any]:
    """What the template needs of a panel: its words, spec, and the table as text."""
    return {
        "name": panel.name,
        "title": panel.title,
        "summary": panel.summary,
        "note": panel.note,
        "spec": panel.spec,
        "headers": [header for _, header in panel.columns],
        "numeric": [
            any(isinstance(r.get(c), int | float) for r in panel.rows) for c, _ in panel.columns
        ],
        "cells": [[cell(c, r.get(c)) for c, _ in panel.columns] for r in panel.rows],
        "folded": len(panel.rows) > OPEN_ROWS,
    }


@router.get("/dashboard")
def dashboard_page(request: Request, user: User) -> Response:
    """Every table of figures with its chart, its table and a link to its CSV."""
    user.require("oversight.read")
    source = _source(request)
    panels = [_shown(p) for p in source.panels()] if source is not None else []
    return page(request, "dashboard.html", {"panels": panels, "configured": source is not None})


@router.get("/dashboard/{name}.csv")
def dashboard_csv(
    request: Request, name: str, user: Annotated[Principal, Depends(reader)]
) -> Response:
    """One table as CSV (a download named after it)."""
    user.require("oversight.read")
    source = _source(request)
    text = source.csv(name) if source is not None and TABLE_NAME.match(name) else None
    if text is None:
        raise HTTPException(404, "There is no such table.")
    response = Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
    security_headers(response, nonce_of(request))
    return response
