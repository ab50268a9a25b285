"""Rules as code: one dated, cited legal rule, what it finds, and the registry of all rules.

The law is data with citations and dates (DESIGN.md): each `Rule` names its instrument
(`Citation`), the period it is in force, a version, the stage of `determine` it belongs
to, and a pure function of a `Context` that returns a `Finding` or None (the rule does
not apply). A finding says what the rule concluded and what that does to the decision;
`probable.law.determine` combines the findings of a profile's rules stage by stage.
The rules themselves live in `probable.law.rules`, one module per instrument.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from probable.evidence.facts import Fact
from probable.evidence.file import EvidenceFile, RemovabilityBasis
from probable.law.citation import Citation
from probable.law.determination import Action, HoldClock
from probable.law.errors import RuleDataError
from probable.law.jurisdictions import StateLaw
from probable.sources.bookings import BookingEvent

if TYPE_CHECKING:
    from probable.law.profiles import LegalProfile

#: The stages of `determine`, in the order they run.
Stage = Literal["scope", "citizenship", "probable_cause", "limits", "form", "clock"]
STAGES: tuple[Stage, ...] = ("scope", "citizenship", "probable_cause", "limits", "form", "clock")


@dataclass(slots=True)
class Context:
    """What a rule may read: the booking, the evidence, the profile, the state's law.

    `determine` fills it in as the stages run (`supporting` after probable cause,
    `action` once a detainer or another action is decided); rules never change it.
    """

    booking: BookingEvent
    evidence: EvidenceFile
    """The evidence file with facts from restricted sources left out."""
    profile: LegalProfile
    day: date
    """The booking's day on the agency's calendar."""
    state: StateLaw
    covered: bool
    """Whether the booking's ICE office is one the profile's court orders cover."""
    supporting: tuple[RemovabilityBasis, ...] = ()
    """Bases accepted so far (probable cause), or the bases the detainer rests on."""
    action: Action | None = None
    """The action decided so far (limits, form and clock read it)."""
    legal_bases: frozenset[str] = frozenset()
    """Legal bases the case records ("judicial warrant or order"): a data-access law
    whose `allowed_with` is among them does not close its sources."""
    decided_at: datetime | None = None
    """When the decision is made (aware); None: as of the booking (the what-if)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found, and what that does to the decision.

    - `action` without `rejected`: the decision is this action (citizenship, scope and
      probable cause end there; in limits it replaces a detainer).
    - `rejected` with `action`: these bases may not support a hold; `action` is what
      to do instead if nothing else supports one.
    - `accepted`: bases that support a detainer (probable cause).
    - `removed`: facts that must not reach the decision (data-access restrictions).
    - `neutral_review`, `form`, `boxes`, `warrant`, `hold`: what goes on the paper.
    """

    outcome: str
    facts: tuple[Fact, ...] = ()
    action: Action | None = None
    rejected: tuple[RemovabilityBasis, ...] = ()
    accepted: tuple[RemovabilityBasis, ...] = ()
    removed: tuple[Fact, ...] = ()
    neutral_review: bool = False
    form: Literal["I-247A", "I-247G"] | None = None
    boxes: tuple[int, ...] = ()
    warrant: Literal["I-200", "I-205"] | None = None
    hold: HoldClock | None = None
    citation: Citation | None = None
    """The provision actually applied, when more precise than the rule's (a state statute)."""


#: A rule's logic: a pure function of the context.
Apply = Callable[[Context], Finding | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One legal rule: what it says, where it comes from, when, and its logic."""

    id: str
    """"<instrument module>.<name>", e.g. "gonzalez.database_only_void"."""
    title: str
    citation: Citation
    effective_from: date
    effective_to: date | None
    """The first day no longer in force; None while in force."""
    version: str
    stage: Stage
    apply: Apply

    def __post_init__(self) -> None:
        if "." not in self.id:
            raise RuleDataError(f"rule id {self.id!r} must be '<instrument>.<name>'")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise RuleDataError(
                f"rule {self.id}: effective_to {self.effective_to} is not after "
                f"effective_from {self.effective_from}"
            )

    def in_force(self, day: date) -> bool:
        """Whether the rule is in force on the day."""
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


def all_rules() -> Mapping[str, Rule]:
    """Every rule, by id (the registry: `probable.law.rules.RULES`)."""
    from probable.law.rules import RULES

    return RULES


def get_rule(rule_id: str) -> Rule:
    """The rule with this id; `RuleDataError` naming the known ids otherwise."""
    rules = all_rules()
    try:
        return rules[rule_id]
    except KeyError:
        raise RuleDataError(
            f"unknown rule {rule_id!r}; known rules: {', '.join(sorted(rules))}"
        ) from None
