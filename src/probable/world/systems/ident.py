"""IDENT: biometric encounters, and the FIN a booking's fingerprints match."""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import _ADULT_AGE, _Ctx, _dates, _emit, _ids


def _ident(ctx: _Ctx) -> None:
    """Biometric encounters; the FIN is what a booking's fingerprints match."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.ident
    n, start = len(pop), ctx.start
    path = pop.path
    p = np.full(n, cfg.lawful_encounter_rate)
    p[np.isin(path, ("usc_born", "usc_acquired"))] = cfg.us_born_encounter_rate
    p[path == "ewi"] = cfg.ewi_encounter_rate
    p[np.isin(path, ("final_order", "pending_proceedings"))] = cfg.proceedings_encounter_rate
    has = np.flatnonzero(rng.random(n) < p)
    first = pop.entry_date[has].copy()
    adult = pop.dob[has] + d.years(_ADULT_AGE)
    ewi_like = (pop.entry_kind[has] == "ewi") | ~d.present(first)
    caught = d.uniform(
        rng,
        np.maximum(np.where(d.present(first), first, adult), adult),
        np.full(len(has), start - cfg.first_encounter_latest_days_before_window),
    )
    first = np.where(ewi_like, caught, first)
    nta = pop.nta_date[has]
    first = np.where(d.present(nta), np.minimum(first, nta), first)
    extra = rng.poisson(ctx.config.ident.extra_encounters_mean, len(has))
    person = np.concatenate([has, np.repeat(has, extra)])
    when = np.concatenate(
        [first, d.uniform(rng, np.repeat(first, extra), np.full(int(extra.sum()), start - 1))]
    )
    citizen_by_birth = np.isin(path[person], ("usc_born", "usc_acquired"))
    kinds = np.where(
        citizen_by_birth,
        "TRUSTED_TRAVELER",
        rng.choice(
            np.array(
                [
                    "VISA_ISSUANCE",
                    "ENTRY_BORDER",
                    "BENEFIT_BIOMETRICS",
                    "CBP_APPREHENSION",
                    "ICE_ARREST",
                ],
                dtype=object,
            ),
            len(person),
        ),
    )
    # A first encounter is at the border (or a CBP apprehension for those who crossed
    # without inspection); citizens by birth enrol as trusted travelers.
    kinds[: len(has)] = np.where(
        citizen_by_birth[: len(has)],
        "TRUSTED_TRAVELER",
        np.where(ewi_like, "CBP_APPREHENSION", "ENTRY_BORDER"),
    )
    # OIG-16-130: some pre-2000 prints were never digitised, so they match nothing.
    lost_person = rng.random(n) < cfg.undigitised_pre2000_rate
    old = when < d.to_day(cfg.digitised_from)
    ctx.log.expose("ident", "undigitised", int(old.sum()), cfg.undigitised_pre2000_rate)
    lost = old & lost_person[person]
    ctx.log.add(
        "ident",
        "undigitised",
        [None] * int(lost.sum()),
        pop.person_id[person[lost]],
        [""] * int(lost.sum()),
    )
    person, when, kinds = person[~lost], when[~lost], kinds[~lost]
    order = np.lexsort((when, person))
    person, when, kinds = person[order], when[order], kinds[order]
    holders, first_at = np.unique(person, return_index=True)
    fins = _ids(rng, "", len(holders), 10)
    ctx.fin_of[holders] = fins
    ctx.out.fin_person = pop.person_id[holders]
    ctx.out.fin = fins
    ctx.out.fin_since = when[first_at]
    carries = rng.random(len(person)) < ctx.config.records.ident_a_number_share
    a_numbers = np.where(carries, ctx.a_number[person], "")
    _emit(
        ctx,
        "ident",
        person,
        {
            "fin": ctx.fin_of[person],
            "encounter_date": _dates(when),
            "encounter_type": kinds,
            "a_number": a_numbers,
        },
        id_prefix="E",
        id_digits=12,
        recorded=when,
    )
