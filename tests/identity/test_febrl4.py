"""FEBRL4, a public labelled benchmark nobody in this project made: an F1 floor."""

from __future__ import annotations

from probable.evaluation.identity import evaluate_febrl4


def test_febrl4_pairwise_f1_at_the_models_threshold() -> None:
    """The model trained on FEBRL4 alone (no labels) links its 5,000 true pairs
    with pairwise F1 >= 0.998 at its own threshold (it reaches about 0.9992)."""
    result = evaluate_febrl4()
    pairwise = result.pairwise
    assert result.records == 10_000
    assert pairwise.link_only
    assert pairwise.true_pairs == 5_000
    assert pairwise.threshold == result.build["threshold"]
    assert pairwise.f1 >= 0.998, pairwise
