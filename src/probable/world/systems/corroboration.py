"""Vital records, passports and citizenship certificates, for corroboration only.

Only an investigation sees these sources; the automated check never does.
"""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import _Ctx, _dates, _emit

# Legal constants, not parameters (not in DOMAIN.md): 22 CFR 51.4(b) and 51.28
# issue 10-year adult passports from age 16.
_ADULT_PASSPORT_AGE = 16
_PASSPORT_VALID_YEARS = 10


def _corroboration(ctx: _Ctx) -> None:
    """Birth certificates, passports and certificates: only an investigation sees them."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.corroboration
    lags = ctx.config.records
    born = np.flatnonzero(pop.path == "usc_born")
    states = np.array(sorted(ctx.config.agencies.perc_jurisdictions), dtype=object)
    _emit(
        ctx,
        "vital_records",
        born,
        {
            "state_of_birth": rng.choice(states, len(born)),
            "filed_date": _dates(
                pop.dob[born]
                + rng.integers(
                    lags.birth_filing_days_min, lags.birth_filing_days_max + 1, len(born)
                )
            ),
        },
        id_prefix="B",
        id_digits=11,
        recorded=pop.dob[born] + lags.birth_filing_days_max + 1,
    )
    citizen = d.present(pop.citizenship_date) & (pop.citizenship_date <= ctx.end)
    holders = np.flatnonzero(citizen & (rng.random(len(pop)) < cfg.passport_share))
    issued = d.uniform(
        rng,
        np.maximum(pop.citizenship_date[holders], pop.dob[holders] + d.years(_ADULT_PASSPORT_AGE)),
        np.full(len(holders), ctx.start - 1),
    )
    _emit(
        ctx,
        "passports",
        holders,
        {
            "issue_date": _dates(issued),
            "expiry_date": _dates(issued + d.years(_PASSPORT_VALID_YEARS)),
        },
        id_prefix="",
        id_digits=9,
        recorded=issued,
    )
    natz = np.flatnonzero(citizen & (pop.path == "usc_naturalized"))
    # Only a derivation USCIS recorded (CIS shows it) has a certificate of citizenship.
    derived = np.flatnonzero((pop.path == "usc_derived") & ctx.derived_recorded)
    acquired = np.flatnonzero(pop.path == "usc_acquired")
    acquired = acquired[rng.random(len(acquired)) < cfg.acquired_certificate_share]
    rows = np.concatenate([natz, derived, acquired])
    form = np.concatenate(
        [
            np.full(len(natz), "N-550", dtype=object),
            np.full(len(derived) + len(acquired), "N-560", dtype=object),
        ]
    )
    issued = np.maximum(pop.citizenship_date[rows], pop.dob[rows]) + rng.integers(
        lags.certificate_issue_days_min, lags.certificate_issue_days_max + 1, len(rows)
    )
    _emit(
        ctx,
        "citizenship_certificates",
        rows,
        {"form_type": form, "a_number": ctx.a_number[rows], "issue_date": _dates(issued)},
        id_prefix="",
        id_digits=8,
        recorded=issued,
    )
