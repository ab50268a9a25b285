"""Legal profiles: which rules applied, to which ICE offices, over which dates.

A `LegalProfile` is a named set of rules with its periods in force, the offices it
covers and its settings (the hold-clock rule). The profiles follow DOMAIN.md's
timeline: the database-only practice (Secure Communities, from 2008-10-27 (?)),
Directive 16001.2 (2015-11-10), Policy 10074.2 (2017-04-02, every office, no end), and
for the offices the Gonzalez v. ICE orders cover (ICE agents in the Central District
of California, which includes PERC) the judgment (2020-02-05), the Ninth Circuit
(2020-09-11), the settlement (2025-03-04 to 2030-03-04) and the Ninth Circuit again.
`settlement_neutral_review` is the settlement once neutral review exists; it is only
used when named. `profile_in_force(day, office)` picks the profile of a booking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from types import MappingProxyType

from probable.law.determination import ClockRule
from probable.law.errors import NoProfileInForceError, UnknownProfileError
from probable.law.rule import STAGES, Rule, Stage, get_rule

#: The ICE offices the Gonzalez orders and settlement cover. The judgment binds ICE
#: agents located in the Central District of California; PERC (Laguna Niguel) is the
#: one the simulated world names. Other offices there (ERO Los Angeles) are not listed (?).
COVERED_OFFICES: frozenset[str] = frozenset({"PERC"})

Period = tuple[date, date | None]
"""[from, to): to is the first day no longer in force; None while in force."""


@dataclass(frozen=True)
class LegalProfile:
    """A named set of dated rules for the offices it covers, with its settings."""

    name: str
    title: str
    periods: tuple[Period, ...]
    covered_offices: frozenset[str] | None
    """None: every office; else only these (court orders binding some offices)."""
    offices: str
    """Who is covered, in words."""
    rules: tuple[str, ...]
    """Rule ids, in the order each stage runs them."""
    version: str
    clock_rule: ClockRule
    changes: str
    """What the profile changes from the one before, in a sentence."""
    selectable: bool = True
    """Whether `profile_in_force` may pick it (False: used only when named)."""
    unconfirmed: tuple[str, ...] = field(default=())
    """What about it is not confirmed from a primary text (DOMAIN.md's "?")."""

    @property
    def effective_from(self) -> date:
        """The first day of its first period."""
        return self.periods[0][0]

    @property
    def effective_to(self) -> date | None:
        """The end of its last period (None: open)."""
        return self.periods[-1][1]

    def in_force(self, day: date) -> bool:
        """Whether one of its periods covers the day."""
        return any(start <= day and (end is None or day < end) for start, end in self.periods)

    def covers(self, office: str) -> bool:
        """Whether its rules bind the ICE office."""
        return self.covered_offices is None or office in self.covered_offices

    @cached_property
    def stages(self) -> Mapping[Stage, tuple[Rule, ...]]:
        """Its rules by stage, in order."""
        rules = [get_rule(rule_id) for rule_id in self.rules]
        return MappingProxyType({s: tuple(r for r in rules if r.stage == s) for s in STAGES})

    @cached_property
    def consulted(self) -> tuple[tuple[str, str], ...]:
        """(rule id, version) of every rule it consults."""
        return tuple((r.id, r.version) for s in STAGES for r in self.stages[s])


_DATA_ACCESS = ("state.data_access",)
_PRACTICE = (
    "practice.first_basis",
    "practice.foreign_birth_no_record",
    "practice.detainer_form",
    "regulation.hold_clock",
)
_DIRECTIVE = ("directive_16001.probative_citizenship", "directive_16001.citizenship_indicator")
_POLICY_PC = (
    "policy_10074.probable_cause",
    "policy_10074.biometric_confirmation",
    "policy_10074.weak_basis",
)
#: After the courts' own rules, so a database-only basis is refused in their words first.
_TIED = "policy_10074.basis_tied"
_POLICY_REST = (
    "policy_10074.foreign_birth_not_probable_cause",
    "state.restricts_holds",
    "policy_10074.detainer_form",
    "policy_10074.warrant",
    "policy_10074.hold_clock",
    "policy_10074.corroboration_exhausted",
)

DATABASE_ONLY_FROM = date(2008, 10, 27)
DIRECTIVE_FROM = date(2015, 11, 10)
POLICY_FROM = date(2017, 4, 2)
JUDGMENT_FROM = date(2020, 2, 5)
NINTH_CIRCUIT_FROM = date(2020, 9, 11)
SETTLEMENT_FROM = date(2025, 3, 4)
SETTLEMENT_TO = date(2030, 3, 4)

_COVERED = "ICE offices in the Central District of California (PERC and the agencies it serves)"

_ALL = (
    LegalProfile(
        name="database_only",
        title="The database-only practice (Secure Communities)",
        periods=((DATABASE_ONLY_FROM, DIRECTIVE_FROM),),
        covered_offices=None,
        offices="every ICE office",
        rules=(*_DATA_ACCESS, "practice.citizenship_record", *_PRACTICE),
        version="1",
        clock_rule="8 CFR 287.7(d)",
        changes="a detainer on the first basis the linked database records show, foreign "
        "birth with no record included; no corroboration",
        unconfirmed=("the start date (Secure Communities' first deployment)", "officers' steps"),
    ),
    LegalProfile(
        name="directive_16001",
        title="ICE Directive 16001.2: citizenship investigated first",
        periods=((DIRECTIVE_FROM, POLICY_FROM),),
        covered_offices=None,
        offices="every ICE office",
        rules=(*_DATA_ACCESS, *_DIRECTIVE, "practice.citizenship_record", *_PRACTICE),
        version="2015-11-10",
        clock_rule="8 CFR 287.7(d)",
        changes="indicators of citizenship go to a citizenship investigation before any "
        "basis is weighed; probative evidence of citizenship ends the matter",
        unconfirmed=("the list of indicators",),
    ),
    LegalProfile(
        name="policy_10074",
        title="ICE Policy 10074.2: probable cause and a warrant",
        periods=((POLICY_FROM, None),),
        covered_offices=None,
        offices="every ICE office (covered offices follow the Gonzalez profiles from 2020-02-05)",
        rules=(*_DATA_ACCESS, *_DIRECTIVE, *_POLICY_PC, _TIED, *_POLICY_REST),
        version="2017-04-02",
        clock_rule="I-247A (02/17)",
        changes="probable cause on an I-247A basis (weak ones corroborated), a warrant "
        "(I-205/I-200), no detainer on foreign birth plus no match, 48 flat hours; state "
        "hold bans respected",
    ),
    LegalProfile(
        name="gonzalez_judgment",
        title="Gonzalez v. ICE judgment (C.D. Cal., ECF 574)",
        periods=((JUDGMENT_FROM, NINTH_CIRCUIT_FROM),),
        covered_offices=COVERED_OFFICES,
        offices=_COVERED,
        rules=(
            *_DATA_ACCESS,
            *_DIRECTIVE,
            *_POLICY_PC,
            "gonzalez.database_only_void",
            "gonzalez.foreign_birth_no_match",
            _TIED,
            *_POLICY_REST[:1],
            "gonzalez.state_authority",
            *_POLICY_REST[1:],
        ),
        version="2020-02-05",
        clock_rule="I-247A (02/17)",
        changes="no detainer on database checks alone (corroborate); detainers only to "
        "states whose statutes expressly authorise civil immigration arrest, else notice",
        unconfirmed=("which state statutes expressly authorise civil arrests",),
    ),
    LegalProfile(
        name="ninth_circuit",
        title="Gonzalez v. ICE, 975 F.3d 788 (9th Cir. 2020)",
        periods=((NINTH_CIRCUIT_FROM, SETTLEMENT_FROM), (SETTLEMENT_TO, None)),
        covered_offices=COVERED_OFFICES,
        offices=_COVERED,
        rules=(
            *_DATA_ACCESS,
            *_DIRECTIVE,
            *_POLICY_PC,
            "ninth_circuit.database_remand",
            _TIED,
            *_POLICY_REST[:2],
            "ninth_circuit.neutral_magistrate",
            *_POLICY_REST[2:],
        ),
        version="2020-09-11",
        clock_rule="I-247A (02/17)",
        changes="state-authority limit gone; a neutral magistrate's prompt review for every "
        "detainer; database-only bases still corroborated (remand, ?)",
        unconfirmed=("how the remanded database claim was resolved",),
    ),
    LegalProfile(
        name="settlement",
        title="Gonzalez v. ICE settlement, before neutral review exists",
        periods=((SETTLEMENT_FROM, SETTLEMENT_TO),),
        covered_offices=COVERED_OFFICES,
        offices="covered ICE offices: detainers to the 42 states and territories PERC serves",
        rules=(
            *_DATA_ACCESS,
            *_DIRECTIVE,
            *_POLICY_PC,
            "settlement.database_only_request_corroborated",
            "settlement.order_or_proceedings_only",
            _TIED,
            *_POLICY_REST[:2],
            "settlement.i247g_until_review",
            *_POLICY_REST[2:],
        ),
        version="2025-03-04",
        clock_rule="I-247A (02/17)",
        changes="only Form I-247G (notice, no hold) until neutral review exists",
        unconfirmed=("the exact terms of the agreement",),
    ),
    LegalProfile(
        name="settlement_neutral_review",
        title="Gonzalez v. ICE settlement, once neutral review exists",
        periods=((SETTLEMENT_FROM, SETTLEMENT_TO),),
        covered_offices=COVERED_OFFICES,
        offices="covered ICE offices: detainers to the 42 states and territories PERC serves",
        rules=(
            *_DATA_ACCESS,
            *_DIRECTIVE,
            *_POLICY_PC,
            "settlement.database_only_request_corroborated",
            "settlement.order_or_proceedings_only",
            _TIED,
            *_POLICY_REST[:2],
            "settlement.neutral_review",
            *_POLICY_REST[2:],
        ),
        version="2025-03-04",
        clock_rule="I-247A (02/17)",
        changes="detainers only on a prior removal order or pending proceedings, after "
        "neutral review; every other basis gets Form I-247G",
        selectable=False,
        unconfirmed=("the exact terms of the agreement", "when neutral review begins"),
    ),
)

#: Every profile, by name, in timeline order.
PROFILES: Mapping[str, LegalProfile] = MappingProxyType({p.name: p for p in _ALL})


def get_profile(name: str) -> LegalProfile:
    """The profile of that name; `UnknownProfileError` listing the known names."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownProfileError(
            f"unknown legal profile {name!r}; known profiles: {', '.join(PROFILES)}"
        ) from None


@lru_cache(maxsize=65536)
def profile_in_force(day: date, office: str) -> LegalProfile:
    """The profile that governed a booking on `day` answered by ICE office `office`.

    A profile binding the office by court order wins over a general one in force the
    same day. Before the first profile `NoProfileInForceError` names the date.
    """
    found = [p for p in _ALL if p.selectable and p.in_force(day) and p.covers(office)]
    if not found:
        raise NoProfileInForceError(
            f"no legal profile is in force on {day.isoformat()} for office {office!r}: "
            f"the first ({_ALL[0].name}) starts {DATABASE_ONLY_FROM.isoformat()}"
        )
    specific = [p for p in found if p.covered_offices is not None]
    return (specific or found)[-1]
