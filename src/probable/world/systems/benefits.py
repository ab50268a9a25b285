"""USCIS's records: CIS (A-number index), CLAIMS 3 (benefits), CLAIMS 4 (naturalization).

Each goes stale its own way; CLAIMS 3 shows as pending the adjustments CIS left stale.
"""

from __future__ import annotations

import numpy as np

from probable.world import days as d
from probable.world.systems.common import (
    _VISA_CLASSES,
    _Ctx,
    _dates,
    _emit,
    _ids,
    _log_stale,
    _some_a_number,
)

_LPR_CLASSES = np.array(["IR1", "IR5", "F21", "F41", "E21", "DV1", "CR1"], dtype=object)
_ADJUSTED_CLASSES = np.array(["IR6", "F26", "E26", "CR6", "IR7"], dtype=object)


def _cis(ctx: _Ctx) -> None:
    """The A-number index: class of admission and the status CIS last recorded."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.errors
    rows = np.flatnonzero(ctx.a_number != "")
    path, kind = pop.path[rows], pop.entry_kind[rows]
    m = len(rows)
    cls = np.where(
        kind == "immigrant", rng.choice(_LPR_CLASSES, m), rng.choice(_ADJUSTED_CLASSES, m)
    )
    cls = np.where(kind == "refugee", "RE", cls)
    cls = np.where(
        np.isin(path, ("tps", "daca", "ewi", "final_order", "pending_proceedings")),
        np.where(kind == "ewi", "EWI", rng.choice(_VISA_CLASSES, m)),
        cls,
    )
    cls = np.where(path == "asylee", "AS", cls)
    status = np.full(m, "LPR", dtype=object)
    when = pop.lpr_date[rows].copy()
    for p, label, col in (
        ("tps", "TPS", pop.grant_date),
        ("daca", "DEFERRED ACTION", pop.grant_date),
        ("asylee", "ASYLEE", pop.grant_date),
        ("refugee", "REFUGEE", pop.grant_date),
        ("pending_proceedings", "IN PROCEEDINGS", pop.nta_date),
        ("final_order", "ORDER OF REMOVAL", pop.order_date),
    ):
        status[path == p] = label
        when[path == p] = col[rows][path == p]
    stale = np.zeros(m, dtype=bool)
    natz = d.present(pop.naturalization_date[rows]) & (pop.naturalization_date[rows] <= ctx.end)
    idx = np.flatnonzero(natz)
    ctx.log.expose("cis", "naturalization_not_in_cis", len(idx), cfg.naturalization.cis_not_updated)
    not_updated = rng.random(len(idx)) < cfg.naturalization.cis_not_updated
    status[idx[~not_updated]] = "NATURALIZED"
    when[idx[~not_updated]] = pop.naturalization_date[rows][idx[~not_updated]]
    stale[idx[not_updated]] = True
    derived = np.flatnonzero(path == "usc_derived")
    ctx.log.expose("cis", "derived_never_recorded", len(derived), cfg.derived.never_recorded)
    unrecorded = rng.random(len(derived)) < cfg.derived.never_recorded
    status[derived[~unrecorded]] = "USC (DERIVED)"
    when[derived[~unrecorded]] = pop.citizenship_date[rows][derived[~unrecorded]]
    ctx.log.add(
        "cis",
        "derived_never_recorded",
        [None] * int(unrecorded.sum()),
        pop.person_id[rows[derived[unrecorded]]],
        [""] * int(unrecorded.sum()),
    )
    adjusted = np.flatnonzero((kind == "visa") & (status == "LPR"))
    ctx.log.expose("cis", "stale_status", len(adjusted), cfg.stale_status.rate)
    pending = adjusted[rng.random(len(adjusted)) < cfg.stale_status.rate]
    status[pending] = "ADJUSTMENT PENDING"
    records = ctx.config.records
    when[pending] = when[pending] - d.years(
        rng.uniform(
            records.adjustment_pending_years_before_lpr_min,
            records.adjustment_pending_years_before_lpr_max,
            len(pending),
        )
    )
    ctx.stale_adjustment = pop.person_id[rows[pending]]
    first = np.minimum.reduce(
        [
            np.where(d.present(c), c, ctx.start - 1)
            for c in (pop.lpr_date[rows], pop.grant_date[rows], pop.nta_date[rows])
        ]
    )
    _emit(
        ctx,
        "cis",
        rows,
        {
            "a_number": ctx.a_number[rows],
            "class_of_admission": cls,
            "current_status": status,
            "status_date": _dates(when),
            "row_index": np.arange(m),
        },
        id_prefix="R",
        id_digits=10,
        recorded=first,
    )
    _log_stale(
        ctx, "cis", rows, stale, "naturalization not recorded in CIS", "naturalization_not_in_cis"
    )
    adjust_marker = np.zeros(m, dtype=bool)
    adjust_marker[pending] = True
    _log_stale(ctx, "cis", rows, adjust_marker, "adjustment to LPR not recorded in CIS")
    ctx.out.tables["cis"] = ctx.out.tables["cis"].drop_columns(["row_index"])


def _claims3(ctx: _Ctx) -> None:
    """Benefit applications: adjustment (I-485), TPS (I-821), DACA (I-821D), asylum (I-589)."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    stale_rate = ctx.config.errors.stale_status.rate
    stale_adjusted = set(ctx.stale_adjustment.tolist())
    adjusters = np.flatnonzero((pop.entry_kind == "visa") & d.present(pop.lpr_date))
    renewable = np.flatnonzero(np.isin(pop.path, ("tps", "daca")))
    asylum = np.flatnonzero(
        (pop.path == "asylee") & (rng.random(len(pop)) < cfg.asylum_affirmative_share)
    )
    rows = np.concatenate([adjusters, renewable, asylum])
    form = np.concatenate(
        [
            np.full(len(adjusters), "I-485", dtype=object),
            np.where(pop.path[renewable] == "tps", "I-821", "I-821D"),
            np.full(len(asylum), "I-589", dtype=object),
        ]
    )
    decided = np.concatenate(
        [pop.lpr_date[adjusters], pop.grant_date[renewable], pop.grant_date[asylum]]
    )
    valid_to = np.concatenate(
        [d.none(len(adjusters)), pop.grant_until[renewable], d.none(len(asylum))]
    )
    decision = np.full(len(rows), "APPROVED", dtype=object)
    pending = np.array([int(p) in stale_adjusted for p in pop.person_id[adjusters]], dtype=bool)
    decision[: len(adjusters)][pending] = "PENDING"
    decided[: len(adjusters)][pending] = d.NO_DATE
    # Renewals never entered: the record shows only the first, long-expired period.
    ctx.log.expose("claims3", "stale_status", len(renewable), stale_rate)
    stale_r = rng.random(len(renewable)) < stale_rate
    section = slice(len(adjusters), len(adjusters) + len(renewable))
    valid_to[section] = np.where(stale_r, pop.first_grant_until[renewable], valid_to[section])
    stale = np.zeros(len(rows), dtype=bool)
    stale[section] = stale_r
    filed = np.where(
        d.present(decided), decided, ctx.start - cfg.pending_filing_days_before_window
    ) - rng.integers(
        cfg.benefit_filing_days_before_decision_min,
        cfg.benefit_filing_days_before_decision_max + 1,
        len(rows),
    )
    _emit(
        ctx,
        "claims3",
        rows,
        {
            "form_type": form,
            "a_number": _some_a_number(ctx, rows),
            "filed_date": _dates(filed),
            "decision": decision,
            "decision_date": _dates(decided),
            "valid_from": _dates(np.where(np.isin(form, ("I-821", "I-821D")), decided, d.NO_DATE)),
            "valid_to": _dates(valid_to),
            "row_index": np.arange(len(rows)),
        },
        id_prefix="EAC",
        id_digits=10,
        recorded=filed,
    )
    _log_stale(ctx, "claims3", rows, stale, "renewal never entered")
    ctx.out.tables["claims3"] = ctx.out.tables["claims3"].drop_columns(["row_index"])


def _claims4(ctx: _Ctx) -> None:
    """Naturalizations (N-400), some entered late and some never."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.errors.naturalization
    rows = np.flatnonzero(
        d.present(pop.naturalization_date)
        & (pop.naturalization_date <= ctx.end)
        & (pop.path == "usc_naturalized")
    )
    oath = pop.naturalization_date[rows]
    ctx.log.expose("claims4", "naturalization_late", len(rows), cfg.late)
    ctx.log.expose("claims4", "naturalization_never", len(rows), cfg.never)
    u = rng.random(len(rows))
    never = u < cfg.never
    late = (u >= cfg.never) & (u < cfg.never + cfg.late)
    lag = np.where(
        late,
        rng.integers(cfg.late_days_min, cfg.late_days_max + 1, len(rows)),
        rng.integers(
            ctx.config.records.claims4_entry_lag_days_min,
            ctx.config.records.claims4_entry_lag_days_max + 1,
            len(rows),
        ),
    )
    ctx.log.add(
        "claims4",
        "naturalization_never",
        [None] * int(never.sum()),
        pop.person_id[rows[never]],
        [""] * int(never.sum()),
    )
    keep = rows[~never]
    late_k = late[~never]
    recorded = oath[~never] + lag[~never]
    _emit(
        ctx,
        "claims4",
        keep,
        {
            "a_number": ctx.a_number[keep],
            "form_type": np.full(len(keep), "N-400", dtype=object),
            "oath_date": _dates(oath[~never]),
            "certificate_number": _ids(rng, "", len(keep), 8),
            "row_index": np.arange(len(keep)),
        },
        id_prefix="NBC",
        id_digits=10,
        recorded=recorded,
    )
    table = ctx.out.tables["claims4"]
    kept_rows = np.asarray(table.column("row_index").to_numpy(), dtype=np.int64)
    rid = np.asarray(table.column("receipt_number").to_pylist(), dtype=object)
    hit = late_k[kept_rows]
    ctx.log.add(
        "claims4",
        "naturalization_late",
        rid[hit],
        pop.person_id[keep[kept_rows[hit]]],
        [str(x) for x in lag[~never][kept_rows[hit]]],
    )
    ctx.out.tables["claims4"] = table.drop_columns(["row_index"])
