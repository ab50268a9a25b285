"""USCIS's records: CIS (A-number index), CLAIMS 3 (benefits), CLAIMS 4 (naturalization).

Each goes stale its own way; CLAIMS 3 shows as pending the adjustments CIS left stale,
and a derivation CIS records is the one a certificate is issued for.
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
    _log_rows,
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
    natz = d.present(pop.naturalization_date[rows]) & (pop.naturalization_date[rows] <= ctx.end)
    idx = np.flatnonzero(natz)
    ctx.log.expose("cis", "naturalization_not_in_cis", len(idx), cfg.naturalization.cis_not_updated)
    not_updated = rng.random(len(idx)) < cfg.naturalization.cis_not_updated
    status[idx[~not_updated]] = "NATURALIZED"
    when[idx[~not_updated]] = pop.naturalization_date[rows][idx[~not_updated]]
    derived = np.flatnonzero(path == "usc_derived")
    ctx.log.expose("cis", "derived_never_recorded", len(derived), cfg.derived.never_recorded)
    unrecorded = rng.random(len(derived)) < cfg.derived.never_recorded
    status[derived[~unrecorded]] = "USC (DERIVED)"
    when[derived[~unrecorded]] = pop.citizenship_date[rows][derived[~unrecorded]]
    ctx.derived_recorded[rows[derived[~unrecorded]]] = True
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
    ctx.stale_adjustment[rows[pending]] = True
    first = np.minimum.reduce(
        [
            np.where(d.present(c), c, ctx.start - 1)
            for c in (pop.lpr_date[rows], pop.grant_date[rows], pop.nta_date[rows])
        ]
    )
    made = _emit(
        ctx,
        "cis",
        rows,
        {
            "a_number": ctx.a_number[rows],
            "class_of_admission": cls,
            "current_status": status,
            "status_date": _dates(when),
        },
        id_prefix="R",
        id_digits=10,
        recorded=first,
    )
    stale_natz = idx[not_updated]
    _log_rows(
        ctx, "cis", "naturalization_not_in_cis", rows, made, stale_natz,
        ["naturalization not recorded in CIS"] * len(stale_natz),
    )  # fmt: skip
    unrecorded_rows = derived[unrecorded]
    _log_rows(
        ctx, "cis", "derived_never_recorded", rows, made, unrecorded_rows,
        [""] * len(unrecorded_rows),
    )  # fmt: skip
    _log_rows(
        ctx, "cis", "stale_status", rows, made, pending,
        ["adjustment to LPR not recorded in CIS"] * len(pending),
    )  # fmt: skip


def _claims3(ctx: _Ctx) -> None:
    """Benefit applications: adjustment (I-485), TPS (I-821), DACA (I-821D), asylum (I-589)."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    stale_rate = ctx.config.errors.stale_status.rate
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
    pending = ctx.stale_adjustment[adjusters]
    decision[: len(adjusters)][pending] = "PENDING"
    decided[: len(adjusters)][pending] = d.NO_DATE
    # Renewals never entered: the record shows only the first, long-expired period.
    ctx.log.expose("claims3", "stale_status", len(renewable), stale_rate)
    stale_r = rng.random(len(renewable)) < stale_rate
    section = slice(len(adjusters), len(adjusters) + len(renewable))
    valid_to[section] = np.where(stale_r, pop.first_grant_until[renewable], valid_to[section])
    filed = np.where(
        d.present(decided), decided, ctx.start - cfg.pending_filing_days_before_window
    ) - rng.integers(
        cfg.benefit_filing_days_before_decision_min,
        cfg.benefit_filing_days_before_decision_max + 1,
        len(rows),
    )
    made = _emit(
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
        },
        id_prefix="EAC",
        id_digits=10,
        recorded=filed,
    )
    stale = len(adjusters) + np.flatnonzero(stale_r)
    _log_rows(
        ctx, "claims3", "stale_status", rows, made, stale, ["renewal never entered"] * len(stale)
    )


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
    made = _emit(
        ctx,
        "claims4",
        keep,
        {
            "a_number": ctx.a_number[keep],
            "form_type": np.full(len(keep), "N-400", dtype=object),
            "oath_date": _dates(oath[~never]),
            "certificate_number": _ids(rng, "", len(keep), 8),
        },
        id_prefix="NBC",
        id_digits=10,
        recorded=recorded,
    )
    late_rows = np.flatnonzero(late_k)
    delays = [str(x) for x in lag[~never][late_rows]]
    _log_rows(ctx, "claims4", "naturalization_late", keep, made, late_rows, delays)
