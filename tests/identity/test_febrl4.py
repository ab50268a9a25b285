"""FEBRL4, a public labelled benchmark nobody in this project made: an F1 floor.

Training and linking FEBRL4 takes most of a minute and gives the same figures for the
same code and libraries, so the evaluation is built once and cached (`tests/cache.py`,
keyed by the code it runs and `uv.lock`): a change to the linkage evaluates it again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from probable.evaluation.identity import evaluate_febrl4
from tests.cache import cached


def _evaluate(directory: Path) -> None:
    """FEBRL4 linked by a model trained on it alone (no labels), and its figures."""
    (directory / "evaluation.json").write_text(json.dumps(evaluate_febrl4().as_dict()))


@pytest.fixture(scope="module")
def febrl4(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    directory = cached("febrl4", _evaluate, {}, tmp_path_factory)
    figures: dict[str, Any] = json.loads((directory / "evaluation.json").read_text())
    return figures


def test_febrl4_pairwise_f1_at_the_models_threshold(febrl4: dict[str, Any]) -> None:
    """The model trained on FEBRL4 alone (no labels) links its 5,000 true pairs
    with pairwise F1 >= 0.998 at its own threshold (it reaches about 0.9992)."""
    pairwise = febrl4["pairwise"]
    assert febrl4["records"] == 10_000
    assert pairwise["link_only"]
    assert pairwise["true_pairs"] == 5_000
    assert pairwise["threshold"] == febrl4["build"]["threshold"]
    assert pairwise["f1"] >= 0.998, pairwise
