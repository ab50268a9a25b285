"""Whether two identifiers differ by no more than one typing slip.

An A-number retyped with one digit wrong, dropped, doubled or two digits swapped is
still the same number to a reader; two numbers further apart are two files. The
identity index keeps records whose numbers are further apart in separate identities,
and an A-file review sets aside only records under a number further from the file's.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["all_within_one_slip", "within_one_slip"]


def within_one_slip(a: str, b: str) -> bool:
    """a and b differ by at most one substitution, insertion, deletion or swap of two
    neighbouring characters (Damerau-Levenshtein distance at most 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def all_within_one_slip(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """Every value of one side is within one slip of every value of the other."""
    mine = list(ours)
    others = list(theirs)
    return all(within_one_slip(a, b) for a in mine for b in others)
