"""III: criminal history, convictions that can make a person removable and others.

III indexes criminal history supported by fingerprints, so each record carries the
person's FBI number (UCN), and the FBI's NGI returns that number for a booking's prints
once the person has a record (`RecordSystems.fbi_*`): the tie between a conviction and
the booked person that a name and a date of birth cannot give.
"""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import _ADULT_AGE, _Ctx, _dates, _emit, _ids


def _iii(ctx: _Ctx) -> None:
    """Criminal history: convictions, removable-type and other."""
    pop, rng = ctx.pop, ctx.rng
    n = len(pop)
    other = rng.random(n) < ctx.config.convictions.other_offence_rate
    removable = np.flatnonzero(d.present(pop.conviction_date))
    minor = np.flatnonzero(other)
    rows = np.concatenate([removable, minor])
    when = np.concatenate(
        [
            pop.conviction_date[removable],
            d.uniform(
                rng, pop.dob[minor] + d.years(_ADULT_AGE), np.full(len(minor), ctx.start - 1)
            ),
        ]
    )
    category = np.concatenate(
        [
            rng.choice(
                np.array(["CONTROLLED SUBSTANCE", "AGGRAVATED FELONY"], dtype=object),
                len(removable),
            ),
            rng.choice(np.array(["TRAFFIC", "MISDEMEANOR"], dtype=object), len(minor)),
        ]
    )
    fbi = _ids(rng, "", n, 9)
    order = np.argsort(rows, kind="stable")
    holders, starts = np.unique(rows[order], return_index=True)
    ctx.out.fbi_person = pop.person_id[holders]
    ctx.out.fbi = fbi[holders]
    ctx.out.fbi_since = (
        np.minimum.reduceat(when[order], starts) if len(rows) else np.zeros(0, np.int64)
    )
    _emit(
        ctx,
        "iii",
        rows,
        {"fbi_number": fbi[rows], "conviction_date": _dates(when), "offence_category": category},
        id_prefix="CH",
        id_digits=11,
        recorded=when,
    )
