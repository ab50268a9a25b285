"""Shared identity fixtures: one model trained on the small world, built into indexes once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from probable.identity import IdentityIndex, IdentityModel, build_index
from probable.sources import read_records_file
from tests.conftest import WorldIdentity

#: The hand-made labelled fixture: designed entities, labelled in its `person` column.
PEOPLE_CSV = Path(__file__).parent / "data" / "people.csv"


def uid(row: dict[str, object]) -> str:
    """A record's id across sources, as the index names it."""
    return f"{row['source']}:{row['record_id']}"


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
