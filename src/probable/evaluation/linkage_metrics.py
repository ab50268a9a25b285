"""How well a linker found who is who, scored from plain arrow tables.

Any linker's output can be scored: predicted pairs (`record_id_l`, `record_id_r`,
`match_probability`) or clusters (`record_id`, `cluster_id`), against labels
(`record_id`, `label`, optionally `source`) where records sharing a label are one
entity. True pairs are counted from label sizes, never enumerated, and all the
work runs in DuckDB, so a million records and tens of millions of pairs score
in seconds.

Conventions, the same for pairs and clusters:

- A record with no label (absent from `labels`, or a null label) is an entity
  of its own: it is never part of a true pair. A null or NaN probability never
  predicts a link, and a record paired with itself is no pair.
- With `link_only`, only pairs of records from different sources are scored:
  within-source pairs are dropped from the predicted pairs, the true pairs and
  the true positives alike (a record of unknown source differs from every source).
- A ratio with nothing to count (precision with no predicted pair, recall with no
  true pair) is 1.0: there was nothing to get wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from probable.evaluation._linkage_sql import (
    CLUSTER_SQL,
    LABELS_SQL,
    SCORED_PAIRS_SQL,
    TRUE_PAIRS_SQL,
)

PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability")
LABEL_COLUMNS = ("record_id", "label")
CLUSTER_COLUMNS = ("record_id", "cluster_id")


def _ratio(hits: int | float, total: int | float) -> float:
    return float(hits) / float(total) if total else 1.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _pair_figures(predicted: int, true_pairs: int, tp: int) -> dict[str, Any]:
    """fp, fn, precision, recall and F1 from the three pair counts (shared by both results)."""
    precision, recall = _ratio(tp, predicted), _ratio(tp, true_pairs)
    return {
        "fp": predicted - tp,
        "fn": true_pairs - tp,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
    }


@dataclass(frozen=True)
class PairwiseMetrics:
    """Predicted links at one threshold, scored pair by pair against the labels."""

    threshold: float
    link_only: bool
    predicted: int
    true_pairs: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(
        cls, threshold: float, link_only: bool, predicted: int, true_pairs: int, tp: int
    ) -> PairwiseMetrics:
        """The metrics that follow from the three counts."""
        return cls(
            threshold=threshold,
            link_only=link_only,
            predicted=predicted,
            true_pairs=true_pairs,
            tp=tp,
            **_pair_figures(predicted, true_pairs, tp),
        )

    def as_dict(self) -> dict[str, Any]:
        """Every figure, as plain data for `--json`."""
        return asdict(self)


@dataclass(frozen=True)
class ClusterMetrics:
    """A clustering scored against the labels: pairwise, entity by entity, and B-cubed."""

    link_only: bool
    records: int
    clusters: int
    entities: int
    predicted_pairs: int
    true_pairs: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    exact_entities: int
    """Entities whose records form one cluster, exactly."""
    exact_share: float
    merges: int
    """Clusters holding a (scored) pair of records of different entities."""
    splits: int
    """Entities with a (scored) pair of records in different clusters."""
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def as_dict(self) -> dict[str, Any]:
        """Every figure, as plain data for `--json`."""
        return asdict(self)


def _require(table: pa.Table, name: str, columns: Sequence[str], ids: Sequence[str]) -> None:
    """Fail with the missing column's name, or the id column holding nulls."""
    for column in columns:
        if column not in table.column_names:
            raise ValueError(f"{name} has no column {column!r} (it has {table.column_names})")
    for column in ids:
        if table.column(column).null_count:
            raise ValueError(f"{name}.{column} holds nulls: every row needs an id")


def _check_unique(con: duckdb.DuckDBPyConnection, table: str, name: str) -> None:
    """Each record may appear once in labels (or in clusters)."""
    row = con.execute(
        f"SELECT record_id FROM {table} GROUP BY record_id HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if row is not None:
        raise ValueError(f"{name}.record_id {row[0]!r} appears more than once")


def _connect(tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    return con


def _labels_table(con: duckdb.DuckDBPyConnection, link_only: bool) -> None:
    """Make `lab` from the registered labels (see `LABELS_SQL`); each record once."""
    source = "CAST(source AS VARCHAR)" if link_only else "CAST(NULL AS VARCHAR)"
    con.execute(LABELS_SQL.format(source=source))
    _check_unique(con, "lab", "labels")


def _true_pairs(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(TRUE_PAIRS_SQL).fetchone()
    return int(row[0]) if row else 0


def pairwise_metrics_at(
    pairs: pa.Table, labels: pa.Table, thresholds: Iterable[float], *, link_only: bool = False
) -> list[PairwiseMetrics]:
    """Pairwise metrics at each threshold, all from one pass over the pairs.

    A pair is predicted at a threshold when its probability is at or above it; a
    pair given more than once (in either order) counts once, at its highest
    probability.
    """
    levels = [float(t) for t in thresholds]
    if any(math.isnan(t) for t in levels):
        raise ValueError("thresholds must be numbers, not NaN")
    _require(pairs, "pairs", PAIR_COLUMNS, PAIR_COLUMNS[:2])
    _require(labels, "labels", (*LABEL_COLUMNS, "source") if link_only else LABEL_COLUMNS, ())
    if not levels:
        return []
    con = _connect({"pairs": pairs, "labels": labels})
    try:
        _labels_table(con, link_only)
        true_pairs = _true_pairs(con)
        scored = con.execute(SCORED_PAIRS_SQL, [min(levels)]).fetchnumpy()
    finally:
        con.close()
    # Bucket each pair by how many thresholds it reaches, then count from the top.
    edges = np.unique(np.asarray(levels))
    bucket = np.searchsorted(edges, np.asarray(scored["p"], dtype=np.float64), side="right")
    same = np.asarray(scored["same"], dtype=np.bool_)
    reached = np.cumsum(np.bincount(bucket, minlength=len(edges) + 1)[::-1])[::-1]
    hits = np.cumsum(np.bincount(bucket[same], minlength=len(edges) + 1)[::-1])[::-1]
    at = {float(t): k + 1 for k, t in enumerate(edges)}
    return [
        PairwiseMetrics.from_counts(t, link_only, int(reached[at[t]]), true_pairs, int(hits[at[t]]))
        for t in levels
    ]


def pairwise_metrics(
    pairs: pa.Table, labels: pa.Table, threshold: float, *, link_only: bool = False
) -> PairwiseMetrics:
    """Precision, recall and F1 of the pairs predicted at `threshold` (probability >= it)."""
    return pairwise_metrics_at(pairs, labels, [threshold], link_only=link_only)[0]


def cluster_metrics(
    clusters: pa.Table, labels: pa.Table, *, link_only: bool = False
) -> ClusterMetrics:
    """Score a clustering against the labels, from the contingency counts alone.

    The records scored are those of either table: a labelled record missing from
    `clusters` (or with a null cluster) is a cluster of its own. Pairwise figures
    count pairs within clusters against pairs within labels (TP = sum of
    n_ij(n_ij-1)/2 over cluster x entity cells). B-cubed averages, over records,
    the share of a record's cluster that is its entity (precision) and of its
    entity that is in its cluster (recall). With `link_only`, the pairs, merges,
    splits and B-cubed shares count only records from other sources than the
    record's own (a share with nothing to count is 1); clusters, entities and
    exact entities are about the clustering as a whole and do not change.
    """
    _require(clusters, "clusters", CLUSTER_COLUMNS, CLUSTER_COLUMNS[:1])
    _require(labels, "labels", (*LABEL_COLUMNS, "source") if link_only else LABEL_COLUMNS, ())
    con = _connect({"clusters": clusters, "labels": labels})
    try:
        _labels_table(con, link_only)
        _check_unique(con, "clusters", "clusters")
        row = con.execute(CLUSTER_SQL, [link_only]).fetchone()
    finally:
        con.close()
    if row is None or not row[0]:
        raise ValueError("no records to score: clusters and labels are both empty")
    records, n_clusters, entities, predicted, true_pairs, tp, exact = (int(v) for v in row[:7])
    merges, splits = int(row[7]), int(row[8])
    b_precision, b_recall = float(row[9]) / records, float(row[10]) / records
    return ClusterMetrics(
        link_only=link_only,
        records=records,
        clusters=n_clusters,
        entities=entities,
        predicted_pairs=predicted,
        true_pairs=true_pairs,
        tp=tp,
        **_pair_figures(predicted, true_pairs, tp),
        exact_entities=exact,
        exact_share=_ratio(exact, entities),
        merges=merges,
        splits=splits,
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_f1(b_precision, b_recall),
    )
