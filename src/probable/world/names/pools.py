"""Weighted name pools drawn by inverse CDF, and the helpers that build them from Faker lists.

Every culture's given, middle and family names are one of these pools per sex.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_SEXES = ("M", "F")

_Obj = npt.NDArray[np.object_]
_Entries = dict[str, float]


@dataclass(frozen=True, eq=False)
class _Pool:
    """A weighted list of names; `heads`/`tails` split compound entries ("José Luis")."""

    names: _Obj
    heads: _Obj
    tails: _Obj
    alt: _Obj  # another rendering of each name (hyphenated/joined); equal to `heads` if none
    cdf: npt.NDArray[np.float64]

    @classmethod
    def of(cls, entries: _Entries, alt: Callable[[str], str] | None = None) -> _Pool:
        names = sorted(entries)
        weights = np.array([entries[k] for k in names], dtype=np.float64)
        split = [k.split(" ", 1) for k in names]
        heads = [s[0] for s in split]
        return cls(
            names=np.array(names, dtype=object),
            heads=np.array(heads, dtype=object),
            tails=np.array([s[1] if len(s) > 1 else "" for s in split], dtype=object),
            alt=np.array([alt(h) if alt else h for h in heads], dtype=object),
            cdf=np.cumsum(weights / weights.sum()),
        )

    def draw(self, rng: np.random.Generator, n: int) -> npt.NDArray[np.intp]:
        idx = np.searchsorted(self.cdf, rng.random(n), side="right")
        return np.minimum(idx, len(self.names) - 1)

    def sharpened(self, power: float) -> _Pool:
        """Same names, weights raised to `power`: common names lead double given names."""
        p = np.diff(self.cdf, prepend=0.0) ** power
        return _Pool(self.names, self.heads, self.tails, self.alt, np.cumsum(p / p.sum()))

    def compound_share(self) -> float:
        return float(np.diff(self.cdf, prepend=0.0)[self.tails != ""].sum())


def _entries(
    data: Mapping[str, float] | Iterable[str],
    romanise: Callable[[str], str] | None = None,
    ranked: float | None = None,
    borrow: _Entries | None = None,
) -> _Entries:
    """Normalised name->probability from a Faker attribute (tuple or name->weight mapping).

    `ranked` treats a frequency-ordered tuple as Zipf-like (weight 1/(rank+ranked));
    `borrow` takes weights from a weighted list of the same language, its minimum for
    names it lacks, so alphabetical lists get realistic frequencies.
    """
    items = list(data.items()) if isinstance(data, Mapping) else [(k, 1.0) for k in data]
    if ranked is not None:
        items = [(k, 1.0 / (r + ranked)) for r, (k, _) in enumerate(items)]
    if borrow:
        floor = min(borrow.values())
        items = [(k, borrow.get(k, floor)) for k, _ in items]
    out: _Entries = {}
    for key, weight in items:
        name = " ".join((romanise(key) if romanise else key).split())
        if name:
            out[name] = out.get(name, 0.0) + float(weight)
    total = sum(out.values())
    return {k: v / total for k, v in out.items()}


def _mix(*parts: tuple[_Entries, float]) -> _Entries:
    out: _Entries = {}
    for entries, share in parts:
        for k, v in entries.items():
            out[k] = out.get(k, 0.0) + share * v
    return out


def _by_sex(m: _Entries, f: _Entries, alt: Callable[[str], str] | None = None) -> dict[str, _Pool]:
    return {"M": _Pool.of(m, alt), "F": _Pool.of(f, alt)}


def _both(entries: _Entries) -> dict[str, _Pool]:
    return dict.fromkeys(_SEXES, _Pool.of(entries))
