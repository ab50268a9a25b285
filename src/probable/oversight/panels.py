"""What the dashboard says of each table: its title, column headers, a note, and a text alternative.

The text alternative is a sentence with the table's main figures, written from its
rows, so a reader who cannot see the chart learns what it shows (the full table is
on the page below each chart, and as CSV).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from probable.oversight.held import held_totals
from probable.oversight.metrics import hold_summary

RowsIn = Sequence[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class PanelText:
    """The words around one table."""

    title: str
    columns: tuple[tuple[str, str], ...]
    """(column, header) in display order."""
    describe: Callable[[RowsIn], str]
    note: str = ""


def _n(value: float) -> str:
    return f"{value:,}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _sum(rows: RowsIn, key: str) -> int:
    return sum(int(r[key]) for r in rows)


def _most(rows: RowsIn, by: str, key: str) -> tuple[str, int]:
    counts: Counter[str] = Counter()
    for r in rows:
        counts[str(r[by])] += int(r[key])
    return counts.most_common(1)[0] if counts else ("(none)", 0)


def _documents(rows: RowsIn) -> str:
    if not rows:
        return "No documents have been issued."
    forms = Counter[str]()
    for r in rows:
        forms[str(r["form"])] += int(r["documents"])
    by_form = ", ".join(f"{_n(n)} {form}" for form, n in sorted(forms.items()))
    return (
        f"Stacked bars of documents issued each week from {rows[0]['week']} to "
        f"{rows[-1]['week']}: {_n(sum(forms.values()))} in all ({by_form}); the top chart "
        "stacks them by action, the bottom by legal profile."
    )


def _lifts(rows: RowsIn) -> str:
    if not rows:
        return "No document has been lifted."
    total = _sum(rows, "lifted")
    reason, n = _most(rows, "lift_reason", "lifted")
    return (
        f"Bars of lifted documents by lift reason: {_n(total)} lifted; the most frequent "
        f"reason is “{reason}” ({_n(n)}, {_pct(n / total)})."
    )


def _holds(rows: RowsIn) -> str:
    summary = hold_summary(rows)
    if not summary["holds"]:
        return "No I-247A hold has run past a release time."
    return (
        f"Histogram of I-247A holds by hours held past the release time, stacked by legal "
        f"profile: {_n(int(summary['holds'] or 0))} holds, {summary['mean_hours']} hours on "
        f"average, the longest {summary['max_hours']} hours."
    )


def _statuses(rows: RowsIn) -> str:
    if not rows:
        return "There are no cases."
    status, n = _most(rows, "status", "cases")
    return (
        f"Bars of cases by status: {_n(_sum(rows, 'cases'))} cases; the most are "
        f"{status} ({_n(n)})."
    )


def _actions(rows: RowsIn) -> str:
    if not rows:
        return "There are no cases."
    action, n = _most(rows, "action", "cases")
    return (
        f"Bars of cases by latest action, stacked by legal profile: "
        f"{_n(_sum(rows, 'cases'))} cases; the most frequent action is {action} ({_n(n)})."
    )


def _held(rows: RowsIn) -> str:
    t = held_totals(rows)
    if not t["labelled"]:
        return "No I-247A detainer is on a booking of the simulated world."
    return (
        f"Bars by legal profile of I-247A detainers on U.S. citizens and on people who could "
        f"not be removed: of {_n(int(t['labelled'] or 0))} detainers on the world's bookings, "
        f"{_n(int(t['us_citizens'] or 0))} ({_pct(t['us_citizen_share'])}) were on U.S. "
        f"citizens and {_n(int(t['not_removable'] or 0))} ({_pct(t['not_removable_share'])}) "
        "on people who could not be removed."
    )


def _ddp_months(rows: RowsIn) -> str:
    dated = [r for r in rows if r["month"] is not None]
    if not dated:
        return "The public file has no dated detainers."
    months = sorted({str(r["month"]) for r in dated})
    state, n = _most([r for r in dated if r["facility_state"]], "facility_state", "detainers")
    return (
        f"Heat map of public detainers by month prepared and facility state, {months[0]} to "
        f"{months[-1]}: {_n(_sum(dated, 'detainers'))} dated detainers; the most in {state} "
        f"({_n(n)})."
    )


def _ddp_lifts(rows: RowsIn) -> str:
    if not rows:
        return "No detainer in the public file was lifted."
    top = rows[0]
    return (
        f"Bars of public detainers by lift reason: {_n(_sum(rows, 'detainers'))} lifted; the "
        f"most frequent reason is “{top['detainer_lift_reason']}” "
        f"({_n(int(top['detainers']))}, {_pct(top['share'])})."
    )


def _ddp_citizenship(rows: RowsIn) -> str:
    if not rows or not rows[0]["detainers"]:
        return "The public file has no detainers."
    r = rows[0]
    return (
        f"Of {_n(int(r['detainers']))} public detainers, {_n(int(r['usc_claim']))} "
        f"({_pct(r['usc_claim_share'])}) were lifted as “USC or Presumptive Claim to US "
        f"Citizenship”, {_pct(r['usc_claim_share_of_lifted'])} of the {_n(int(r['lifted']))} "
        "lifted."
    )


PANELS: dict[str, PanelText] = {
    "held_on_truth": PanelText(
        "Citizens and non-removable people held (simulated truth)",
        (
            ("profile", "Legal profile"),
            ("detainers", "I-247A detainers"),
            ("labelled", "On the world's bookings"),
            ("us_citizens", "On U.S. citizens"),
            ("us_citizen_share", "Share on U.S. citizens"),
            ("not_removable", "On people not removable"),
            ("not_removable_share", "Share on people not removable"),
            ("wrongful", "Either"),
            ("wrongful_share", "Share either"),
        ),
        _held,
        "From the simulated world's truth, which no decision ever sees. A detainer counts "
        "once issued, whatever came of it; shares are of the detainers on the world's bookings.",
    ),
    "documents_by_week": PanelText(
        "Documents issued by week",
        (
            ("week", "Week beginning (UTC)"),
            ("form", "Form"),
            ("action", "Action"),
            ("profile", "Legal profile"),
            ("documents", "Documents"),
        ),
        _documents,
        "I-247A: a detainer with a hold; I-247G: a request for notice only, no hold.",
    ),
    "lift_reasons": PanelText(
        "Why documents were lifted",
        (
            ("lift_reason", "Lift reason"),
            ("form", "Form"),
            ("lifted", "Lifted"),
            ("share", "Share of all lifts"),
        ),
        _lifts,
    ),
    "hold_hours": PanelText(
        "Hours held past the release time (I-247A)",
        (
            ("bin", "Hours"),
            ("profile", "Legal profile"),
            ("holds", "Holds"),
            ("hours", "Hours in all"),
            ("max_hours", "Longest"),
        ),
        _holds,
        "From the jail's release time to custody, the lift, the lapse, or (still in force) now.",
    ),
    "cases_by_status": PanelText(
        "Cases by status", (("status", "Status"), ("cases", "Cases")), _statuses
    ),
    "cases_by_action": PanelText(
        "Cases by latest action",
        (("action", "Action"), ("profile", "Legal profile"), ("cases", "Cases")),
        _actions,
    ),
    "ddp_by_month": PanelText(
        "Public detainer data: detainers by month and state",
        (
            ("month", "Month prepared"),
            ("facility_state", "Facility state"),
            ("detainers", "Detainers"),
        ),
        _ddp_months,
        "ICE detainer releases as the Deportation Data Project publishes them (FOIA).",
    ),
    "ddp_lift_reasons": PanelText(
        "Public detainer data: lift reasons",
        (
            ("detainer_lift_reason", "Lift reason"),
            ("detainers", "Detainers"),
            ("share", "Share of lifted"),
        ),
        _ddp_lifts,
    ),
    "ddp_citizenship": PanelText(
        "Public detainer data: lifted for a claim to U.S. citizenship",
        (
            ("detainers", "Detainers"),
            ("lifted", "Lifted"),
            ("usc_claim", "Lifted: USC or presumptive claim"),
            ("usc_claim_share", "Share of all detainers"),
            ("usc_claim_share_of_lifted", "Share of lifted"),
            ("not_amenable", "Lifted: not amenable to removal"),
            ("not_amenable_share_of_lifted", "Share of lifted"),
        ),
        _ddp_citizenship,
        "A lift for a claim to citizenship is what ICE recorded, not a finding that the "
        "person was a citizen: read it as a lift rate, not a database error rate.",
    ),
}
