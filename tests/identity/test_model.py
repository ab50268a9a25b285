"""The model artefact: a versioned JSON file that round-trips, from deterministic training."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import splink

from probable.identity import IdentityIndex, IdentityModel, load_model, train_model
from probable.identity.backends.duckdb import DuckDBBackend
from probable.identity.model import FORMAT, FORMAT_VERSION
from probable.identity.prepare import prepare_records
from probable.world.simulate import SimulationResult
from tests.cache import cached
from tests.identity.conftest import WorldIdentity

Parameters = dict[tuple[str, str], float | None]


def parameters(model: IdentityModel) -> Parameters:
    """The prior and every level's m and u probability, by comparison and level."""
    settings = model.splink_settings
    out: Parameters = {("prior", ""): settings["probability_two_random_records_match"]}
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            key = level.get("label_for_charts") or level["sql_condition"]
            out[(comparison["output_column_name"], f"m: {key}")] = level.get("m_probability")
            out[(comparison["output_column_name"], f"u: {key}")] = level.get("u_probability")
    return out


def test_save_and_load_round_trip(
    single_threaded_models: tuple[IdentityModel, IdentityModel], tmp_path: Path
) -> None:
    model = single_threaded_models[0]  # as training made it, never saved
    loaded = load_model(model.save(tmp_path / "model.json"))
    assert loaded == model
    assert loaded.splink_settings == model.splink_settings
    assert loaded.threshold == model.threshold
    assert loaded.columns == model.columns
    assert loaded.prediction_rules == model.prediction_rules
    # In order too: the rules block in that order, and a model made again from them
    # (as for Spark) must give the same settings.
    assert list(loaded.prediction_rules) == list(model.prediction_rules)
    assert parameters(loaded) == parameters(model)


def test_artefact_says_what_it_is_and_what_made_it(world_identity: WorldIdentity) -> None:
    data: Mapping[str, Any] = json.loads(world_identity.model_path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT == "probable-identity-model"
    assert data["format_version"] == FORMAT_VERSION
    assert data["splink_version"] == splink.__version__
    assert data["threshold"] == world_identity.model.threshold
    assert data["trained_on"]["records"] == len(world_identity.records)
    assert data["trained_on"]["seed"] == 20151110


def test_saving_again_gives_the_same_bytes(world_identity: WorldIdentity, tmp_path: Path) -> None:
    copy = load_model(world_identity.model_path).save(tmp_path / "nested" / "model.json")
    assert copy.read_bytes() == world_identity.model_path.read_bytes()
    assert [p.name for p in copy.parent.iterdir()] == ["model.json"]  # no temp file left


def test_with_threshold_changes_only_the_threshold(world_identity: WorldIdentity) -> None:
    model = world_identity.model
    stricter = model.with_threshold(0.999)
    assert stricter.threshold == 0.999
    assert stricter.as_dict() | {"threshold": model.threshold} == model.as_dict()


def test_index_keeps_the_model_it_was_built_with(world_identity: WorldIdentity) -> None:
    with IdentityIndex(world_identity.index_path) as index:
        assert index.model == world_identity.model
        assert list(index.model.prediction_rules) == list(world_identity.model.prediction_rules)
        assert index.summary["records"] == len(world_identity.records)


@pytest.fixture(scope="module")
def single_threaded_models(
    small_world: SimulationResult,
    world_identity: WorldIdentity,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[IdentityModel, IdentityModel]:
    """The session's records trained on one thread twice: now (as training made it, never
    saved), and once cached (by the same code, in this session or an earlier one; with the
    cache off, also now), as its saved artefact reads back."""
    prepared = prepare_records(world_identity.records)

    def train_single_threaded(directory: Path) -> None:
        train_model(prepared, backend=DuckDBBackend(threads=1)).save(directory / "model.json")

    parts = {"world": small_world.summary["content_sha256"]}
    earlier = cached("model-single-threaded", train_single_threaded, parts, tmp_path_factory)
    now = train_model(prepared, backend=DuckDBBackend(threads=1))
    return now, load_model(earlier / "model.json")


def test_training_is_deterministic(
    single_threaded_models: tuple[IdentityModel, IdentityModel],
) -> None:
    """Same records, same seed: the same prior, m and u, to the last bit.

    Only the time of training and Splink's `linker_uid` (a random name for its cached
    tables, saved with the settings) differ.
    """
    first, second = single_threaded_models
    assert parameters(first) == parameters(second)
    unstamped = [
        m.as_dict() | {"created_at": None, "splink_settings": _without_uid(m.splink_settings)}
        for m in (first, second)
    ]
    assert unstamped[0] == unstamped[1]


def _without_uid(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in settings.items() if k != "linker_uid"}


def test_threads_change_m_only_in_the_last_bits(
    world_identity: WorldIdentity, single_threaded_models: tuple[IdentityModel, IdentityModel]
) -> None:
    """u (seeded sampling) and the prior are bit-identical on many threads too; m comes
    from EM sums that DuckDB adds in thread order, so it may differ by rounding alone."""
    threaded = parameters(world_identity.model)
    single = parameters(single_threaded_models[0])
    assert threaded.keys() == single.keys()
    for key, value in single.items():
        other = threaded[key]
        if key[0] == "prior" or key[1].startswith("u: ") or value is None or other is None:
            assert other == value, key
        else:
            assert math.isclose(other, value, rel_tol=1e-12, abs_tol=0.0), key
