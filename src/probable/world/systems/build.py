"""`build_systems`: every record system, in a fixed order.

The order is part of the result: all systems draw from one generator, and later ones
read what earlier ones set (A-numbers, FINs, CIS's stale adjustments and recorded
derivations).
"""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.config import WorldConfig
from probable.world.mistakes import ErrorLog
from probable.world.population import Population
from probable.world.systems.arrivals import _adis
from probable.world.systems.benefits import _cis, _claims3, _claims4
from probable.world.systems.common import RecordSystems, _Ctx
from probable.world.systems.corroboration import _corroboration
from probable.world.systems.criminal import _iii
from probable.world.systems.enforcement import _eid, _eoir
from probable.world.systems.ident import _ident
from probable.world.systems.identifiers import _assign_a_numbers


def build_systems(
    rng: np.random.Generator, config: WorldConfig, pop: Population, log: ErrorLog
) -> RecordSystems:
    """Every record system of the world, damaged as configured."""
    n = len(pop)
    ctx = _Ctx(
        rng=rng,
        config=config,
        pop=pop,
        log=log,
        out=RecordSystems(),
        start=d.to_day(config.world.booking_start),
        end=d.to_day(config.world.booking_end),
        a_number=np.full(n, "", dtype=object),
        a_number_dup=np.full(n, "", dtype=object),
        fin_of=np.full(n, "", dtype=object),
        stale_adjustment=np.zeros(n, dtype=bool),
        derived_recorded=np.zeros(n, dtype=bool),
    )
    _assign_a_numbers(ctx)
    _ident(ctx)
    _eid(ctx)
    _eoir(ctx)
    _cis(ctx)
    _claims3(ctx)
    _claims4(ctx)
    _adis(ctx)
    _iii(ctx)
    _corroboration(ctx)
    ctx.out.a_number = ctx.a_number
    ctx.out.a_number_dup = ctx.a_number_dup
    return ctx.out
