"""What `determine` returns: the action, the form, the hold clock, and why.

A `Determination` carries everything needed to read, check and audit the decision: the
profile and rule versions used, the I-247A basis boxes, the hold clock and the rule that
set it, the warrant required, and an explanation tree of every rule that fired with its
citation and the facts it used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from probable.evidence.facts import Fact
from probable.evidence.file import RemovabilityBasis
from probable.law.citation import Citation

#: What the response center may send (DESIGN.md).
Action = Literal[
    "issue_detainer",
    "request_notification",
    "refer_corroboration",
    "refer_citizenship_investigation",
    "no_action",
]

ACTIONS: tuple[Action, ...] = (
    "issue_detainer",
    "request_notification",
    "refer_corroboration",
    "refer_citizenship_investigation",
    "no_action",
)

#: Which rule set the 48 hours: the regulation excludes weekends and holidays; the
#: 2017 form I-247A does not.
ClockRule = Literal["8 CFR 287.7(d)", "I-247A (02/17)"]


@dataclass(frozen=True, slots=True)
class HoldClock:
    """How long the agency is asked to keep the person beyond their release."""

    release_at: datetime
    """The scheduled release, in the agency's time zone."""
    expires_at: datetime
    """The end of the hold, in the agency's time zone."""
    rule: ClockRule
    citation: Citation
    excluded_days: tuple[str, ...] = ()
    """ISO dates skipped as weekends or federal holidays."""

    @property
    def hours(self) -> float:
        """Real elapsed hours of the hold (more than 48 when days are excluded).

        Subtracting in UTC counts a daylight-saving change; within one zone Python would not.
        """
        expires, release = self.expires_at.astimezone(UTC), self.release_at.astimezone(UTC)
        return (expires - release).total_seconds() / 3600.0


@dataclass(frozen=True)
class Explanation:
    """One node of the explanation tree: a rule (or step), what it found, and the facts used."""

    step: str
    """The rule id ("gonzalez.database_only_void") or a step ("probable_cause")."""
    outcome: str
    citation: Citation | None = None
    facts: tuple[Fact, ...] = ()
    children: tuple[Explanation, ...] = ()

    def walk(self) -> list[Explanation]:
        """This node and every node below it, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "step": self.step,
            "outcome": self.outcome,
            "citation": str(self.citation) if self.citation else None,
            "url": self.citation.url if self.citation else None,
            "facts": [f.cite() for f in self.facts],
            "children": [c.as_dict() for c in self.children],
        }


@dataclass(frozen=True)
class Determination:
    """The decision for one booking under one legal profile, with its reasons."""

    booking_id: str
    action: Action
    profile: str
    profile_version: str
    explanation: Explanation
    form: Literal["I-247A", "I-247G"] | None = None
    basis_boxes: tuple[int, ...] = ()
    """I-247A box 1 items checked (1 final order ... 4 statements)."""
    bases: tuple[RemovabilityBasis, ...] = ()
    """The removability bases a detainer rests on, with their facts (empty otherwise)."""
    hold: HoldClock | None = None
    warrant: Literal["I-200", "I-205"] | None = None
    neutral_review_required: bool = False
    reason: str = ""
    """The decision in one sentence."""
    rules: tuple[tuple[str, str], ...] = field(default=())
    """(rule id, version) of every rule consulted."""

    @property
    def holds(self) -> bool:
        """Whether the agency is asked to keep the person beyond release."""
        return self.hold is not None

    def fired(self) -> list[str]:
        """The ids of the rules in the explanation tree."""
        return [node.step for node in self.explanation.walk() if "." in node.step]
