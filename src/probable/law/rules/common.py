"""What several rules read from the evidence: birthplaces, alienage, the hold clock.

Kept here so that each instrument's module says only what its instrument adds.
"""

from __future__ import annotations

from collections.abc import Callable

from probable.evidence.facts import Fact, FactKind
from probable.evidence.file import RemovabilityBasis
from probable.law.clock import hold_clock, is_no_release_sentinel
from probable.law.determination import ClockRule
from probable.law.rule import Context, Finding

#: Facts that suggest the person is not a citizen (never proof on their own).
ALIENAGE_KINDS: frozenset[FactKind] = frozenset(
    {
        "entry",
        "entry_without_inspection",
        "status_grant",
        "status_pending",
        "status_expired",
        "proceedings",
        "final_order",
        "relief",
    }
)

#: The I-247A box 3 bases: biometric confirmation plus database records.
BOX_3_KINDS = frozenset({"no_status_records", "removable_conviction"})

#: The bases the Gonzalez Probable Cause Subclass excludes (an order, proceedings).
ORDER_KINDS = frozenset({"final_order", "pending_proceedings"})


def foreign_birthplaces(ctx: Context, *, records_only: bool = False) -> tuple[Fact, ...]:
    """Birthplace facts naming a country other than the U.S. (records only: not the booking)."""
    return tuple(
        f
        for f in ctx.evidence.facts
        if f.kind == "birthplace"
        and f.value
        and f.value != "US"
        and not (records_only and f.provenance.source == "booking")
    )


def alienage_facts(ctx: Context) -> tuple[Fact, ...]:
    """Facts that suggest alienage: a foreign birthplace, an entry, a status, proceedings."""
    return foreign_birthplaces(ctx) + tuple(
        f for f in ctx.evidence.facts if f.kind in ALIENAGE_KINDS
    )


def basis_facts(bases: tuple[RemovabilityBasis, ...]) -> tuple[Fact, ...]:
    """The facts the bases rest on, each once."""
    return tuple(dict.fromkeys(f for b in bases for f in b.facts))


def describe(bases: tuple[RemovabilityBasis, ...]) -> str:
    """The bases in a phrase: "final_order (strong), no_status_records (weak)"."""
    return ", ".join(f"{b.kind} ({b.strength})" for b in bases)


def corroborate_database_only(ctx: Context, why: str) -> Finding | None:
    """Refer for corroboration the covered booking's bases other than an order or
    proceedings that rest on database checks alone; `why` follows "database checks alone
    (the bases)" in the finding. The judgment, the Ninth Circuit's remand and the
    settlement's protective reading each say why in their own words."""
    if not ctx.covered:
        return None
    alone = tuple(b for b in ctx.supporting if b.kind not in ORDER_KINDS and b.database_only)
    if not alone:
        return None
    return Finding(
        f"database checks alone ({describe(alone)}){why}",
        basis_facts(alone),
        action="refer_corroboration",
        rejected=alone,
    )


def clock(rule: ClockRule) -> Callable[[Context], Finding | None]:
    """A clock-stage rule: the hold from the scheduled release under `rule`; none, and
    nothing sent, when the release passed before the decision."""

    def apply(ctx: Context) -> Finding | None:
        if ctx.action != "issue_detainer":
            return None
        release = ctx.booking.scheduled_release_at
        if release is None:
            return Finding(
                "no scheduled release yet: the detainer issues without a hold clock; "
                "the clock starts when the jail sets a release time"
            )
        if is_no_release_sentinel(release):
            return Finding(
                f"the jail's release date {release.date().isoformat()} is its placeholder for "
                "none set, an unknown release: the detainer issues without a hold clock; "
                "the clock starts when the jail sets a real release time"
            )
        if ctx.decided_at is not None and release <= ctx.decided_at:
            return Finding(
                f"the scheduled release {release.isoformat()} passed before this decision "
                f"({ctx.decided_at.isoformat()}): a hold past a release already gone is never "
                "asked, so nothing is sent; the jail's current release time, if the person is "
                "still held, would settle it",
                action="no_action",
            )
        held = hold_clock(release, ctx.booking.agency.time_zone, rule)
        return Finding(
            f"hold of 48 hours under {rule} from {held.release_at.isoformat()} "
            f"to {held.expires_at.isoformat()}",
            hold=held,
        )

    return apply
