"""The resident copy: the same lookups as DuckDB's, and never a stale one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

import probable.identity.resident as resident_module
from probable.identity import IdentityIndex
from probable.identity.resident import keys_path, members_path, records_path
from probable.sources import read_world_bookings
from probable.world.simulate import SimulationResult
from tests.conftest import WorldIdentity


def _bare_copy(index: Path, into: Path) -> Path:
    """The index file alone, without its resident copy."""
    into.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(index, into / "index.duckdb"))


@pytest.fixture(scope="module")
def duckdb_only(
    world_identity: WorldIdentity, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IdentityIndex]:
    """The world's index with no resident copy: every lookup runs in DuckDB."""
    path = _bare_copy(world_identity.index_path, tmp_path_factory.mktemp("bare"))
    with IdentityIndex(path) as index:
        assert not index.resident
        yield index


def test_a_built_index_has_its_resident_copy(
    world_identity: WorldIdentity, world_index: IdentityIndex
) -> None:
    for copy in (keys_path, members_path, records_path):
        assert copy(world_identity.index_path).is_file()
    assert world_index.resident


def test_resident_lookups_equal_duckdb_lookups(
    small_world: SimulationResult,
    world_identity: WorldIdentity,
    world_index: IdentityIndex,
    duckdb_only: IdentityIndex,
) -> None:
    # Every booking and every 25th record, looked up one at a time through the resident
    # copy, against DuckDB scoring them all in one query.
    bookings = read_world_bookings(small_world.out)
    records = world_identity.records.take(list(range(0, world_identity.records.num_rows, 25)))
    compared = linked = 0
    for subjects in (bookings, records):
        expected = duckdb_only.lookup_many(subjects, limit=1_000)
        for subject, want in zip(subjects.to_pylist(), expected, strict=True):
            fast = world_index.lookup(subject, limit=1_000)
            assert fast == want, subject["record_id"]
            compared += 1
            linked += bool(fast.linked())
    assert compared == bookings.num_rows + records.num_rows > 4_000
    assert linked > compared // 2


def test_resident_identities_equal_duckdb_identities(
    world_identity: WorldIdentity, world_index: IdentityIndex, duckdb_only: IdentityIndex
) -> None:
    con = duckdb_only._cursor()
    clusters = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT cluster_id FROM records ORDER BY cluster_id"
        ).fetchall()
    ][::7]
    asked = [*clusters, "no-such-identity"]
    resident = world_index.identities(asked)
    assert resident == duckdb_only.identities(asked)
    assert resident["no-such-identity"] == []
    assert sum(len(v) for v in resident.values()) > len(clusters)


def test_text_duckdb_measures_in_bytes_is_looked_up_by_duckdb(
    world_identity: WorldIdentity, world_index: IdentityIndex, duckdb_only: IdentityIndex
) -> None:
    row = world_identity.records.to_pylist()[0]
    subject = {**row, "record_id": "accented", "given_name": f"{row['given_name']}é"}
    result = world_index.lookup(subject, limit=1_000)
    assert result == duckdb_only.lookup(subject, limit=1_000)
    assert result.links


def test_a_copy_from_another_build_is_ignored_then_rewritten(
    world_identity: WorldIdentity, people_index: IdentityIndex, tmp_path: Path
) -> None:
    path = _bare_copy(world_identity.index_path, tmp_path)
    # Another index's copies, put where this index's belong.
    for copy in (keys_path, members_path, records_path):
        shutil.copy(copy(people_index.path), copy(path))
    stale = records_path(path).stat().st_size
    with IdentityIndex(path) as index:
        assert not index.resident
    with IdentityIndex(path, resident=True) as index:
        assert index.resident
    assert records_path(path).stat().st_size != stale
    with IdentityIndex(path) as index:
        assert index.resident
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_an_unwritable_copy_is_kept_in_memory(
    world_identity: WorldIdentity,
    duckdb_only: IdentityIndex,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _bare_copy(world_identity.index_path, tmp_path)

    def refuse(*args: object) -> None:
        raise PermissionError("read-only directory")

    monkeypatch.setattr(resident_module, "_write", refuse)
    subject = world_identity.records.to_pylist()[7]
    with IdentityIndex(path, resident=True) as index:
        assert index.resident
        assert index.lookup(subject) == duckdb_only.lookup(subject)
    for copy in (keys_path, members_path, records_path):
        assert not copy(path).exists()


def test_a_truncated_copy_is_ignored(world_identity: WorldIdentity, tmp_path: Path) -> None:
    path = _bare_copy(world_identity.index_path, tmp_path)
    shutil.copy(keys_path(world_identity.index_path), keys_path(path))
    shutil.copy(members_path(world_identity.index_path), members_path(path))
    data = records_path(world_identity.index_path).read_bytes()
    records_path(path).write_bytes(data[: len(data) // 2])
    with IdentityIndex(path) as index:
        assert not index.resident
    with IdentityIndex(path, resident=True) as index:
        assert index.resident
    assert records_path(path).read_bytes() == data


def test_the_copy_holds_each_record_at_its_row_id(world_index: IdentityIndex) -> None:
    con = world_index._cursor()
    rows = con.execute(
        "SELECT rowid, uid, cluster_id FROM records WHERE rowid % 97 = 0 ORDER BY rowid"
    ).fetchall()
    table = pa.ipc.open_file(pa.memory_map(str(records_path(world_index.path)))).read_all()
    assert len(rows) > 100
    for rid, uid, cluster in rows:
        assert table["uid"][rid].as_py() == uid
        assert table["cluster_id"][rid].as_py() == cluster


def test_the_copys_columns_are_the_same_in_every_process(world_identity: WorldIdentity) -> None:
    """Each worker process must find the copy the others wrote to be its own."""
    script = (
        "import sys; from pathlib import Path; "
        "from probable.identity import load_model; "
        "from probable.identity.resident import resident_columns; "
        "print(resident_columns(load_model(Path(sys.argv[1]))))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script, str(world_identity.model_path)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1, seen
