"""ADIS: arrivals (I-94), with the class of admission and the date it ran out."""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import _VISA_CLASSES, _Ctx, _dates, _emit


def _adis(ctx: _Ctx) -> None:
    """Arrivals (I-94): class of admission and the date the admission ran out."""
    pop, rng = ctx.pop, ctx.rng
    rows = np.flatnonzero(np.isin(pop.entry_kind, ("visa", "immigrant", "refugee")))
    kind = pop.entry_kind[rows]
    cls = np.where(
        kind == "visa",
        rng.choice(_VISA_CLASSES, len(rows)),
        np.where(kind == "refugee", "RE", "LPR"),
    )
    until = np.where(kind == "visa", pop.visa_until[rows], d.NO_DATE)
    _emit(
        ctx,
        "adis",
        rows,
        {
            "class_of_admission": cls,
            "arrival_date": _dates(pop.entry_date[rows]),
            "admit_until": _dates(until),
            "passport_country": pop.birth_country[rows],
        },
        id_prefix="",
        id_digits=11,
        recorded=pop.entry_date[rows],
    )
