"""The queue: open cases by deadline (the hold clock, the review or corroboration due), with
filters, counts by status and pages of 50; htmx re-reads its results every 15 seconds.

The filters are plain GET parameters, so a filtered page is a link anyone can keep; the
fragment endpoint answers the same results without the layout, for the poll. An agency
liaison's queue holds only their agency's cases (`CaseViews` scopes it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from probable.center.access import Principal
from probable.center.views import OPEN_STATUSES, STATUSES, CaseFilter
from probable.law.determination import ACTIONS
from probable.law.profiles import PROFILES
from probable.web.pages.rendering import page
from probable.web.pages.session import User

router = APIRouter(include_in_schema=False)

#: Cases on one page of the queue.
PAGE_SIZE = 50

#: Seconds between the queue's refreshes.
POLL_SECONDS = 15

#: The deepest page offered (list offsets past this are slow and nobody reads them).
MAX_PAGE = 2_000


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """The queue's filters as the form sends them; empty: no filter."""

    status: str = "open"
    agency: str = ""
    state: str = ""
    action: str = ""
    profile: str = ""
    page: int = 1

    def case_filter(self) -> CaseFilter:
        """As `CaseViews.list_cases` reads it."""
        statuses: tuple[str, ...] | None
        if self.status == "open":
            statuses = OPEN_STATUSES
        elif self.status == "all":
            statuses = None
        else:
            statuses = (self.status,)
        return CaseFilter(
            status=statuses,
            agency_ori=self.agency or None,
            state=self.state or None,
            action=self.action or None,
            profile=self.profile or None,
        )

    def params(self, **changes: Any) -> str:
        """The query string of these filters, with `changes` (the page left out when 1)."""
        values = {
            "status": self.status,
            "agency": self.agency,
            "state": self.state,
            "action": self.action,
            "profile": self.profile,
            "page": self.page,
            **changes,
        }
        kept = {k: v for k, v in values.items() if v not in ("", None) and (k, v) != ("page", 1)}
        if kept.get("status") == "open":
            kept.pop("status")
        return urlencode(kept)


Text = Annotated[str, Query(max_length=40)]


def _query(
    status: Text = "open",
    agency: Text = "",
    state: Text = "",
    action: Text = "",
    profile: Text = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000_000)] = 1,
) -> QueueQuery:
    """The filters from the query string, with anything not on the lists dropped (a typo
    shows every case); the queue page and its fragment read them alike."""
    return QueueQuery(
        status=status if status in ("open", "all", *STATUSES) else "open",
        agency=agency.strip().upper()[:16],
        state=state.strip().upper()[:2] if len(state.strip()) == 2 else "",
        action=action if action in ACTIONS else "",
        profile=profile if profile in PROFILES else "",
        page=min(max(page_number, 1), MAX_PAGE),
    )


Filters = Annotated[QueueQuery, Depends(_query)]


def queue_results(request: Request, user: Principal, query: QueueQuery) -> dict[str, Any]:
    """One page of the queue, its total, the counts by status, and the page links."""
    listed = request.app.state.views.list_cases(
        user, query.case_filter(), limit=PAGE_SIZE, offset=(query.page - 1) * PAGE_SIZE
    )
    total = int(listed["total"])
    pages = max(1, math.ceil(total / PAGE_SIZE))
    counts = listed["counts"]
    return {
        "query": query,
        "cases": listed["cases"],
        "total": total,
        "pages": min(pages, MAX_PAGE),
        "counts": [(s, counts.get(s, 0)) for s in STATUSES if counts.get(s)],
        "open_count": sum(counts.get(s, 0) for s in OPEN_STATUSES),
        "all_count": sum(counts.values()),
        "poll_seconds": POLL_SECONDS,
        "page_size": PAGE_SIZE,
    }


@router.get("/queue")
def queue_page(request: Request, user: User, query: Filters) -> Response:
    """The queue with its filter form."""
    user.require("case.list")
    return page(
        request,
        "queue.html",
        {
            **queue_results(request, user, query),
            "statuses": STATUSES,
            "actions": ACTIONS,
            "profiles": sorted(PROFILES),
            "scoped": user.agency_scope(),
        },
    )


@router.get("/queue/results")
def queue_fragment(request: Request, user: User, query: Filters) -> Response:
    """The queue's results alone (what htmx swaps in every 15 seconds)."""
    user.require("case.list")
    return page(request, "_queue_results.html", queue_results(request, user, query))
