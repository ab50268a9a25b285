"""DuckDB's Jaro-Winkler similarity in plain Python, for backends that lack it.

Spark's Jaro-Winkler (commons-text, through Splink's jar) counts transpositions
differently, so some pairs land on another side of a comparison's threshold than on
DuckDB, where the model is trained and looked up. This is DuckDB's algorithm (its
`third_party/jaro_winkler`) step for step: on UTF-8 bytes, with its arithmetic order,
so the result is the same double.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

#: DuckDB's Winkler prefix weight, and the Jaro similarity above which it applies.
PREFIX_WEIGHT = 0.1
BOOST_THRESHOLD = 0.7


def _fma_exact(a: float, b: float, c: float) -> float:
    return float(Fraction(a) * Fraction(b) + Fraction(c))


#: a * b + c rounded once, as DuckDB's compiled Winkler step computes it (Python 3.13+
#: has it built in).
fma: Callable[[float, float, float], float] = getattr(math, "fma", _fma_exact)


def jaro_similarity(left: str, right: str) -> float:
    """DuckDB's `jaro_similarity(left, right)`."""
    p, t = left.encode(), right.encode()
    p_len, t_len = len(p), len(t)
    if not p_len or not t_len:
        return 0.0
    if p_len == 1 and t_len == 1:
        return float(p[0] == t[0])
    bound = max(p_len, t_len) // 2 - 1
    p_flags = [False] * p_len
    t_matched: list[int] = []
    for j, char in enumerate(t):
        for i in range(max(0, j - bound), min(p_len, j + bound + 1)):
            if not p_flags[i] and p[i] == char:
                p_flags[i] = True
                t_matched.append(j)
                break
    common = len(t_matched)
    if not common:
        return 0.0
    p_matched = [i for i, flagged in enumerate(p_flags) if flagged]
    transpositions = sum(t[j] != p[i] for i, j in zip(p_matched, t_matched, strict=True)) // 2
    sim = 0.0
    sim += common / p_len
    sim += common / t_len
    sim += (common - transpositions) / common
    return sim / 3.0


def jaro_winkler_similarity(left: str, right: str) -> float:
    """DuckDB's `jaro_winkler_similarity(left, right)`."""
    p, t = left.encode(), right.encode()
    prefix = 0
    for a, b in zip(p[:4], t[:4], strict=False):
        if a != b:
            break
        prefix += 1
    sim = jaro_similarity(left, right)
    if sim > BOOST_THRESHOLD:
        sim = fma(prefix * PREFIX_WEIGHT, 1.0 - sim, sim)
    return sim


def jaro_winkler_or_null(left: str | None, right: str | None) -> float | None:
    """`jaro_winkler_similarity` with SQL's nulls: null if either side is."""
    if left is None or right is None:
        return None
    return jaro_winkler_similarity(left, right)
