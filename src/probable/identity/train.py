"""Training the linkage model without labels: a prior from near-certain rules, u by
random sampling, m by expectation maximisation (Splink's estimators).

No truth is used: the model learns from the records alone, as it must on real data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker, SettingsCreator, block_on

from probable.identity.backends import Backend, get_backend
from probable.identity.blocking import (
    DETERMINISTIC_RULES,
    prediction_rules_for,
    rules_for,
    to_splink,
    training_rules_for,
)
from probable.identity.comparisons import CATALOGUE, comparisons_for
from probable.identity.model import DEFAULT_THRESHOLD, IdentityModel, present_columns
from probable.identity.prepare import UID

#: Pairs sampled to estimate u; enough for stable u on rare levels, seconds to run.
U_MAX_PAIRS = 5e6
#: Pairs per expectation-maximisation session, sampled from the blocked pairs.
EM_MAX_PAIRS = 2e6
#: Assumed recall of the near-certain rules when estimating the prior.
DETERMINISTIC_RECALL = 0.7

Step = Callable[[str], None]


def _sources(prepared: pa.Table) -> dict[str, int]:
    counts = pc.value_counts(prepared["source"]).to_pylist()
    return {str(c["values"]): int(c["counts"]) for c in counts}


def columns_present(prepared: pa.Table) -> tuple[str, ...]:
    """The comparison columns filled in at least 1% of the records."""
    wanted = [column for column, _ in CATALOGUE.values()]
    counts = {c: len(prepared) - prepared[c].null_count for c in wanted}
    return present_columns(counts, len(prepared), wanted)


LinkType = Literal["dedupe_only", "link_only"]


def settings_for(
    columns: Sequence[str], link_type: LinkType, rules: Sequence[tuple[str, ...]]
) -> SettingsCreator:
    """Splink settings for the model over `columns`."""
    extra: dict[str, Any] = {}
    if link_type == "link_only":
        extra["source_dataset_column_name"] = "source"
    return SettingsCreator(
        unique_id_column_name=UID,
        link_type=link_type,
        comparisons=comparisons_for(columns),
        blocking_rules_to_generate_predictions=to_splink(rules),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        **extra,
    )


def make_linker(
    backend: Backend, prepared: pa.Table, settings: SettingsCreator | dict[str, Any], link_type: str
) -> Linker:
    """A Splink linker over the prepared records (one input per source for link_only)."""
    db_api = backend.db_api()
    if link_type == "link_only":
        inputs = [
            backend.register(db_api, prepared.filter(pc.equal(prepared["source"], s)), f"in_{i}")
            for i, s in enumerate(sorted(_sources(prepared)))
        ]
        return Linker(inputs, settings, log_level=logging.WARNING)
    return Linker(
        backend.register(db_api, prepared, "records"), settings, log_level=logging.WARNING
    )


#: Least m probability of any level: a level never seen among matches in training
#: (a sex recorded wrongly, say) still happens, and must not veto a link outright.
M_FLOOR = 1e-3


def floor_m_probabilities(settings: dict[str, Any]) -> dict[str, Any]:
    """Raise every m probability to at least M_FLOOR, keeping each comparison's sum at 1."""
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        ms = [max(float(lv.get("m_probability") or 0.0), M_FLOOR) for lv in levels]
        total = sum(ms)
        for level, m in zip(levels, ms, strict=True):
            level["m_probability"] = m / total
    return settings


def train_model(
    prepared: pa.Table,
    *,
    link_type: LinkType = "dedupe_only",
    seed: int = 20151110,
    threshold: float = DEFAULT_THRESHOLD,
    backend: Backend | None = None,
    step: Step | None = None,
) -> IdentityModel:
    """Train a model on prepared records and return it with its metadata."""
    backend = backend or get_backend("duckdb")
    columns = columns_present(prepared)
    rules = prediction_rules_for(columns)
    linker = make_linker(
        backend, prepared, settings_for(columns, link_type, list(rules.values())), link_type
    )
    training = linker.training

    def _step(name: str) -> None:
        if step is not None:
            step(name)

    deterministic: list[Any] = to_splink(rules_for(DETERMINISTIC_RULES, columns))
    training.estimate_probability_two_random_records_match(
        deterministic, recall=DETERMINISTIC_RECALL
    )
    _step("prior")
    training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed)
    _step("u")
    for rule in training_rules_for(columns):
        training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
        )
        _step(f"em:{'+'.join(rule)}")
    settings = floor_m_probabilities(linker.misc.save_model_to_json())
    return IdentityModel(
        splink_settings=settings,
        columns=columns,
        prediction_rules=rules,
        threshold=threshold,
        trained_on={"records": len(prepared), "sources": _sources(prepared), "seed": seed},
    )
