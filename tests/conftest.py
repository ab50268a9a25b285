"""Shared fixtures: seeded worlds built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from probable.identity import BuildSummary, IdentityModel, build_index
from probable.sources import read_world_records
from probable.world.config import default_config_text, load_config
from probable.world.simulate import SimulationResult, simulate


def build_world(out: Path, *, persons: int, bookings: int, seed: int) -> SimulationResult:
    """Simulate a world with the shipped configuration at the given size."""
    config = load_config().with_overrides(persons=persons, bookings=bookings, seed=seed)
    return simulate(config, out, config_text=default_config_text())


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """A small world for behaviour tests (20,000 people, 2,000 bookings)."""
    return build_world(
        tmp_path_factory.mktemp("small") / "world", persons=20_000, bookings=2_000, seed=7
    )


@pytest.fixture(scope="session")
def calibration_world(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """The default world: the shipped config exactly as it is, seed included."""
    return simulate(
        load_config(),
        tmp_path_factory.mktemp("calibration") / "world",
        config_text=default_config_text(),
    )


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
    """Train on the world's records (no labels) and index them, once per session."""
    out = tmp_path_factory.mktemp("world_identity")
    records = read_world_records(small_world.out)
    built = build_index(records, out / "index.duckdb")
    model_path = built.model.save(out / "model.json")
    return WorldIdentity(records, built.model, model_path, built.path, built.summary)
