"""Training the linkage model without labels: a prior from near-certain rules, u by
random sampling, m by expectation maximisation (Splink's estimators).

No truth is used: the model learns from the records alone, as it must on real data.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping, Sequence
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
from probable.identity.model import (
    DEFAULT_THRESHOLD,
    IdentityModel,
    ModelError,
    check_threshold,
    present_columns,
)
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


#: The SQL dialect of a model artefact: that of the DuckDB index and lookup.
ARTEFACT_DIALECT = "duckdb"


def settings_in_dialect(
    settings: Mapping[str, Any],
    columns: Sequence[str],
    link_type: LinkType,
    rules: Sequence[tuple[str, ...]],
    dialect: str,
) -> dict[str, Any]:
    """Trained Splink settings with their SQL written for `dialect`, every parameter kept.

    Splink saves a model's SQL in the dialect that trained it and runs it as it is (on
    Spark, DuckDB's `"column"` is a string literal). The comparisons and rules come from
    Splink's libraries, so rendering them again for `dialect` gives the same model there.
    """
    out = copy.deepcopy(dict(settings))
    if out.get("sql_dialect", ARTEFACT_DIALECT) == dialect:
        return out
    fresh = settings_for(columns, link_type, rules).create_settings_dict(dialect)
    try:
        blocking = "blocking_rules_to_generate_predictions"
        for rule, new_rule in zip(out[blocking], fresh[blocking], strict=True):
            rule.update(blocking_rule=new_rule["blocking_rule"], sql_dialect=dialect)
        for comparison, rendered in zip(out["comparisons"], fresh["comparisons"], strict=True):
            pairs = zip(comparison["comparison_levels"], rendered["comparison_levels"], strict=True)
            for level, new in pairs:
                if level.get("label_for_charts") != new.get("label_for_charts"):
                    raise ValueError(level.get("label_for_charts"))
                level["sql_condition"] = new["sql_condition"]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(
            "the model's comparisons or blocking rules are not this Probable's; train a new "
            f"model with `probable identity build` ({exc!r})"
        ) from exc
    out["sql_dialect"] = dialect
    return out


def model_settings(model: IdentityModel, dialect: str) -> dict[str, Any]:
    """The model's Splink settings for a backend of `dialect`."""
    link_type: LinkType = "link_only" if model.link_type == "link_only" else "dedupe_only"
    rules = list(model.prediction_rules.values())
    return settings_in_dialect(model.splink_settings, model.columns, link_type, rules, dialect)


def make_linker(
    backend: Backend, prepared: pa.Table, settings: SettingsCreator | dict[str, Any], link_type: str
) -> Linker:
    """A Splink linker over the prepared records (one input per source for link_only).

    Splink logs errors only: its warning that a level was never observed is handled here
    (such levels are made neutral, `floor_m_probabilities`) and need not alarm anyone.
    """
    db_api = backend.db_api()
    if link_type == "link_only":
        inputs = [
            backend.register(db_api, prepared.filter(pc.equal(prepared["source"], s)), f"in_{i}")
            for i, s in enumerate(sorted(_sources(prepared)))
        ]
        return Linker(inputs, settings, log_level=logging.ERROR)
    return Linker(backend.register(db_api, prepared, "records"), settings, log_level=logging.ERROR)


#: Least m probability of any level: a level never seen among matches in training
#: (a sex recorded wrongly, say) still happens, and must not veto a link outright.
M_FLOOR = 1e-3


#: u of a level that random sampling never met: rare, and its weight then neutral.
U_UNSEEN = 1e-6


def floor_m_probabilities(
    settings: dict[str, Any], untrained: frozenset[tuple[str, str]] = frozenset()
) -> dict[str, Any]:
    """Raise every m probability to at least M_FLOOR, keeping each comparison's sum at 1.

    A level EM never saw among matches (`untrained`: comparison and level label; the
    world makes no A-number typos, say) is made neutral, m = u: no evidence either
    way, rather than the floor's evidence against a match.
    """
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        ms = []
        for level in levels:
            key = (str(comparison["output_column_name"]), str(level.get("label_for_charts")))
            if key in untrained:
                u = level.get("u_probability")
                if not isinstance(u, float | int):
                    level["u_probability"] = u = U_UNSEEN
                ms.append(float(u))
            else:
                ms.append(max(float(level.get("m_probability") or 0.0), M_FLOOR))
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
    check_threshold(threshold)
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
    untrained = frozenset(
        (str(c.output_column_name), str(level.label_for_charts))
        for c in linker._settings_obj.comparisons
        for level in c.comparison_levels
        if not level.is_null_level and not level._has_estimated_m_values
    )
    trained = linker.misc.save_model_to_json()
    trained.pop("linker_uid", None)  # random per run; identical trainings, identical files
    settings = settings_in_dialect(
        floor_m_probabilities(trained, untrained),
        columns,
        link_type,
        list(rules.values()),
        ARTEFACT_DIALECT,
    )
    return IdentityModel(
        splink_settings=settings,
        columns=columns,
        prediction_rules=rules,
        threshold=threshold,
        trained_on={"records": len(prepared), "sources": _sources(prepared), "seed": seed},
    )
