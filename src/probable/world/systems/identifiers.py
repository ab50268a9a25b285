"""A-numbers: who holds one, and the duplicates and merges CIS carries.

Assigned first, because every later system copies them onto its records.
"""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import _Ctx, _ids


def _assign_a_numbers(ctx: _Ctx) -> None:
    """A-numbers for residents, grantees and people in proceedings; duplicates and merges."""
    pop, rng, errs = ctx.pop, ctx.rng, ctx.config.errors.a_number
    holders = np.flatnonzero(
        d.present(pop.lpr_date) | d.present(pop.grant_date) | d.present(pop.nta_date)
    )
    ctx.a_number[holders] = _ids(rng, "A", len(holders), 9)
    ctx.log.expose("cis", "duplicate_a_number", len(holders), errs.duplicate)
    ctx.log.expose("cis", "merged_a_number", len(holders), errs.merged)
    u = rng.random(len(holders))
    dup = holders[u < errs.duplicate]
    ctx.a_number_dup[dup] = _ids(rng, "A", len(dup), 9)
    ctx.log.add(
        "cis", "duplicate_a_number", [None] * len(dup), pop.person_id[dup], ctx.a_number_dup[dup]
    )
    merged = holders[(u >= errs.duplicate) & (u < errs.duplicate + errs.merged)]
    into = rng.choice(holders, size=len(merged))
    ok = into != merged
    merged, into = merged[ok], into[ok]
    ctx.a_number[merged] = ctx.a_number[into]
    ctx.log.add(
        "cis",
        "merged_a_number",
        [None] * len(merged),
        pop.person_id[merged],
        [f"shares with person {pop.person_id[i]}" for i in into],
    )
