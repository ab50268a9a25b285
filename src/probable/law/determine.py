"""`determine`: the law in force applied to one booking and its evidence file.

Pure and fast (no I/O; the what-if calls it hundreds of thousands of times). The
stages run in order, each a node of the explanation tree with one child per rule that
fired:

1. scope: the profile (from the booking's day and ICE office unless named), the state
   in the jurisdiction table (a state missing from it is an explicit `no_action`), and
   data-access laws (restricted facts, and what rests on them, are left out);
2. citizenship: probative evidence ends it (`no_action`), indicators go to a
   citizenship investigation, before any basis is weighed (Directive 16001.2);
3. probable cause: which bases the profile accepts; rejected ones say what to do
   instead (corroborate, or request notification); no basis at all is `no_action`
   unless a rule says otherwise;
4. limits: court orders and state law that turn a detainer into a notification
   request, or require neutral review;
5. form: I-247A boxes and the warrant, or I-247G;
6. clock: the hold from the scheduled release in the agency's time zone.

Only `issue_detainer` ever carries a hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from probable.evidence.facts import Fact
from probable.evidence.file import EvidenceFile, RemovabilityBasis
from probable.law.determination import Action, Determination, Explanation, HoldClock
from probable.law.errors import UnknownJurisdictionError
from probable.law.jurisdictions import StateLaw, state_law
from probable.law.profiles import LegalProfile, get_profile, profile_in_force
from probable.law.rule import STAGES, Context, Finding, Rule, Stage
from probable.sources.bookings import BookingEvent

__all__ = ["determine"]

_ACTION_TEXT: dict[Action, str] = {
    "issue_detainer": "Issue a detainer",
    "request_notification": "Request notification of release (no hold)",
    "refer_corroboration": "Refer for corroboration",
    "refer_citizenship_investigation": "Refer for a citizenship investigation",
    "no_action": "No action",
}


@lru_cache(maxsize=65536)
def _state_law(state: str, day: date) -> StateLaw:
    return state_law(state, day)


@dataclass
class _Run:
    """The decision as the stages build it."""

    nodes: dict[Stage, list[Explanation]] = field(default_factory=lambda: {s: [] for s in STAGES})
    action: Action | None = None
    decided_at: Stage | None = None
    decider: str = ""
    form: Literal["I-247A", "I-247G"] | None = None
    boxes: tuple[int, ...] = ()
    bases: tuple[RemovabilityBasis, ...] = ()
    warrant: Literal["I-200", "I-205"] | None = None
    hold: HoldClock | None = None
    neutral_review: bool = False

    def fired(self, stage: Stage, rule: Rule, finding: Finding) -> None:
        self.nodes[stage].append(
            Explanation(rule.id, finding.outcome, finding.citation or rule.citation, finding.facts)
        )

    def note(self, stage: Stage, step: str, outcome: str) -> None:
        self.nodes[stage].append(Explanation(step, outcome))

    def decide(self, stage: Stage, action: Action, why: str) -> None:
        self.action, self.decided_at, self.decider = action, stage, why


def _profile(
    booking: BookingEvent, day: date, named: LegalProfile | str | None, run: _Run
) -> LegalProfile:
    office = booking.agency.responsible_office
    if named is None:
        profile = profile_in_force(day, office)
        run.note("scope", "profile", f"{profile.name} is in force on {day} for office {office}")
        return profile
    profile = get_profile(named) if isinstance(named, str) else named
    if profile.in_force(day):
        run.note("scope", "profile", f"{profile.name} named; in force on {day}")
    else:
        run.note(
            "scope",
            "profile",
            f"{profile.name} named; NOT in force on {day} (in force {_periods(profile)}): "
            "applied as named",
        )
    return profile


def _periods(profile: LegalProfile) -> str:
    return ", ".join(f"{a} to {b or 'open'}" for a, b in profile.periods)


def _without(evidence: EvidenceFile, removed: tuple[Fact, ...]) -> EvidenceFile:
    """The file without the removed facts, the bases resting on any of them, and the
    indicators resting only on them."""
    gone = set(removed)
    return replace(
        evidence,
        facts=tuple(f for f in evidence.facts if f not in gone),
        bases=tuple(b for b in evidence.bases if not gone.intersection(b.facts)),
        indicators=tuple(
            i for i in evidence.indicators if not i.facts or not gone.issuperset(i.facts)
        ),
        conflicts=tuple(c for c in evidence.conflicts if not gone.intersection(c.facts)),
    )


def _probable_cause(ctx: Context, rules: tuple[Rule, ...], run: _Run) -> None:
    supporting: list[RemovabilityBasis] = []
    rejected: list[tuple[Action, str]] = []
    for rule in rules:
        ctx.supporting = tuple(supporting)
        finding = rule.apply(ctx)
        if finding is None:
            continue
        run.fired("probable_cause", rule, finding)
        for basis in finding.accepted:
            if not any(basis is b for b in supporting):
                supporting.append(basis)
        if finding.rejected:
            supporting = [b for b in supporting if not any(b is r for r in finding.rejected)]
            rejected.append((finding.action or "refer_corroboration", finding.outcome))
        elif finding.action is not None:
            run.decide("probable_cause", finding.action, finding.outcome)
            return
    ctx.supporting = run.bases = tuple(supporting)
    if supporting:
        why = "; ".join(b.summary for b in supporting)
        run.decide("probable_cause", "issue_detainer", f"probable cause: {why}")
    elif rejected:
        notify = [why for action, why in rejected if action == "request_notification"]
        if notify:
            run.decide("probable_cause", "request_notification", notify[0])
        else:
            run.decide("probable_cause", "refer_corroboration", rejected[0][1])
    else:
        run.decide("probable_cause", "no_action", "nothing on file suggests removability")


def _later_stages(ctx: Context, run: _Run) -> None:
    stages = ctx.profile.stages
    for stage in ("limits", "form", "clock"):
        for rule in stages[stage]:
            ctx.action = run.action
            finding = rule.apply(ctx)
            if finding is None:
                continue
            run.fired(stage, rule, finding)
            if finding.action is not None and finding.action != run.action:
                run.decide(stage, finding.action, finding.outcome)
            run.neutral_review = run.neutral_review or finding.neutral_review
            run.form = finding.form or run.form
            run.boxes = finding.boxes or run.boxes
            run.warrant = finding.warrant or run.warrant
            run.hold = finding.hold or run.hold


def determine(
    booking: BookingEvent,
    evidence: EvidenceFile,
    profile: LegalProfile | str | None = None,
    *,
    legal_bases: frozenset[str] = frozenset(),
    decided_at: datetime | None = None,
) -> Determination:
    """What may be sent to the jail for this booking, under `profile` or the one in force.

    `legal_bases` are those the case records (a judge's order): a data-access law that
    allows use with one of them leaves its sources in the decision. `decided_at` (aware)
    is when the decision is made: a scheduled release already past by then gets no hold.
    None decides as of the booking.
    """
    run = _Run()
    day = booking.booked_day
    chosen = _profile(booking, day, profile, run)
    office = booking.agency.responsible_office
    covered = chosen.covers(office)
    if not covered:
        run.note(
            "scope",
            "office",
            f"office {office} is not one {chosen.name}'s court orders bind: those rules "
            "do not apply",
        )
    try:
        law = _state_law(booking.agency.state, day)
    except UnknownJurisdictionError:
        state = booking.agency.state
        run.note("scope", "jurisdiction", f"state {state!r} is not in the jurisdiction table")
        run.decide(
            "scope",
            "no_action",
            f"state {state!r} is not in the jurisdiction table, so the law that applies "
            "cannot be known",
        )
        return _result(booking, chosen, run)
    caveats = "" if law.researched else "; its statutes were never researched (?)"
    if law.unconfirmed:
        caveats += "; a provision used is unconfirmed (?)"
    run.note("scope", "jurisdiction", f"{law.name} ({law.state}) law on {day}{caveats}")
    ctx = Context(
        booking, evidence, chosen, day, law, covered, legal_bases=legal_bases, decided_at=decided_at
    )
    stages = chosen.stages
    for rule in stages["scope"]:
        finding = rule.apply(ctx)
        if finding is not None:
            run.fired("scope", rule, finding)
            if finding.removed:
                ctx.evidence = _without(ctx.evidence, finding.removed)
    for rule in stages["citizenship"]:
        finding = rule.apply(ctx)
        if finding is not None:
            run.fired("citizenship", rule, finding)
            if finding.action is not None:
                run.decide("citizenship", finding.action, finding.outcome)
                return _result(booking, chosen, run)
    _probable_cause(ctx, stages["probable_cause"], run)
    _later_stages(ctx, run)
    return _result(booking, chosen, run)


def _result(booking: BookingEvent, profile: LegalProfile, run: _Run) -> Determination:
    action = run.action or "no_action"
    detainer = action == "issue_detainer"
    reason = f"{_ACTION_TEXT[action]} under {profile.name}: {run.decider}."
    if detainer and run.hold is None:
        reason = reason[:-1] + "; no release time yet, so no hold clock."
    children = []
    for stage in STAGES:
        nodes = run.nodes[stage]
        if stage == run.decided_at:
            outcome = f"decided: {action}"
        elif nodes:
            outcome = "; ".join(n.outcome for n in nodes if "." in n.step) or "checked"
        else:
            outcome = "nothing applied"
        children.append(Explanation(stage, outcome, children=tuple(nodes)))
    form = run.form if action in ("issue_detainer", "request_notification") else None
    return Determination(
        booking_id=booking.booking_id,
        action=action,
        profile=profile.name,
        profile_version=profile.version,
        explanation=Explanation("determine", reason, children=tuple(children)),
        form=form,
        basis_boxes=run.boxes if detainer else (),
        bases=run.bases if detainer else (),
        hold=run.hold if detainer else None,
        warrant=run.warrant if detainer else None,
        neutral_review_required=run.neutral_review and detainer,
        reason=reason,
        rules=profile.consulted,
    )
