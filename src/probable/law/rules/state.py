"""State law: statutes that bar holds, and laws that close record sources (the jurisdiction table).

The table itself is data (`probable.law.jurisdictions`); these rules read it. A state
that restricts holds (California's Values Act, SB 54) gets a notification request
instead of a detainer, with a note when notices too are limited to listed
convictions. A source closed by a data-access law (New York's Green Light law) must
not reach the decision: its facts, and the bases resting on them, are left out. The
finding cites the state's own provision.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from probable.law.citation import Citation
from probable.law.jurisdictions import closed_sources
from probable.law.rule import Context, Finding, Rule

VALUES_ACT = Citation(
    "Cal. Gov. Code",
    "7284.6(a)(1)(B)-(C)",
    "https://leginfo.legislature.ca.gov/faces/codes_displayText.xhtml?lawCode=GOV&division=7.&title=1.&part=&chapter=17.25.&article=",
)
GREEN_LIGHT = Citation(
    "N.Y. Veh. & Traf. Law",
    "201(12)",
    "https://www.nysenate.gov/legislation/laws/VAT/201",
    confirmed=False,
)


@lru_cache(maxsize=4096)
def restricted_sources(day: date, legal_bases: frozenset[str] = frozenset()) -> dict[str, Citation]:
    """Each source closed on the day, with the citation of the law that closes it."""
    return {s: r.citations[0] for s, r in closed_sources(day, legal_bases).items()}


def data_access(ctx: Context) -> Finding | None:
    """Facts from sources a data-access law closes are left out of the decision."""
    closed = restricted_sources(ctx.day, ctx.legal_bases)
    if not closed:
        return None
    removed = tuple(f for f in ctx.evidence.facts if f.provenance.source in closed)
    if not removed:
        return None
    sources = sorted({f.provenance.source for f in removed})
    return Finding(
        f"facts from {', '.join(sources)} left out: a data-access law closes the source to "
        "immigration decisions without a judge's order",
        removed,
        removed=removed,
        citation=closed[sources[0]],
    )


def restricts_holds(ctx: Context) -> Finding | None:
    """A state barring holds on ICE requests gets a notification request instead."""
    law = ctx.state
    if ctx.action == "request_notification" and law.restricts_notices:
        return Finding(
            f"{law.name} limits notice of release to listed serious convictions: the jail "
            "may decline the request",
            citation=law.citations()[0] if law.citations() else None,
        )
    if ctx.action != "issue_detainer" or not law.restricts_holds:
        return None
    note = (
        "; its law limits notice of release to listed serious convictions"
        if law.restricts_notices
        else ""
    )
    cited = law.citations()
    return Finding(
        f"{law.name} bars holds on ICE requests: request notification instead{note}",
        action="request_notification",
        citation=cited[0] if cited else None,
    )


RULES = (
    Rule(
        "state.data_access",
        "Records a data-access law closes do not reach the decision",
        GREEN_LIGHT,
        date(2019, 12, 14),
        None,
        "1",
        "scope",
        data_access,
    ),
    Rule(
        "state.restricts_holds",
        "No hold where state law bars holds on ICE requests",
        VALUES_ACT,
        date(2014, 1, 1),
        None,
        "1",
        "limits",
        restricts_holds,
    ),
)
