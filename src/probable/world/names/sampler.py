"""`NameSampler`: names for many people at once by culture and sex, as a `NameBatch`.

Loads the locale lists once; all randomness comes from the caller's generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from probable.world.names.cultures import CULTURES, _Profile, _profiles
from probable.world.names.pools import _Obj


@dataclass(frozen=True, eq=False)
class NameBatch:
    """Names for a batch of people; fields are aligned object arrays of str, "" when absent.

    Surnames are in written order: Hispanic paternal then maternal, Brazilian maternal then
    paternal. Filipino `middle_name` is the mother's maiden surname, as Filipinos write it.
    """

    given_name: _Obj
    middle_name: _Obj
    family_name: _Obj
    second_family_name: _Obj

    def __post_init__(self) -> None:
        sizes = {len(self.given_name), len(self.middle_name), len(self.family_name)}
        if len(sizes | {len(self.second_family_name)}) != 1:
            raise ValueError("NameBatch fields must have equal lengths")

    def __len__(self) -> int:
        return len(self.given_name)


def _sample_profile(
    rng: np.random.Generator, p: _Profile, sex: str, m: int
) -> tuple[_Obj, _Obj, _Obj, _Obj]:
    pool = p.given[sex]
    compound = pool.compound_share() if p.split_compounds else 0.0
    rate = max(0.0, (p.middle_rate - compound) / (1.0 - compound)) if p.middle else 0.0
    double = rng.random(m) < rate
    gi = pool.draw(rng, m)
    if p.lead_power is not None:
        gi = np.where(double, pool.sharpened(p.lead_power).draw(rng, m), gi)
    given = pool.heads[gi] if p.split_compounds else pool.names[gi]
    if p.alt_rate:
        given = np.where(rng.random(m) < p.alt_rate, pool.alt[gi], given)
    family = p.family[sex].names[p.family[sex].draw(rng, m)]
    middle = np.full(m, "", dtype=object)
    if p.middle is not None:
        mpool = p.middle[sex]
        middle[double] = mpool.heads[mpool.draw(rng, int(double.sum()))]
        for _ in range(4):  # a middle name repeating the given or family name is rare; redraw
            clash = double & ((middle == given) | (middle == family))
            if not clash.any():
                break
            middle[clash] = mpool.heads[mpool.draw(rng, int(clash.sum()))]
    if p.split_compounds:
        tails = pool.tails[gi]
        middle = np.where(tails != "", tails, middle)
    second = np.full(m, "", dtype=object)
    if p.second_family_rate:
        has = rng.random(m) < p.second_family_rate
        fam = p.family[sex]
        second[has] = fam.names[fam.draw(rng, int(has.sum()))]
    return given, middle, family, second


class NameSampler:
    """Loads the locale lists once; samples names by culture and sex, vectorised."""

    def __init__(self) -> None:
        self._profiles = _profiles()
        self._shares = {
            c: np.cumsum([p.share for p in ps]) / sum(p.share for p in ps)
            for c, ps in self._profiles.items()
        }

    def sample(
        self, rng: np.random.Generator, culture: npt.ArrayLike, sex: npt.ArrayLike
    ) -> NameBatch:
        """Names for people of these cultures and sexes ("M"/"F"), in input order.

        Raises ValueError naming any unknown culture or sex.
        """
        cult = np.asarray(culture, dtype=object)
        sexes = np.asarray(sex, dtype=object)
        if cult.ndim != 1 or cult.shape != sexes.shape:
            raise ValueError(
                f"culture and sex must be 1-D and equal length, got {cult.shape} and {sexes.shape}"
            )
        n = len(cult)
        masks = {c: cult == c for c in CULTURES}
        known = np.logical_or.reduce(list(masks.values())) if n else np.zeros(0, dtype=bool)
        if not known.all():
            bad = sorted({str(c) for c in cult[~known]})
            raise ValueError(
                f"unknown culture {', '.join(map(repr, bad))}; known: {', '.join(CULTURES)}"
            )
        male = sexes == "M"
        if not (male | (sexes == "F")).all():
            bad = sorted({str(s) for s in sexes[~(male | (sexes == "F"))]})
            raise ValueError(f"unknown sex {', '.join(map(repr, bad))}; expected 'M' or 'F'")
        out = [np.full(n, "", dtype=object) for _ in range(4)]
        for code in CULTURES:
            profiles, shares = self._profiles[code], self._shares[code]
            for s, in_sex in (("M", male), ("F", ~male)):
                rows = np.flatnonzero(masks[code] & in_sex)
                if not rows.size:
                    continue
                which = np.searchsorted(shares, rng.random(rows.size), side="right")
                which = np.minimum(which, len(profiles) - 1)
                for j, profile in enumerate(profiles):
                    sub = rows[which == j]
                    if sub.size:
                        for field, values in zip(
                            out, _sample_profile(rng, profile, s, sub.size), strict=True
                        ):
                            field[sub] = values
        return NameBatch(*out)
