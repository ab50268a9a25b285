"""EID (ICE arrests and cases) and EOIR (immigration court): removal proceedings.

Both attach some records to the wrong person (another's A-number and FIN).
"""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import (
    _Ctx,
    _dates,
    _emit,
    _log_rows,
    _some_a_number,
    _wrong_person,
)


def _eid(ctx: _Ctx) -> None:
    """ICE arrests and cases: everyone in proceedings or under a final order."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    rows = np.flatnonzero(np.isin(pop.path, ("final_order", "pending_proceedings")))
    before_nta = rng.integers(
        cfg.eid_arrest_days_before_nta_min, cfg.eid_arrest_days_before_nta_max + 1, len(rows)
    )
    arrest = np.maximum(pop.nta_date[rows] - before_nta, pop.entry_date[rows])
    ordered = pop.path[rows] == "final_order"
    a_numbers = _some_a_number(ctx, rows)
    fins = ctx.fin_of[rows].copy()
    attached, to_whom = _wrong_person(ctx, "eid", rows, a_numbers, fins)
    made = _emit(
        ctx,
        "eid",
        rows,
        {
            "a_number": a_numbers,
            "fin": fins,
            "arrest_date": _dates(arrest),
            "case_category": np.where(ordered, "8C", "8B"),
            "case_status": np.where(ordered, "FINAL ORDER", "ACTIVE"),
            "final_order_date": _dates(np.where(ordered, pop.order_date[rows], d.NO_DATE)),
        },
        id_prefix="EV",
        id_digits=10,
        recorded=arrest,
    )
    _log_rows(ctx, "eid", "wrong_person", rows, made, attached, to_whom)


def _eoir(ctx: _Ctx) -> None:
    """Immigration court cases: removal proceedings, orders, and asylum granted in court."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    court_asylum = (pop.path == "asylee") & (rng.random(len(pop)) < cfg.asylum_in_court_share)
    rows = np.flatnonzero(np.isin(pop.path, ("final_order", "pending_proceedings")) | court_asylum)
    path = pop.path[rows]
    before_grant = rng.uniform(
        cfg.court_asylum_nta_years_before_grant_min,
        cfg.court_asylum_nta_years_before_grant_max,
        len(rows),
    )
    nta = np.where(
        path == "asylee", pop.grant_date[rows] - d.years(before_grant), pop.nta_date[rows]
    )
    decided = np.where(
        path == "final_order",
        pop.order_date[rows],
        np.where(path == "asylee", pop.grant_date[rows], d.NO_DATE),
    )
    decision = np.where(
        path == "final_order", "REMOVAL ORDER", np.where(path == "asylee", "RELIEF GRANTED", "")
    )
    # A stale court record: the asylum grant never entered, the case still pending.
    asylees = np.flatnonzero(path == "asylee")
    stale_rate = ctx.config.errors.stale_status.rate
    ctx.log.expose("eoir", "stale_status", len(asylees), stale_rate)
    stale = asylees[rng.random(len(asylees)) < stale_rate]
    decided[stale] = d.NO_DATE
    decision[stale] = ""
    status = np.where(decision == "", "PENDING", "COMPLETED")
    a_numbers = _some_a_number(ctx, rows)
    fins = ctx.fin_of[rows].copy()
    attached, to_whom = _wrong_person(ctx, "eoir", rows, a_numbers, fins)
    made = _emit(
        ctx,
        "eoir",
        rows,
        {
            "a_number": a_numbers,
            "nta_date": _dates(nta),
            "case_status": status,
            "decision": decision,
            "decision_date": _dates(decided),
            "relief": np.where(decision == "RELIEF GRANTED", "ASYLUM", ""),
        },
        id_prefix="C",
        id_digits=9,
        recorded=np.minimum(nta, ctx.start - 1),
    )
    _log_rows(
        ctx, "eoir", "stale_status", rows, made, stale, ["asylum grant never entered"] * len(stale)
    )
    _log_rows(ctx, "eoir", "wrong_person", rows, made, attached, to_whom)
