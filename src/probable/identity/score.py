"""Match weights from comparison vectors, with Splink's own parameters and arithmetic.

A lookup asks DuckDB only for each candidate's comparison vector (the level each
comparison reached, by Splink's own CASE statements) and adds up the weights here:
the same numbers Splink's predict SQL adds (each level's log2(m/u), the
term-frequency adjustment `w * (log2 u_exact - log2 max(tf_l, tf_r, min_u))`, the
prior), read from Splink's `Settings` objects rather than re-derived. Doing the sum in
Python avoids a ten-millisecond planning cost per query; tests hold the result to
Splink's batch predictions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from splink import SettingsCreator
from splink.internals.misc import prob_to_match_weight
from splink.internals.settings import Settings

from probable.identity.model import IdentityModel


@dataclass(frozen=True)
class _Level:
    label: str
    match_weight: float
    tf_column: str | None = None
    tf_weight: float = 0.0
    tf_min_u: float = 0.0
    log2_u_exact: float = 0.0


@dataclass(frozen=True)
class _Comparison:
    name: str
    levels: Mapping[int, _Level]


def splink_settings(model: IdentityModel) -> Settings:
    """Splink's settings object for the model, in the DuckDB dialect."""
    creator = SettingsCreator.from_path_or_dict(dict(model.splink_settings))
    return creator.get_settings("duckdb")


class Scorer:
    """Turns comparison vectors (gammas) and term frequencies into weights and probabilities."""

    def __init__(self, model: IdentityModel) -> None:
        settings = splink_settings(model)
        core = settings.core_model_settings
        self.prior_weight = float(prob_to_match_weight(core.probability_two_random_records_match))
        self.comparisons: list[_Comparison] = []
        for comparison in core.comparisons:
            levels: dict[int, _Level] = {}
            all_levels = comparison.comparison_levels
            for level in all_levels:
                gamma = int(level.comparison_vector_value)
                label = level.label_for_charts
                if level.is_null_level:
                    levels[gamma] = _Level("missing on one side", 0.0)
                    continue
                tf = level._tf_adjustment_input_column
                if tf is not None and level._has_tf_adjustments and not level._is_else_level:
                    u_exact = level._u_probability_corresponding_to_exact_match(all_levels)
                    levels[gamma] = _Level(
                        label,
                        float(level._match_weight),
                        tf.unquote().name,
                        float(level._tf_adjustment_weight),
                        float(level._tf_minimum_u_value),
                        math.log2(u_exact),
                    )
                else:
                    levels[gamma] = _Level(label, float(level._match_weight))
            self.comparisons.append(_Comparison(str(comparison.output_column_name), levels))

    def contributions(self, row: Mapping[str, Any]) -> list[tuple[str, str, int, float]]:
        """(comparison, level label, gamma, weight incl. tf adjustment) for one pair.

        `row` holds `gamma_<comparison>` and, for tf-adjusted columns, `tf_<col>_l/_r`.
        """
        out = []
        for comparison in self.comparisons:
            gamma = int(row[f"gamma_{comparison.name}"])
            level = comparison.levels[gamma]
            weight = level.match_weight
            if level.tf_column is not None and level.tf_weight:
                tf_l, tf_r = row.get(f"tf_{level.tf_column}_l"), row.get(f"tf_{level.tf_column}_r")
                a = tf_l if tf_l is not None else tf_r
                b = tf_r if tf_r is not None else tf_l
                if a is not None and b is not None:
                    u = max(a, b, level.tf_min_u)
                    weight += level.tf_weight * (level.log2_u_exact - math.log2(u))
            out.append((comparison.name, level.label, gamma, weight))
        return out

    def match_weight(self, contributions: list[tuple[str, str, int, float]]) -> float:
        """The prior plus every comparison's weight."""
        return self.prior_weight + sum(c[3] for c in contributions)


def probability(match_weight: float) -> float:
    """Splink's match probability for a match weight (its overflow-safe form)."""
    if match_weight >= 0:
        return float(1.0 / (1.0 + 2.0 ** (-match_weight)))
    odds = float(2.0**match_weight)
    return odds / (1.0 + odds)
