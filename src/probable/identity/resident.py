"""The lookup's resident copy of an identity index: keys, members and compared columns.

A single lookup needs a few candidates' compared values and a few identities'
members. Fetched from DuckDB they cost milliseconds (the query planned, row groups
decompressed, the interpreter's lock given up and taken back); read from Arrow files
mapped into memory they cost microseconds. So beside `identity.duckdb` uncompressed
Arrow IPC files hold what the lookup reads:

- `identity.duckdb.keys.arrow`: each record's blocking keys, as `key_hash` (which
  Python computes too) and the record's row id, sorted by hash, probed by binary search;
- `identity.duckdb.members.arrow`: each record's identity, hashed the same way;
- `identity.duckdb.records.arrow`: the columns the model compares, with each record's
  source, id and identity, in row-id order, so row `rid` is record `rid`.

They are copies, never a second source: each carries a stamp of the index it was
copied from (its build summary and model, which every build rewrites), a copy whose
stamp differs is ignored and rewritten, and a file is replaced atomically, so a
worker that mapped the old one keeps reading it. Mapped files share the page cache,
so several workers hold one copy in memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from pyarrow import ipc

from probable.identity.blocking import blocking_keys_sql
from probable.identity.model import IdentityModel
from probable.identity.vectors import compared_columns
from probable.sources.keyhash import key_hash, key_hash_sql

#: Schema metadata naming the index a copy was made from.
_STAMP = b"probable.index_stamp"
#: The copies' layout: a copy of another layout is stale whatever its index.
_LAYOUT = "2"


def resident_columns(model: IdentityModel) -> list[str]:
    """The `records` columns a lookup reads: those compared, and whose record it is."""
    return list(dict.fromkeys([*compared_columns(model), "source", "record_id", "cluster_id"]))


def index_stamp(con: duckdb.DuckDBPyConnection) -> str:
    """What identifies one build of an index: a digest of its model and build summary."""
    rows = dict(
        con.execute("SELECT key, value FROM meta WHERE key IN ('model', 'summary')").fetchall()
    )
    text = f"{_LAYOUT}\n{rows.get('model')}\n{rows.get('summary')}"
    return hashlib.sha256(text.encode()).hexdigest()


def keys_path(index: Path) -> Path:
    """Where the index's blocking keys are copied."""
    return index.with_name(f"{index.name}.keys.arrow")


def members_path(index: Path) -> Path:
    """Where the index's identities (each record's, hashed) are copied."""
    return index.with_name(f"{index.name}.members.arrow")


def records_path(index: Path) -> Path:
    """Where the index's compared columns are copied."""
    return index.with_name(f"{index.name}.records.arrow")


def _read(path: Path, stamp: str, columns: Sequence[str]) -> pa.Table | None:
    """The mapped table at `path`, or None when missing, stale or not what is needed."""
    try:
        reader = ipc.open_file(pa.memory_map(str(path), "r"))
    except (OSError, pa.ArrowInvalid):
        return None
    metadata = reader.schema.metadata or {}
    if metadata.get(_STAMP) != stamp.encode() or list(reader.schema.names) != list(columns):
        return None
    return reader.read_all()


def _write(path: Path, table: pa.Table, stamp: str, mode: int) -> None:
    """Write `table` to `path` as one batch (one mapped array per column), atomically."""
    table = table.combine_chunks().replace_schema_metadata({_STAMP: stamp.encode()})
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.chmod(mode)  # the copy is as readable as the index it copies, no more
        with pa.OSFile(name, "wb") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table, max_chunksize=max(table.num_rows, 1))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sql: str,
    stamp: str,
    columns: Sequence[str],
    *,
    write: bool,
    mode: int,
) -> pa.Table:
    """The query's result as a mapped copy at `path`, written first when missing or stale.

    Without `write`, a missing or stale copy raises ValueError instead.
    """
    table = _read(path, stamp, columns)
    if table is not None:
        return table
    if not write:
        raise ValueError(f"{path} is missing or was copied from another build of the index")
    cur = con.cursor()
    try:
        fetched = cur.sql(sql).to_arrow_table()
    finally:
        cur.close()
    try:
        _write(path, fetched, stamp, mode)
    except OSError:
        # A read-only directory: keep the copy in memory instead of on disk.
        return fetched.combine_chunks()
    table = _read(path, stamp, columns)
    if table is None:
        # Replaced meanwhile by a copy this process cannot use (another build's): keep
        # what was fetched, in memory, rather than fail to start.
        return fetched.combine_chunks()
    return table


def _probe(
    hashes: np.ndarray[Any, Any], rids: np.ndarray[Any, Any], texts: Sequence[str]
) -> list[int]:
    """The row ids filed under the hash of any of `texts` (binary search), sorted."""
    if not texts:
        return []
    wanted = np.asarray([key_hash(t) for t in texts], dtype=np.uint64)
    lo = np.searchsorted(hashes, wanted, side="left")
    hi = np.searchsorted(hashes, wanted, side="right")
    found: set[int] = set()
    for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
        if b > a:
            found.update(rids[a:b].tolist())
    return sorted(found)


def _one_array(table: pa.Table, column: str) -> pa.Array:
    chunks = table.column(column).chunks
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


class ResidentIndex:
    """Candidate probes and candidate rows from the mapped copies of one index."""

    def __init__(self, keys: pa.Table, members: pa.Table, records: pa.Table) -> None:
        self._hashes = _one_array(keys, "h").to_numpy(zero_copy_only=True)
        self._rids = _one_array(keys, "rid").to_numpy(zero_copy_only=True)
        self._member_hashes = _one_array(members, "h").to_numpy(zero_copy_only=True)
        self._member_rids = _one_array(members, "rid").to_numpy(zero_copy_only=True)
        self._records = records
        self._uids = _one_array(records, "uid")
        self._clusters = _one_array(records, "cluster_id")

    @classmethod
    def open(
        cls,
        con: duckdb.DuckDBPyConnection,
        index: Path,
        model: IdentityModel,
        *,
        write: bool = True,
    ) -> ResidentIndex:
        """Map the copies of the index `con` has open (built with `model`), writing them
        first if `write`.

        Raises ValueError when a copy is missing or stale and not to be written, or the
        index cannot have one.
        """
        stamp = index_stamp(con)
        mode = index.stat().st_mode & 0o777
        keys_sql = blocking_keys_sql(model.prediction_rules, "records", "rowid AS rid")
        keys = _copy(
            con, keys_path(index),
            f"SELECT {key_hash_sql('key')} AS h, rid FROM ({keys_sql}) ORDER BY h, rid",
            stamp, ("h", "rid"), write=write, mode=mode,
        )  # fmt: skip
        members = _copy(
            con, members_path(index),
            f"SELECT {key_hash_sql('cluster_id')} AS h, rowid AS rid FROM records "
            "ORDER BY h, rid",
            stamp, ("h", "rid"), write=write, mode=mode,
        )  # fmt: skip
        columns = resident_columns(model)
        selected = ", ".join(f'"{c}"' for c in columns)
        records = _copy(
            con, records_path(index), f"SELECT {selected} FROM records ORDER BY rowid",
            stamp, columns, write=write, mode=mode,
        )  # fmt: skip
        # Row `rid` of the copy is record `rid` only if the row ids run 0..n-1.
        count, top = con.execute("SELECT count(*), max(rowid) FROM records").fetchone() or (0, 0)
        if records.num_rows != count or (count and top != count - 1):
            raise ValueError(f"the records of {index} do not have dense row ids")
        return cls(keys, members, records)

    def candidates(self, keys: Sequence[str]) -> list[int]:
        """Row ids of the records sharing any of the blocking `keys`, sorted.

        A hash collision only adds a candidate, which scoring then rejects.
        """
        return _probe(self._hashes, self._rids, keys)

    def members(self, cluster_ids: Sequence[str]) -> dict[str, list[str]]:
        """The record uids of each identity named, sorted (none for an unknown one)."""
        out: dict[str, list[str]] = {c: [] for c in cluster_ids}
        rids = _probe(self._member_hashes, self._member_rids, list(out))
        if rids:
            taken = pa.array(rids, type=pa.int64())
            clusters = self._clusters.take(taken).to_pylist()
            for cluster, uid in zip(clusters, self._uids.take(taken).to_pylist(), strict=True):
                if cluster in out:  # not a hash collision
                    out[cluster].append(uid)
        for uids in out.values():
            uids.sort()
        return out

    def rows(self, rids: Sequence[int]) -> list[dict[str, Any]]:
        """The candidates' compared columns, one mapping per row id, in the order given."""
        if not rids:
            return []
        taken: list[dict[str, Any]] = self._records.take(
            pa.array(rids, type=pa.int64())
        ).to_pylist()
        return taken
