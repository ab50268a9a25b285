"""Shared identity fixtures: one model trained on the small world, built into indexes once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from probable.identity import BuildSummary, IdentityIndex, IdentityModel, build_index
from probable.sources import read_records_file, read_world_records
from probable.world.simulate import SimulationResult

#: The hand-made labelled fixture: designed entities, labelled in its `person` column.
PEOPLE_CSV = Path(__file__).parent / "data" / "people.csv"


def uid(row: dict[str, object]) -> str:
    """A record's id across sources, as the index names it."""
    return f"{row['source']}:{row['record_id']}"


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


@pytest.fixture(scope="session")
def trained_model(world_identity: WorldIdentity) -> IdentityModel:
    """A model trained on a realistic sample, for indexes too small to train on."""
    return world_identity.model


@pytest.fixture(scope="session")
def world_index(world_identity: WorldIdentity) -> Iterator[IdentityIndex]:
    with IdentityIndex(world_identity.index_path) as index:
        yield index


@pytest.fixture(scope="session")
def world_records_by_uid(world_identity: WorldIdentity) -> dict[str, dict[str, object]]:
    return {uid(row): row for row in world_identity.records.to_pylist()}


@pytest.fixture(scope="session")
def people() -> pa.Table:
    """The labelled fixture in the common schema, its `person` label last."""
    return read_records_file(PEOPLE_CSV, keep_columns=["person"])


@pytest.fixture(scope="session")
def people_index(
    people: pa.Table, trained_model: IdentityModel, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IdentityIndex]:
    """The fixture indexed with the world-trained model."""
    path = tmp_path_factory.mktemp("people") / "index.duckdb"
    build_index(people.drop_columns(["person"]), path, model=trained_model)
    with IdentityIndex(path) as index:
        yield index
