"""The case page: the booking, the person's records by source with how each was linked (and
the waterfall of its match weight), conflicts, stale records, citizenship indicators, the
determination and its explanation tree, the hold clock, tasks, reviews, documents, history.

Everything shown comes from `CaseViews.get_case` (an audited read, with its access
checks); the only other read is the identity lookup behind the waterfalls, which re-looks
up the booked subject in the center's identity index (when the evidence source has one)
to recover each link's per-comparison contributions, which the stored evidence does not
keep. A liaison's case page shows the booking and the documents, never the evidence.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from probable.center.access import Principal
from probable.center.intake import BookingIntake, subject_record
from probable.center.records import IndexEvidence
from probable.identity.explain import Link
from probable.identity.index import IdentityIndexError
from probable.web.pages.charts import waterfall_rows, waterfall_spec
from probable.web.pages.formatting import anchor
from probable.web.pages.rendering import page
from probable.web.pages.session import User

log = logging.getLogger("probable.web.pages")

router = APIRouter(include_in_schema=False)

#: Sources shown first and last; the rest alphabetically between.
_FIRST, _LAST = ("booking",), ("interview", "document")

#: The booking's fields as the page labels them.
BOOKING_FIELDS = (
    ("booking_id", "Booking number"),
    ("given_name", "Given name"),
    ("middle_name", "Middle name"),
    ("family_name", "Family name"),
    ("second_family_name", "Second family name"),
    ("date_of_birth", "Date of birth"),
    ("sex", "Sex"),
    ("place_of_birth", "Place of birth (as booked)"),
    ("fin", "FIN (fingerprint match)"),
    ("a_number", "A-number"),
    ("fbi_number", "FBI number"),
    ("offence_codes", "Offence codes"),
    ("booked_at", "Booked at"),
    ("scheduled_release_at", "Scheduled release"),
)

#: The most recent audit entries a case page shows (every read adds one).
HISTORY_SHOWN = 200

#: Documents still asking something of the jail.
ACTIVE_DOCUMENTS = ("issued", "served")


class LinkCache:
    """Identity lookups by booking event, most recent kept (the index does not change)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[str, dict[tuple[str, str], Link]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[tuple[str, str], Link] | None:
        """The cached links, if any."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, links: dict[tuple[str, str], Link]) -> None:
        """Keep `links`, dropping the oldest beyond the size."""
        with self._lock:
            self._items[key] = links
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def subject_links(
    request: Request, booking: Mapping[str, Any]
) -> dict[tuple[str, str], Link] | None:
    """Every candidate link of the booked subject by (source, record id); None without an index."""
    evidence = request.app.state.center.evidence
    if not isinstance(evidence, IndexEvidence):
        return None
    cache: LinkCache = request.app.state.page_links
    key = f"{booking.get('event_id')}|{booking.get('booking_id')}|{booking.get('fin')}"
    found = cache.get(key)
    if found is not None:
        return found
    try:
        intake = BookingIntake.model_validate(dict(booking))
        subject = subject_record(intake).model_copy(update={"fin": intake.fin})
        result = evidence.index.lookup(subject.to_row())
    except (ValidationError, IdentityIndexError, ValueError) as exc:
        log.warning("waterfall lookup failed: %s", type(exc).__name__)
        return None
    links = {(lk.source, lk.record_id): lk for lk in result.links}
    cache.put(key, links)
    return links


@dataclass
class RecordView:
    """One record of the person as the page shows it."""

    source: str
    record_id: str
    link: str
    probability: float | None
    match_weight: float | None
    recorded_at: str | None
    anchor: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    """The waterfall: `spec` (Vega-Lite), `rows` (the same as a table) and `kind`."""


@dataclass
class SourceGroup:
    """The records of one source, and what is known to be wrong with that source."""

    source: str
    records: list[RecordView]
    warnings: list[str]


def _source_order(source: str) -> tuple[int, str]:
    if source in _FIRST:
        return (0, source)
    if source in _LAST:
        return (2, source)
    return (1, source)


#: Warnings shown beside each record they name.
_RECORD_NOTES = ("weak_link", "recorded_after", "fingerprint_conflict", "set_aside")


def record_groups(
    evidence: Mapping[str, Any], links: Mapping[tuple[str, str], Link] | None
) -> list[SourceGroup]:
    """The evidence's facts grouped into records and the records by source, flagged; the
    records an A-file review set aside are shown too, with why."""
    records: dict[tuple[str, str], RecordView] = {}
    for fact in [*evidence.get("facts", []), *evidence.get("set_aside", [])]:
        p = fact["provenance"]
        key = (p["source"], p["record_id"])
        record = records.get(key)
        if record is None:
            record = RecordView(
                source=p["source"],
                record_id=p["record_id"],
                link=p["link"],
                probability=p["probability"],
                match_weight=p["match_weight"],
                recorded_at=p["recorded_at"],
                anchor=anchor("rec", p["source"], p["record_id"]),
            )
            records[key] = record
        record.facts.append(fact)
    by_ref = {f"{r.source}:{r.record_id}": r for r in records.values()}

    def find(ref: str) -> RecordView | None:
        return by_ref.get(ref.split(" (", 1)[0])

    for conflict in evidence.get("conflicts", []):
        for ref in conflict.get("facts", []):
            record = find(ref)
            if record is not None and conflict["summary"] not in record.conflicts:
                record.conflicts.append(conflict["summary"])
    per_source: dict[str, list[str]] = {}
    for warning in evidence.get("warnings", []):
        refs = warning.get("facts", [])
        if warning["kind"] == "stale" and refs:
            record = find(refs[0])
            if record is not None:
                record.stale.append(warning["message"])
        elif warning["kind"] in _RECORD_NOTES:
            for ref in dict.fromkeys(refs):
                record = find(ref)
                if record is not None and warning["message"] not in record.notes:
                    record.notes.append(warning["message"])
        elif warning.get("source"):
            messages = per_source.setdefault(warning["source"], [])
            if warning["message"] not in messages:
                messages.append(warning["message"])
    for record in records.values():
        record.chart = _chart(record, links)
    groups: dict[str, list[RecordView]] = {}
    for record in records.values():
        groups.setdefault(record.source, []).append(record)
    return [
        SourceGroup(source, groups[source], per_source.get(source, []))
        for source in sorted(groups, key=_source_order)
    ]


def _chart(
    record: RecordView, links: Mapping[tuple[str, str], Link] | None
) -> dict[str, Any] | None:
    if links is None or record.link not in ("fingerprint", "biographic", "identity"):
        return None
    link = links.get((record.source, record.record_id))
    if link is None:
        return None
    rows = waterfall_rows(link)
    return {
        "id": anchor("chart", record.source, record.record_id),
        "spec": waterfall_spec(link, rows),
        "rows": rows,
        "kind": link.kind,
        "probability": link.probability,
        "match_weight": link.match_weight,
    }


def _hold(
    case: Mapping[str, Any], determination: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The hold clock in force (an active detainer's), or the one a pending review would set."""
    for doc in reversed(case.get("documents", [])):
        if doc.get("hold_expires_at") and doc.get("status") in ACTIVE_DOCUMENTS:
            return {
                "expires_at": doc["hold_expires_at"],
                "release_at": doc.get("release_at"),
                "document": doc["number"],
                "proposed": False,
                "rule": (doc.get("hold") or {}).get("rule"),
                "citation": (doc.get("hold") or {}).get("citation"),
                "url": (doc.get("hold") or {}).get("url"),
            }
    hold = (determination or {}).get("hold")
    if hold and case.get("status") == "awaiting_review":
        return {
            "expires_at": hold["expires_at"],
            "release_at": hold.get("release_at"),
            "document": None,
            "proposed": True,
            "rule": hold.get("rule"),
            "citation": hold.get("citation"),
            "url": hold.get("url"),
        }
    return None


def booking_rows(booking: Mapping[str, Any]) -> list[tuple[str, str, bool]]:
    """The booking's fields as (label, value, is an instant) rows, skipping empty ones."""
    rows = []
    for key, name in BOOKING_FIELDS:
        value = booking.get(key)
        if value in (None, "", []):
            continue
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        rows.append((name, shown, key.endswith("_at")))
    return rows


def case_context(request: Request, case: dict[str, Any], user: Principal) -> dict[str, Any]:
    """Everything the case page shows, from the case as `CaseViews.get_case` returns it."""
    determinations = case.get("determinations") or []
    current = determinations[-1] if determinations else None
    groups: list[SourceGroup] = []
    indexed = False
    if current is not None:
        links = subject_links(request, case["booking"])
        indexed = links is not None
        groups = record_groups(current.get("evidence") or {}, links)
    pending = [r for r in case.get("reviews", []) if r["status"] == "pending"]
    return {
        "case": case,
        "booking": booking_rows(case["booking"]),
        "determination": current,
        "earlier": list(reversed(determinations[:-1])),
        "evidence": (current or {}).get("evidence") or {},
        "groups": groups,
        # How many other identities carry the subject's name and date of birth.
        "identity_notes": [
            w["message"]
            for w in ((current or {}).get("evidence") or {}).get("warnings", [])
            if w["kind"] == "shared_name"
        ],
        "indexed": indexed,
        "hold": _hold(case, current),
        "tasks": case.get("tasks", []),
        "reviews": case.get("reviews", []),
        "pending_review": pending[0] if pending else None,
        "documents": case.get("documents", []),
        "history": case.get("history", [])[-HISTORY_SHOWN:],
        "history_omitted": max(0, len(case.get("history", [])) - HISTORY_SHOWN),
        "full": user.can("evidence.read"),
        "can_record": user.can("corroboration.record") and user.agency_scope() is None,
        "can_review": user.can("review.decide"),
        "charts": [r.chart for g in groups for r in g.records if r.chart is not None],
    }


@router.get("/cases/{case_id}")
def case_page(case_id: int, request: Request, user: User) -> Response:
    """One case (404 for a case the user may not see, as if it did not exist)."""
    case = request.app.state.views.get_case(case_id, user)
    return page(request, "case.html", case_context(request, case, user))
