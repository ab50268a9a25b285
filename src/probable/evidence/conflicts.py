"""Facts that cannot all be true, and status facts a later event has overtaken.

Record systems disagree (one says Mexico, a birth certificate says Ohio) and keep a
status long after it changed (a pending adjustment years after the green card). Both
are reasons to trust a fact less: a removability basis resting on a conflicting or
stale fact is weak (`probable.evidence.removability`). docs/evidence.md lists the rules.

"Later" compares the facts' dates (`Fact.on`); a fact without a date is never later
than another, and facts of the same record never make each other stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from probable.evidence.facts import Fact, FactKind
from probable.evidence.file import Conflict, DataWarning

#: Facts that show U.S. citizenship (by birth, naturalization or derivation).
CITIZENSHIP_KINDS: frozenset[FactKind] = frozenset(
    {
        "us_birth_record",
        "us_passport",
        "citizenship_certificate",
        "naturalization",
        "derived_citizenship",
    }
)

#: Statements that the subject holds no status (I-247A box 1 item 4).
NO_STATUS_STATEMENTS = frozenset({"no_status", "entered_without_inspection"})

#: (superseded kind, superseding kinds, what happened): a status overtaken by a later event.
STALE_RULES: tuple[tuple[FactKind, frozenset[FactKind], str], ...] = (
    ("status_pending", frozenset({"status_grant"}), "the application was since granted"),
    ("proceedings", frozenset({"final_order", "relief"}), "the case was since decided"),
    ("status_grant", frozenset({"naturalization"}), "the resident since naturalized"),
    ("status_grant", frozenset({"final_order"}), "a removal order was since entered"),
)


def _later(fact: Fact, than: Fact) -> bool:
    """Whether `fact` happened on or after `than`, both dated, on different records."""
    if fact.on is None or than.on is None or fact.on < than.on:
        return False
    a, b = fact.provenance, than.provenance
    return (a.source, a.record_id) != (b.source, b.record_id)


def _refs(facts: Iterable[Fact]) -> str:
    return ", ".join(f.cite() for f in facts)


def _birthplace_conflicts(facts: Sequence[Fact]) -> list[Conflict]:
    found: list[Conflict] = []
    places = [f for f in facts if f.kind == "birthplace" and f.value]
    countries = sorted({f.value for f in places if f.value})
    if len(countries) > 1:
        said = "; ".join(f"{c}: {_refs(f for f in places if f.value == c)}" for c in countries)
        found.append(Conflict("birthplace", tuple(places), f"records give {said}"))
    foreign = [f for f in places if f.value != "US"]
    us_records = [
        f
        for f in facts
        if f.kind == "us_birth_record" or (f.kind == "us_passport" and f.value == "US")
    ]
    if foreign and us_records:
        found.append(
            Conflict(
                "birthplace",
                (*foreign, *us_records),
                f"a foreign birthplace ({_refs(foreign)})"
                f" against a record of U.S. birth ({_refs(us_records)})",
            )
        )
    return found


def _pairs(
    facts: Sequence[Fact], first: frozenset[FactKind], then: frozenset[FactKind]
) -> list[tuple[Fact, Fact]]:
    """Pairs (a, b) with a of a kind in `first` and b of a kind in `then`, b later than a."""
    earlier = [f for f in facts if f.kind in first]
    if not earlier:
        return []
    later = [f for f in facts if f.kind in then]
    return [(a, b) for a in earlier for b in later if _later(b, a)]


def _status_conflicts(facts: Sequence[Fact]) -> list[Conflict]:
    found: list[Conflict] = []
    for order, after in _pairs(
        facts, frozenset({"final_order"}), frozenset({"relief", "status_grant"})
    ):
        found.append(
            Conflict(
                "status",
                (order, after),
                f"a final order ({order.cite()}) followed by {after.kind.replace('_', ' ')}"
                f" {after.value or ''} ({after.cite()})".replace("  ", " "),
            )
        )
    citizen: frozenset[FactKind] = frozenset({"naturalization", "derived_citizenship"})
    undone: frozenset[FactKind] = frozenset({"proceedings", "status_expired"})
    for known, after in _pairs(facts, citizen, undone):
        found.append(
            Conflict(
                "status",
                (known, after),
                f"{known.kind.replace('_', ' ')} ({known.cite()}) followed by"
                f" {after.kind.replace('_', ' ')} ({after.cite()})",
            )
        )
    said = [f for f in facts if f.kind == "statement" and f.value in NO_STATUS_STATEMENTS]
    lawful = [f for f in facts if f.kind in ("status_grant", "status_pending")]
    if said and lawful:
        found.append(
            Conflict(
                "status",
                (*said, *lawful),
                f"a statement of no status ({_refs(said)})"
                f" against a status on record ({_refs(lawful)})",
            )
        )
    return found


def _citizenship_conflicts(facts: Sequence[Fact]) -> list[Conflict]:
    citizen = [f for f in facts if f.kind in CITIZENSHIP_KINDS]
    orders = [f for f in facts if f.kind == "final_order"]
    if not citizen or not orders:
        return []
    return [
        Conflict(
            "citizenship",
            (*orders, *citizen),
            f"a final order ({_refs(orders)}) against evidence of citizenship ({_refs(citizen)})",
        )
    ]


def find_conflicts(facts: Sequence[Fact]) -> tuple[Conflict, ...]:
    """Every conflict among `facts`: birthplace, status and citizenship (docs/evidence.md)."""
    return (
        *_birthplace_conflicts(facts),
        *_status_conflicts(facts),
        *_citizenship_conflicts(facts),
    )


def find_stale(facts: Sequence[Fact]) -> tuple[DataWarning, ...]:
    """A "stale" warning for each status fact a later event on another record overtook.

    The warning's first fact is the stale one, the second the event that overtook it.
    """
    found: list[DataWarning] = []
    for kind, then, what in STALE_RULES:
        for old, new in _pairs(facts, frozenset({kind}), then):
            if kind == "status_grant" and "naturalization" in then and old.value != "LPR":
                continue
            found.append(
                DataWarning(
                    "stale",
                    f"{old.kind.replace('_', ' ')} {old.value or ''} ({old.cite()}) is out of"
                    f" date: {what} ({new.cite()})".replace("  ", " "),
                    source=old.provenance.source,
                    facts=(old, new),
                )
            )
    return tuple(found)
