"""Writing a world to disk: all or nothing, with a manifest of content hashes.

The record systems and bookings go to `world.duckdb`, the truth to
`truth.duckdb`. Everything is first written to a hidden directory beside the
target and renamed into place at the end, so a failure leaves nothing
half-written in `--out`. DuckDB files carry per-file random header bytes, so
`manifest.json` records a SHA-256 of each table's content (its Arrow IPC
stream): the same seed and config give a byte-identical manifest and the same
bytes in every table.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from probable.world.schemas import WORLD_FILE  # also imported from here (tests)
from probable.world.truth import TRUTH_FILE

MANIFEST_FILE = "manifest.json"
CONFIG_FILE = "config.toml"


class OutputError(RuntimeError):
    """The output directory cannot be used."""


def table_digest(table: pa.Table) -> str:
    """SHA-256 of a table's content, as an Arrow IPC stream in one chunk."""
    digest = hashlib.sha256()
    sink = pa.BufferOutputStream()
    combined = table.combine_chunks()
    with pa.ipc.new_stream(sink, combined.schema) as writer:
        writer.write_table(combined)
    digest.update(sink.getvalue().to_pybytes())
    return digest.hexdigest()


def check_target(out: Path, *, force: bool) -> None:
    """Refuse a non-empty target unless `force`; refuse a file in its place."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputError(f"--out {out} is not empty: choose another directory or pass --force")


def _write_db(path: Path, tables: Mapping[str, pa.Table]) -> None:
    connection = duckdb.connect(str(path))
    try:
        for name, table in tables.items():
            connection.register("incoming", table)
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            connection.unregister("incoming")
        connection.execute("CHECKPOINT")
    finally:
        connection.close()


def write_world(
    out: Path,
    records: Mapping[str, pa.Table],
    truth: Mapping[str, pa.Table],
    manifest: dict[str, Any],
    config_text: str,
    *,
    force: bool = False,
) -> dict[str, Any]:
    """Write both databases, the config used and the manifest; return the manifest."""
    check_target(out, force=force)
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        _write_db(staging / WORLD_FILE, records)
        _write_db(staging / TRUTH_FILE, truth)
        manifest = dict(manifest)
        manifest["tables"] = {
            "world": {
                k: {"rows": t.num_rows, "sha256": table_digest(t)}
                for k, t in sorted(records.items())
            },
            "truth": {
                k: {"rows": t.num_rows, "sha256": table_digest(t)} for k, t in sorted(truth.items())
            },
        }
        (staging / CONFIG_FILE).write_text(config_text, encoding="utf-8")
        (staging / MANIFEST_FILE).write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        if out.exists():
            retired = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(retired)
            staging.rename(out)
            shutil.rmtree(retired)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest
