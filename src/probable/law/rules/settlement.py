"""The Gonzalez v. ICE settlement (approved 2024-12, effective 2025-03-04 for five years).

For covered ICE offices (those sending detainers to the 42 states and territories PERC
serves): no detainer without neutral review of probable cause comparable to the Fourth
Amendment's; until that review exists only Form I-247G (notice of release, no hold) may
issue; and no detainer unless based on a prior removal order or pending proceedings.
Each term is its own dated rule because the exact terms are not confirmed (?).
"""

from __future__ import annotations

from datetime import date

from probable.law.citation import Citation
from probable.law.rule import Context, Finding, Rule
from probable.law.rules.common import ORDER_KINDS, basis_facts, corroborate_database_only, describe

_URL = "https://immigrantjustice.org/node/15062"


def term(section: str) -> Citation:
    """The settlement at the term relied on (not confirmed from the agreement's text)."""
    return Citation("Gonzalez v. ICE, settlement agreement", section, _URL, confirmed=False)


FROM = date(2025, 3, 4)
TO = date(2030, 3, 4)


def order_or_proceedings_only(ctx: Context) -> Finding | None:
    """Only a prior removal order or pending proceedings may support a detainer."""
    if not ctx.covered:
        return None
    other = tuple(b for b in ctx.supporting if b.kind not in ORDER_KINDS)
    if not other:
        return None
    return Finding(
        f"not a removal order or pending proceedings ({describe(other)}): no detainer; "
        "request notification of release (Form I-247G)",
        basis_facts(other),
        action="request_notification",
        rejected=other,
    )


def database_only_request_corroborated(ctx: Context) -> Finding | None:
    """No request of any kind on database checks alone, for a basis other than an order or
    proceedings: corroborate first. Probable's protective reading, not the agreement's
    words: a notification request also ends in an arrest at release, and a status record
    can be out of date (a resident who naturalized still shows LPR where the benefits
    record was never updated)."""
    return corroborate_database_only(
        ctx,
        ": no request of any kind, since a notice of release also ends in an arrest and a "
        "status record can be out of date (a resident may have naturalized); corroborate "
        "first (interview, A-file, documents). Probable's protective reading, not the "
        "agreement's words",
    )


def i247g_until_review(ctx: Context) -> Finding | None:
    """Until neutral review exists, only Form I-247G (no hold) may issue."""
    if not ctx.covered or ctx.action != "issue_detainer":
        return None
    return Finding(
        "no neutral review of probable cause exists yet: only Form I-247G (notice of "
        "release, no hold) may issue",
        action="request_notification",
    )


def neutral_review(ctx: Context) -> Finding | None:
    """A detainer only after neutral review of probable cause."""
    if not ctx.covered or ctx.action != "issue_detainer":
        return None
    return Finding(
        "the detainer issues only after neutral review of probable cause", neutral_review=True
    )


#: Where a rule is Probable's own protective reading of the settlement, not its terms.
PROTECTIVE_READING = Citation(
    "Gonzalez v. ICE, settlement agreement (Probable's protective reading)",
    "no request on database checks alone: not the agreement's words",
    _URL,
    confirmed=False,
)

RULES = (
    Rule(
        "settlement.database_only_request_corroborated",
        "No request of any kind on database checks alone: corroborate first",
        PROTECTIVE_READING,
        FROM,
        TO,
        "2025-03-04",
        "probable_cause",
        database_only_request_corroborated,
    ),
    Rule(
        "settlement.order_or_proceedings_only",
        "No detainer unless based on a prior removal order or pending proceedings",
        term("detainer bases (?)"),
        FROM,
        TO,
        "2025-03-04",
        "probable_cause",
        order_or_proceedings_only,
    ),
    Rule(
        "settlement.i247g_until_review",
        "Until neutral review exists, only Form I-247G may issue",
        term("interim: Form I-247G only (?)"),
        FROM,
        TO,
        "2025-03-04",
        "limits",
        i247g_until_review,
    ),
    Rule(
        "settlement.neutral_review",
        "Detainers only after neutral review of probable cause",
        term("neutral review of probable cause (?)"),
        FROM,
        TO,
        "2025-03-04",
        "limits",
        neutral_review,
    ),
)
