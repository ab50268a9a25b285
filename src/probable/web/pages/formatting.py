"""How the pages word values: times with their offsets, time left, probabilities, labels.

Kept as plain functions (Jinja2 filters) so a template never formats a date or a number
by itself and every page says the same thing the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

#: Words for the codes the center stores.
LABELS = {
    "issue_detainer": "Issue detainer (I-247A)",
    "request_notification": "Request notification (I-247G)",
    "refer_corroboration": "Refer for corroboration",
    "refer_citizenship_investigation": "Refer for citizenship investigation",
    "no_action": "No action",
    "received": "Received",
    "quarantined": "Quarantined: could not be decided",
    "awaiting_corroboration": "Awaiting corroboration",
    "citizenship_investigation": "Citizenship investigation",
    "awaiting_review": "Awaiting neutral review",
    "detainer_issued": "Detainer issued",
    "detainer_served": "Detainer served",
    "notification_requested": "Notification requested",
    "custody_assumed": "Custody assumed",
    "detainer_lifted": "Detainer lifted",
    "detainer_lapsed": "Detainer lapsed",
    "review_refused": "Review refused",
    "review_expired": "Review expired",
    "closed": "Closed",
    "fingerprint": "fingerprint",
    "biographic": "biographic (name, date of birth, …)",
    "identity": "identity (same person as a fingerprint-linked record)",
    "booking": "the booking itself",
    "interview": "interview",
    "document": "document",
    "agency_liaison": "agency liaison",
    "neutral_reviewer": "neutral reviewer",
}


def label(code: object) -> str:
    """The words for a stored code (`issue_detainer` → "Issue detainer (I-247A)")."""
    if code is None:
        return "—"
    text = str(code)
    return LABELS.get(text, text.replace("_", " "))


def _parse(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def when(value: object) -> str:
    """An instant as `2015-05-05 01:40 UTC-06:00`: in the offset it was given in."""
    moment = _parse(value)
    if moment is None:
        return "—" if value in (None, "") else str(value)
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


def duration(seconds: float) -> str:
    """`2 d 3 h`, `3 h 12 min`, `4 min 5 s`: the two largest units."""
    left = int(abs(seconds))
    days, left = divmod(left, 86_400)
    hours, left = divmod(left, 3_600)
    minutes, secs = divmod(left, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (secs, "s")]
    shown = [f"{n} {unit}" for n, unit in parts if n][:2]
    return " ".join(shown) or "0 s"


def relative(value: object, now: datetime) -> str:
    """`in 2 d 3 h` or `3 h ago` from `now`."""
    moment = _parse(value)
    if moment is None:
        return ""
    seconds = (moment - now).total_seconds()
    return f"in {duration(seconds)}" if seconds >= 0 else f"{duration(seconds)} ago"


def is_past(value: object, now: datetime) -> bool:
    """Whether the instant has passed."""
    moment = _parse(value)
    return moment is not None and moment <= now


def probability(value: object) -> str:
    """A link probability, to four places; 1 and 0 only when exact."""
    if value is None:
        return "—"
    p = float(str(value))
    if p >= 0.99995 and p < 1:
        return "> 0.9999"
    if 0 < p < 0.00005:
        return "< 0.0001"
    return f"{p:.4f}"


def weight(value: object) -> str:
    """A match weight in bits, signed."""
    if value is None:
        return "—"
    return f"{float(str(value)):+.2f}"


_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def anchor(*parts: object) -> str:
    """An HTML id from parts (`rec-eid-EV123`)."""
    return "-".join(_SLUG.sub("_", str(p)) for p in parts if p is not None)


def ref_anchor(ref: str) -> str:
    """The record anchor of a fact reference `eid:EV123 (fingerprint)`."""
    key = ref.split(" (", 1)[0]
    source, _, record_id = key.partition(":")
    return anchor("rec", source, record_id)


def detail(value: object) -> str:
    """An audit entry's detail as `key: value; …`."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {detail(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(detail(v) for v in value)
    return "—" if value is None else str(value)


def yes_no(value: object) -> str:
    """Yes, no, or not recorded."""
    if value is None:
        return "not recorded"
    return "yes" if value else "no"


def external(url: object) -> str | None:
    """An http(s) address to link to; anything else (a script URL, a typo) is not linked."""
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url
    return None


FILTERS: dict[str, Callable[..., Any]] = {
    "external": external,
    "label": label,
    "when": when,
    "relative": relative,
    "probability": probability,
    "weight": weight,
    "ref_anchor": ref_anchor,
    "detail": detail,
    "yes_no": yes_no,
}

GLOBALS: dict[str, Any] = {"anchor": anchor, "is_past": is_past}
