"""Whether two identifiers differ by no more than one typing slip.

An A-number retyped with one digit wrong, dropped, doubled or two digits swapped is
still the same number to a reader; two numbers further apart are two files. The
identity index keeps records whose numbers are further apart in separate identities,
and an A-file review sets aside only records under a number further from the file's.
"""

from __future__ import annotations

from collections.abc import Iterable

import jellyfish

__all__ = ["all_within_one_slip", "within_one_slip"]


def within_one_slip(a: str, b: str) -> bool:
    """a and b differ by at most one substitution, insertion, deletion or swap of two
    neighbouring characters (Damerau-Levenshtein distance at most 1, jellyfish's, as the
    identity model's comparisons count it)."""
    return a == b or jellyfish.damerau_levenshtein_distance(a, b) <= 1


def all_within_one_slip(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """Every value of one side is within one slip of every value of the other."""
    others = list(theirs)
    return all(within_one_slip(a, b) for a in ours for b in others)
