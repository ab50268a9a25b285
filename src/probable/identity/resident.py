"""The lookup's resident copy of an identity index: blocking keys and compared columns.

A single lookup needs a few candidates' compared values. Fetched from DuckDB they cost
milliseconds (each candidate's row group decompressed, the query planned); read from
Arrow files mapped into memory they cost microseconds. So beside `identity.duckdb`
two uncompressed Arrow IPC files hold what the lookup reads:

- `identity.duckdb.keys.arrow`: the `blocking_keys` table (DuckDB's `hash` of each key
  and the record's row id), sorted by hash, probed by binary search;
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

from probable.identity.model import IdentityModel
from probable.identity.vectors import compared_columns

#: Schema metadata naming the index a copy was made from.
_STAMP = b"probable.index_stamp"


def resident_columns(model: IdentityModel) -> list[str]:
    """The `records` columns a lookup reads: those compared, and whose record it is."""
    return list(dict.fromkeys([*compared_columns(model), "source", "record_id", "cluster_id"]))


def index_stamp(con: duckdb.DuckDBPyConnection) -> str:
    """What identifies one build of an index: a digest of its model and build summary."""
    rows = dict(
        con.execute("SELECT key, value FROM meta WHERE key IN ('model', 'summary')").fetchall()
    )
    text = f"{rows.get('model')}\n{rows.get('summary')}"
    return hashlib.sha256(text.encode()).hexdigest()


def keys_path(index: Path) -> Path:
    """Where the index's blocking keys are copied."""
    return index.with_name(f"{index.name}.keys.arrow")


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
    if table is None:  # pragma: no cover - another build replaced the index meanwhile
        raise OSError(f"the copy {path} changed while it was being opened")
    return table


def _one_array(table: pa.Table, column: str) -> pa.Array:
    chunks = table.column(column).chunks
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


class ResidentIndex:
    """Candidate probes and candidate rows from the mapped copies of one index."""

    def __init__(self, keys: pa.Table, records: pa.Table) -> None:
        self._hashes = _one_array(keys, "h").to_numpy(zero_copy_only=True)
        self._rids = _one_array(keys, "rid").to_numpy(zero_copy_only=True)
        self._records = records
        self.columns = tuple(records.schema.names)

    @classmethod
    def open(
        cls,
        con: duckdb.DuckDBPyConnection,
        index: Path,
        columns: Sequence[str],
        *,
        write: bool = True,
    ) -> ResidentIndex:
        """Map the copies of the index `con` has open, writing them first if `write`.

        `columns` are the `records` columns the lookup reads. Raises ValueError when a
        copy is missing or stale and not to be written, or the index cannot have one.
        """
        stamp = index_stamp(con)
        mode = index.stat().st_mode & 0o777
        keys = _copy(
            con, keys_path(index), "SELECT h, rid FROM blocking_keys ORDER BY h, rid",
            stamp, ("h", "rid"), write=write, mode=mode,
        )  # fmt: skip
        selected = ", ".join(f'"{c}"' for c in columns)
        records = _copy(
            con, records_path(index), f"SELECT {selected} FROM records ORDER BY rowid",
            stamp, columns, write=write, mode=mode,
        )  # fmt: skip
        # Row `rid` of the copy is record `rid` only if the row ids run 0..n-1.
        count, top = con.execute("SELECT count(*), max(rowid) FROM records").fetchone() or (0, 0)
        if records.num_rows != count or (count and top != count - 1):
            raise ValueError(f"the records of {index} do not have dense row ids")
        return cls(keys, records)

    def __len__(self) -> int:
        return int(self._records.num_rows)

    def candidates(self, hashes: Sequence[int]) -> list[int]:
        """Row ids of the records whose blocking-key hash is one of `hashes`, sorted."""
        if not hashes:
            return []
        wanted = np.asarray(hashes, dtype=np.uint64)
        lo = np.searchsorted(self._hashes, wanted, side="left")
        hi = np.searchsorted(self._hashes, wanted, side="right")
        found: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if b > a:
                found.update(self._rids[a:b].tolist())
        return sorted(found)

    def rows(self, rids: Sequence[int]) -> list[dict[str, Any]]:
        """The candidates' compared columns, one mapping per row id, in the order given."""
        if not rids:
            return []
        taken: list[dict[str, Any]] = self._records.take(
            pa.array(rids, type=pa.int64())
        ).to_pylist()
        return taken
