"""Linkage metrics on hand-made tables whose answers are worked out by hand."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import combinations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probable.evaluation.linkage_metrics import (
    cluster_metrics,
    pairwise_metrics,
    pairwise_metrics_at,
)

Pair = tuple[str, str | None, float | None]


def _pairs(rows: Sequence[Pair]) -> pa.Table:
    return pa.table(
        {
            "record_id_l": pa.array([r[0] for r in rows], pa.string()),
            "record_id_r": pa.array([r[1] for r in rows], pa.string()),
            "match_probability": pa.array([r[2] for r in rows], pa.float64()),
        }
    )


def _labels(
    entities: dict[str, str | None], sources: dict[str, str | None] | None = None
) -> pa.Table:
    columns = {
        "record_id": pa.array(list(entities), pa.string()),
        "label": pa.array(list(entities.values()), pa.string()),
    }
    if sources is not None:
        columns["source"] = pa.array([sources[r] for r in entities], pa.string())
    return pa.table(columns)


def _clusters(assignment: dict[str, int]) -> pa.Table:
    return pa.table(
        {
            "record_id": pa.array(list(assignment), pa.string()),
            "cluster_id": pa.array(list(assignment.values()), pa.int64()),
        }
    )


# x = {r1, r2, r3}, y = {r4, r5}, z = {r6}: 3 + 1 = 4 true pairs.
LABELS = _labels({"r1": "x", "r2": "x", "r3": "x", "r4": "y", "r5": "y", "r6": "z"})
PERFECT = [("r1", "r2", 0.9), ("r1", "r3", 0.9), ("r2", "r3", 0.9), ("r4", "r5", 0.9)]


def test_perfect_linkage_scores_one() -> None:
    m = pairwise_metrics(_pairs(PERFECT), LABELS, 0.5)
    assert (m.predicted, m.true_pairs, m.tp, m.fp, m.fn) == (4, 4, 4, 0, 0)
    assert (m.precision, m.recall, m.f1) == (1.0, 1.0, 1.0)


def test_one_false_merge_costs_precision() -> None:
    m = pairwise_metrics(_pairs([*PERFECT, ("r3", "r4", 0.9)]), LABELS, 0.5)
    assert (m.predicted, m.tp, m.fp, m.fn) == (5, 4, 1, 0)
    assert m.precision == pytest.approx(0.8)
    assert m.recall == 1.0
    assert m.f1 == pytest.approx(8 / 9)


def test_one_missed_pair_costs_recall() -> None:
    rows = [*PERFECT[:3], ("r4", "r5", 0.3)]
    m = pairwise_metrics(_pairs(rows), LABELS, 0.5)
    assert (m.predicted, m.tp, m.fp, m.fn) == (3, 3, 0, 1)
    assert m.precision == 1.0
    assert m.recall == pytest.approx(0.75)
    assert m.f1 == pytest.approx(6 / 7)


def test_a_pair_given_in_both_orders_counts_once_at_its_highest_probability() -> None:
    pairs = _pairs([("r1", "r2", 0.4), ("r2", "r1", 0.8), ("r1", "r2", 0.6)])
    at_half, at_nine = pairwise_metrics_at(pairs, LABELS, [0.5, 0.9])
    assert (at_half.predicted, at_half.tp) == (1, 1)
    assert at_nine.predicted == 0


def test_the_threshold_is_inclusive() -> None:
    assert pairwise_metrics(_pairs([("r1", "r2", 0.5)]), LABELS, 0.5).predicted == 1


def test_unlabelled_records_are_their_own_entities() -> None:
    labels = _labels({"r1": "x", "r2": "x", "n1": None, "n2": None})
    pairs = _pairs([("r1", "r2", 1.0), ("r1", "u1", 1.0), ("u1", "u2", 1.0), ("n1", "n2", 1.0)])
    m = pairwise_metrics(pairs, labels, 0.5)
    assert (m.predicted, m.true_pairs, m.tp, m.fp) == (4, 1, 1, 3)


def test_self_pairs_and_missing_probabilities_predict_nothing() -> None:
    pairs = _pairs([("r1", "r1", 1.0), ("r1", "r2", None), ("r1", "r3", float("nan"))])
    assert pairwise_metrics(pairs, LABELS, 0.0).predicted == 0


# x = {a1, a2 (both A), b1 (B)}, y = {b2 (B), c1 (C)}: across sources 2 + 1 = 3 true pairs.
SOURCED = _labels(
    {"a1": "x", "a2": "x", "b1": "x", "b2": "y", "c1": "y"},
    {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"},
)
SOURCED_PAIRS = [
    ("a1", "a2", 0.9),  # within source A: not scored when link_only
    ("a1", "b1", 0.9),
    ("a2", "b1", 0.9),
    ("b2", "c1", 0.9),
    ("b1", "c1", 0.9),  # a false link across sources
]


def test_link_only_scores_pairs_across_sources_only() -> None:
    every = pairwise_metrics(_pairs(SOURCED_PAIRS), SOURCED, 0.5)
    assert (every.predicted, every.true_pairs, every.tp) == (5, 4, 4)
    across = pairwise_metrics(_pairs(SOURCED_PAIRS), SOURCED, 0.5, link_only=True)
    assert (across.predicted, across.true_pairs, across.tp, across.fp) == (4, 3, 3, 1)
    assert across.precision == pytest.approx(0.75)
    assert across.recall == 1.0


def test_link_only_needs_sources() -> None:
    with pytest.raises(ValueError, match="source"):
        pairwise_metrics(_pairs(PERFECT), LABELS, 0.5, link_only=True)


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ValueError, match="match_probability"):
        pairwise_metrics(_pairs(PERFECT).drop_columns(["match_probability"]), LABELS, 0.5)
    with pytest.raises(ValueError, match="record_id_r"):
        pairwise_metrics(_pairs([("r1", None, 1.0)]), LABELS, 0.5)
    twice = pa.table({"record_id": ["r1", "r1"], "label": ["x", "y"]})
    with pytest.raises(ValueError, match=r"labels\.record_id 'r1'"):
        pairwise_metrics(_pairs(PERFECT), twice, 0.5)


def test_a_sweep_matches_one_threshold_at_a_time() -> None:
    pairs = _pairs([*PERFECT[:2], ("r2", "r3", 0.3), ("r3", "r4", 0.7), ("r4", "r5", 0.1)])
    thresholds = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]
    sweep = pairwise_metrics_at(pairs, LABELS, thresholds)
    assert sweep == [pairwise_metrics(pairs, LABELS, t) for t in thresholds]
    assert [m.predicted for m in sweep] == [5, 5, 4, 3, 3, 2, 0]
    assert sweep[-1].precision == 1.0  # no predicted pair: nothing wrong
    assert json.loads(json.dumps(sweep[0].as_dict()))["tp"] == 4


def test_perfect_clustering() -> None:
    m = cluster_metrics(_clusters({"r1": 1, "r2": 1, "r3": 1, "r4": 2, "r5": 2, "r6": 3}), LABELS)
    assert (m.records, m.clusters, m.entities, m.tp, m.fp, m.fn) == (6, 3, 3, 4, 0, 0)
    assert (m.precision, m.recall, m.f1, m.exact_share) == (1.0, 1.0, 1.0, 1.0)
    assert (m.merges, m.splits, m.bcubed_precision, m.bcubed_recall) == (0, 0, 1.0, 1.0)


SMALL = _labels({"r1": "x", "r2": "x", "r3": "y"})


def test_a_merge() -> None:
    m = cluster_metrics(_clusters({"r1": 1, "r2": 1, "r3": 1}), SMALL)
    assert (m.predicted_pairs, m.true_pairs, m.tp) == (3, 1, 1)
    assert (m.merges, m.splits, m.exact_entities, m.exact_share) == (1, 0, 0, 0.0)
    assert m.precision == pytest.approx(1 / 3)
    assert m.bcubed_precision == pytest.approx(5 / 9)  # 2/3, 2/3, 1/3
    assert m.bcubed_recall == 1.0


def test_a_split() -> None:
    labels = _labels({"r1": "x", "r2": "x", "r3": "x"})
    m = cluster_metrics(_clusters({"r1": 1, "r2": 1, "r3": 2}), labels)
    assert (m.predicted_pairs, m.true_pairs, m.tp, m.merges, m.splits) == (1, 3, 1, 0, 1)
    assert m.recall == pytest.approx(1 / 3)
    assert m.bcubed_precision == 1.0
    assert m.bcubed_recall == pytest.approx(5 / 9)


def test_singletons_and_records_missing_from_the_clusters() -> None:
    # r3 has no cluster: it is one of its own, like r1 and r2.
    m = cluster_metrics(_clusters({"r1": 1, "r2": 2}), SMALL)
    assert (m.records, m.clusters, m.entities, m.predicted_pairs, m.tp) == (3, 3, 2, 0, 0)
    assert (m.precision, m.recall, m.f1) == (1.0, 0.0, 0.0)
    assert (m.exact_entities, m.exact_share, m.splits) == (1, 0.5, 1)
    assert m.bcubed_recall == pytest.approx(2 / 3)  # 1/2, 1/2, 1


def test_an_unlabelled_record_clustered_with_others_is_a_merge() -> None:
    m = cluster_metrics(_clusters({"r1": 1, "r2": 1, "r3": 2, "u1": 2}), SMALL)
    assert (m.records, m.entities, m.merges, m.fp, m.exact_entities) == (4, 3, 1, 1, 1)


# x = {a1, a2 (A), b1 (B)}, y = {c1, c2 (both C)}, p = {d1 (D)}, q = {d2 (D)}.
LINKED = _labels(
    {"a1": "x", "a2": "x", "b1": "x", "c1": "y", "c2": "y", "d1": "p", "d2": "q"},
    {"a1": "A", "a2": "A", "b1": "B", "c1": "C", "c2": "C", "d1": "D", "d2": "D"},
)
LINKED_CLUSTERS = _clusters({"a1": 1, "b1": 1, "a2": 2, "c1": 3, "c2": 4, "d1": 5, "d2": 5})


def test_clusters_scored_on_every_pair() -> None:
    m = cluster_metrics(LINKED_CLUSTERS, LINKED)
    assert (m.predicted_pairs, m.true_pairs, m.tp, m.merges, m.splits) == (2, 4, 1, 1, 2)
    assert (m.clusters, m.entities, m.exact_entities) == (5, 4, 0)
    assert m.bcubed_precision == pytest.approx(6 / 7)
    assert m.bcubed_recall == pytest.approx(2 / 3)


def test_clusters_scored_link_only_ignore_pairs_within_a_source() -> None:
    m = cluster_metrics(LINKED_CLUSTERS, LINKED, link_only=True)
    # d1-d2 (both D) is no merge, c1-c2 (both C) no split; a2-b1 apart is a split.
    assert (m.predicted_pairs, m.true_pairs, m.tp, m.merges, m.splits) == (1, 2, 1, 0, 1)
    assert (m.precision, m.recall) == (1.0, 0.5)
    assert (m.clusters, m.entities, m.exact_entities) == (5, 4, 0)
    assert m.bcubed_precision == 1.0
    assert m.bcubed_recall == pytest.approx(11 / 14)  # b1 finds 1 of 2, a2 0 of 1
    assert m.as_dict()["link_only"] is True


def test_a_record_in_two_clusters_is_refused() -> None:
    clusters = pa.table({"record_id": ["r1", "r1"], "cluster_id": [1, 2]})
    with pytest.raises(ValueError, match=r"clusters\.record_id 'r1'"):
        cluster_metrics(clusters, SMALL)


@st.composite
def clusterings(draw: st.DrawFn) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Records with random clusters, labels and sources; some unclustered or unlabelled."""
    n = draw(st.integers(1, 12))
    ids = [f"r{i}" for i in range(n)]
    cluster = {r: c for r in ids if (c := draw(st.none() | st.integers(0, 3))) is not None}
    labelled = [r for r in ids if r == "r0" or draw(st.booleans()) or draw(st.booleans())]
    labels = pa.table(
        {
            "record_id": pa.array(labelled, pa.string()),
            "label": pa.array([draw(st.sampled_from(["x", "y", "z", None])) for _ in labelled]),
            "source": pa.array([draw(st.sampled_from(["A", "B", None])) for _ in labelled]),
        }
    )
    members: dict[int, list[str]] = {}
    for record, c in cluster.items():
        members.setdefault(c, []).append(record)
    enumerated = [(a, b, 1.0) for group in members.values() for a, b in combinations(group, 2)]
    return _clusters(cluster), labels, _pairs(enumerated)


@settings(max_examples=60, deadline=None)
@given(clusterings(), st.booleans())
def test_cluster_pairs_score_as_their_enumerated_pairs(
    case: tuple[pa.Table, pa.Table, pa.Table], link_only: bool
) -> None:
    clusters, labels, pairs = case
    by_cluster = cluster_metrics(clusters, labels, link_only=link_only)
    by_pairs = pairwise_metrics(pairs, labels, 0.0, link_only=link_only)
    assert by_cluster.predicted_pairs == by_pairs.predicted
    assert by_cluster.true_pairs == by_pairs.true_pairs
    assert (by_cluster.tp, by_cluster.fp, by_cluster.fn) == (by_pairs.tp, by_pairs.fp, by_pairs.fn)
    assert (by_cluster.precision, by_cluster.recall, by_cluster.f1) == pytest.approx(
        (by_pairs.precision, by_pairs.recall, by_pairs.f1)
    )
