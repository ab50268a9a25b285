"""Facts that cannot all be true, and status facts a later event has overtaken.

Record systems disagree (one says Mexico, a birth certificate says Ohio) and keep a
status long after it changed (a pending adjustment years after the green card). Both
are reasons to trust a fact less: a removability basis resting on a conflicting or
stale fact is weak (`probable.evidence.removability`). docs/evidence.md lists the rules.

"Later" compares the facts' dates (`Fact.on`); a fact without a date is never later
than another, and facts of the same record never make each other stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from probable.evidence.afile import file_numbers
from probable.evidence.facts import Fact, FactKind, Provenance, Tie
from probable.evidence.file import Conflict, DataWarning
from probable.sources.slips import within_one_slip

#: Facts that show U.S. citizenship (by birth, naturalization or derivation).
CITIZENSHIP_KINDS: frozenset[FactKind] = frozenset(
    {
        "us_birth_record",
        "us_passport",
        "citizenship_certificate",
        "naturalization",
        "derived_citizenship",
        "verified_citizenship",
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


#: Links that bring a record system's record (not the booking, not corroboration).
_RECORD_LINKS = frozenset({"fingerprint", "identity", "biographic"})


def _by_record(facts: Sequence[Fact]) -> dict[tuple[str, str], list[Fact]]:
    """The facts of each linked record (booking and corroboration facts left out)."""
    records: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        p = fact.provenance
        if p.link in _RECORD_LINKS:
            records.setdefault((p.source, p.record_id), []).append(fact)
    return records


def _identity_conflicts(facts: Sequence[Fact]) -> list[Conflict]:
    """Records that cannot all be one person's: two A-numbers, another FIN, or another
    FBI number.

    The fingerprint identity's A-number is the one the records its fingerprints matched
    carry; a linked record with another is someone else's or misfiled, and every record
    carrying an A-number is in doubt when the matched records carry two, or when none
    does and the linked records carry two. A record carrying a FIN other than the
    fingerprints' is another person's, and so is a criminal history record carrying an
    FBI number other than the one that ties another to the prints. Each conflict's facts
    are the doubtful records' (an officer resolves it; until then they are no basis).
    """
    records = _by_record(facts)
    first = {key: found[0].provenance for key, found in records.items()}
    numbered = {key: p.a_number for key, p in first.items() if p.a_number is not None}
    anchor = {a for key, a in numbered.items() if first[key].link == "fingerprint"}
    found: list[Conflict] = []
    if len(anchor) == 1:
        odd = [key for key, a in numbered.items() if a not in anchor]
        said = f"the records the fingerprints matched carry {next(iter(anchor))}"
    else:
        odd = list(numbered) if len(set(numbered.values())) > 1 else []
        said = (
            f"the records the fingerprints matched carry {len(anchor)} A-numbers"
            if anchor
            else "no record the fingerprints matched carries one"
        )
    if odd and not file_numbers(facts):  # a verified A-file review settled whose they are
        doubtful = tuple(f for key in odd for f in records[key])
        which = "; ".join(
            f"{first[key].source}:{first[key].record_id} {numbered[key]}" for key in odd
        )
        found.append(
            Conflict(
                "identity",
                doubtful,
                f"A-numbers disagree ({which}); {said}: another person's record or a misfiled "
                "one, no basis until an officer resolves it",
            )
        )
    found.extend(
        _other_identifier(
            records, first, "fin", lambda p: p.fin,
            "a FIN other than the one the fingerprints matched: another person's",
        )
    )  # fmt: skip
    found.extend(_birth_date_conflicts(records, first))
    found.extend(
        _other_identifier(
            records, first, "fbi_number", lambda p: p.fbi_number,
            "an FBI number other than the one NGI returned for the booking's prints: another "
            "person's criminal history",
        )
    )  # fmt: skip
    return found


def _other_identifier(
    records: dict[tuple[str, str], list[Fact]],
    first: dict[tuple[str, str], Provenance],
    tie: Tie,
    carried: Callable[[Provenance], str | None],
    what: str,
) -> list[Conflict]:
    """Records carrying an identifier of the kind that ties another record to the prints
    (`tie`) other than that one: `what` they carry, named in the conflict."""
    if not any(p.tie == tie for p in first.values()):
        return []
    other = [key for key, p in first.items() if carried(p) is not None and p.tie != tie]
    if not other:
        return []
    which = ", ".join(f"{first[key].source}:{first[key].record_id}" for key in other)
    return [
        Conflict(
            "identity",
            tuple(f for key in other for f in records[key]),
            f"{which} carry {what}, no basis until an officer resolves it",
        )
    ]


def _compatible_dates(a: date, b: date) -> bool:
    """The same date, or one a clerk's slip away: day and month swapped, or one character
    of the ISO text mistyped, dropped or swapped with its neighbour."""
    if a == b or (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return True
    return within_one_slip(a.isoformat(), b.isoformat())


def _birth_date_conflicts(
    records: dict[tuple[str, str], list[Fact]], first: dict[tuple[str, str], Provenance]
) -> list[Conflict]:
    """Untied records whose date of birth no record the fingerprints matched gives, nor a
    slip of one: another person's, or a record too damaged to rest on."""
    anchor = {
        p.date_of_birth
        for p in first.values()
        if p.link == "fingerprint" and p.date_of_birth is not None
    }
    if not anchor:
        return []
    odd = [
        key
        for key, p in first.items()
        if p.link != "fingerprint"
        and p.tie is None  # a FIN, an A-number or an FBI number outweighs a typed date
        and p.date_of_birth is not None
        and not any(_compatible_dates(p.date_of_birth, d) for d in anchor)
    ]
    if not odd:
        return []
    which = "; ".join(
        f"{first[key].source}:{first[key].record_id} {first[key].date_of_birth}" for key in odd
    )
    said = ", ".join(sorted(d.isoformat() for d in anchor))
    return [
        Conflict(
            "identity",
            tuple(f for key in odd for f in records[key]),
            f"dates of birth disagree ({which}); the records the fingerprints matched give "
            f"{said}: another person's record or a damaged one, no basis until an officer "
            "resolves it",
        )
    ]


def find_conflicts(facts: Sequence[Fact]) -> tuple[Conflict, ...]:
    """Every conflict among `facts`: birthplace, status, citizenship and identity
    (docs/evidence.md)."""
    return (
        *_birthplace_conflicts(facts),
        *_status_conflicts(facts),
        *_citizenship_conflicts(facts),
        *_identity_conflicts(facts),
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
