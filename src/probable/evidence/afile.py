"""What an A-file review settles: whose linked records are whose.

The officer retrieves the subject's A-file through the fingerprints (the FIN's
encounters carry its number, and the file's own biometrics match), so the numbers it
is filed under, its own and any consolidated into it, are the subject's. A linked
record under one of them, or a typing slip from one, is tied to the fingerprint
identity; a record under another A-number is another person's (a namesake's, or a
misfiled record) and is set aside: kept in the file, but no basis, indicator or
conflict. A record carrying no A-number, or already tied, is not settled by it, and an
unverified review settles nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from probable.evidence.citizenship import UNVERIFIED
from probable.evidence.facts import Fact
from probable.sources.slips import within_one_slip

__all__ = ["file_numbers", "settle_by_a_file"]

#: Where a fact's record came to the file by corroboration or the booking itself.
_NOT_LINKED = frozenset({"interview", "document", "booking"})


def file_numbers(facts: Sequence[Fact]) -> frozenset[str]:
    """The A-numbers a verified A-file review says the subject's file is under."""
    return frozenset(
        f.value
        for f in facts
        if f.kind == "a_file_number"
        and f.value is not None
        and f.provenance.link == "document"
        and UNVERIFIED not in f.note
    )


def settle_by_a_file(facts: Sequence[Fact]) -> tuple[tuple[Fact, ...], tuple[Fact, ...]]:
    """(kept, set aside): `facts` with those an A-file review ties made tied ("a_number"),
    and the facts of records it shows to be another person's."""
    numbers = file_numbers(facts)
    if not numbers:
        return tuple(facts), ()
    kept: list[Fact] = []
    aside: list[Fact] = []
    for fact in facts:
        p = fact.provenance
        if p.a_number is None or p.tie is not None or p.link in _NOT_LINKED:
            kept.append(fact)
        elif any(within_one_slip(p.a_number, n) for n in numbers):
            kept.append(replace(fact, provenance=replace(p, tie="a_number")))
        else:
            aside.append(fact)
    return tuple(kept), tuple(aside)
