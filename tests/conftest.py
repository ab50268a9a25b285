"""Shared fixtures: seeded worlds, the model trained on one and the calibration what-if,
built once and cached (`tests/cache.py`), so every worker and later session reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import settings

from probable.evaluation.whatif import run_whatif
from probable.identity import BuildSummary, IdentityModel, build_index, load_model
from probable.sources import read_world_records
from probable.world.config import default_config_text, load_config
from probable.world.simulate import SimulationResult, simulate
from tests.cache import cached

# Hypothesis's per-example deadline is a timed assertion: on two busy cores a DuckDB
# connection alone can pass 200 ms (a flaky failure in CI). Speed is measured by the
# benchmarks, never by tests.
settings.register_profile("probable", deadline=None)
settings.load_profile("probable")

#: Sizes and seed of the small world.
SMALL = {"persons": 20_000, "bookings": 2_000, "seed": 7}

SUMMARY = "summary.json"


def build_world(out: Path, *, persons: int, bookings: int, seed: int) -> SimulationResult:
    """Simulate a world with the shipped configuration at the given size."""
    config = load_config().with_overrides(persons=persons, bookings=bookings, seed=seed)
    return simulate(config, out, config_text=default_config_text())


def _small_world(directory: Path) -> None:
    """The small world, and its summary beside it."""
    result = build_world(directory / "world", **SMALL)
    (directory / SUMMARY).write_text(json.dumps(result.summary, default=str))


def _calibration_world(directory: Path) -> None:
    """The shipped configuration exactly as it is, seed included, and its summary."""
    result = simulate(load_config(), directory / "world", config_text=default_config_text())
    (directory / SUMMARY).write_text(json.dumps(result.summary, default=str))


def _read_world(directory: Path) -> SimulationResult:
    """A cached world: where it is now, and the summary its build printed."""
    out = directory / "world"
    summary = json.loads((directory / SUMMARY).read_text())
    summary["out"] = str(out)
    return SimulationResult(out=out, summary=summary)


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """A small world for behaviour tests (20,000 people, 2,000 bookings)."""
    return _read_world(cached("world-small", _small_world, SMALL, tmp_path_factory))


@pytest.fixture(scope="session")
def calibration_world(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """The default world: the shipped config exactly as it is, seed included."""
    return _read_world(cached("world-calibration", _calibration_world, {}, tmp_path_factory))


@dataclass(frozen=True)
class WorldIdentity:
    """The small world's records, the model trained on them and their index."""

    records: pa.Table
    model: IdentityModel
    model_path: Path
    index_path: Path
    summary: BuildSummary


@pytest.fixture(scope="session")
def world_identity(
    small_world: SimulationResult, tmp_path_factory: pytest.TempPathFactory
) -> WorldIdentity:
    """Train on the world's records (no labels) and index them, once."""

    def train_and_index(directory: Path) -> None:
        built = build_index(read_world_records(small_world.out), directory / "index.duckdb")
        built.model.save(directory / "model.json")
        (directory / SUMMARY).write_text(json.dumps(built.summary.as_dict()))

    parts = {"world": small_world.summary["content_sha256"]}
    directory = cached("identity-small", train_and_index, parts, tmp_path_factory)
    return WorldIdentity(
        records=read_world_records(small_world.out),
        model=load_model(directory / "model.json"),
        model_path=directory / "model.json",
        index_path=directory / "index.duckdb",
        summary=BuildSummary(**json.loads((directory / SUMMARY).read_text())),
    )


@pytest.fixture(scope="session")
def calibration_figures(
    calibration_world: SimulationResult, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """Every default profile's figures over the calibration world (its `--json`, by
    profile name), decided with an index trained on that world."""

    def index(directory: Path) -> None:
        build_index(read_world_records(calibration_world.out), directory / "identity.duckdb")

    parts = {"world": calibration_world.summary["content_sha256"]}
    indexed = cached("index-calibration", index, parts, tmp_path_factory)

    def decide(directory: Path) -> None:
        report = run_whatif(calibration_world.out, indexed / "identity.duckdb")
        (directory / "report.json").write_text(json.dumps(report.as_dict()))

    # Its own entry: a change to the law decides again without building the index again.
    decided = {**parts, "index": indexed.name}
    directory = cached("whatif-calibration", decide, decided, tmp_path_factory)
    report = json.loads((directory / "report.json").read_text())
    return {figures["profile"]: figures for figures in report["profiles"]}
