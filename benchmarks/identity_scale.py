"""Benchmark: the identity index at a million records, beside Splink's own lookup.

1. Simulates a world with about 1,000,000 records (375,000 people) unless --world is
   given, and builds its identity index (training included) in a child process:
   wall time and peak memory. Target (issue 3): under 3 minutes and 6 GB.
2. Looks up booking subjects one at a time with `IdentityIndex.lookup`: p50/p95/p99.
   Target: p95 under 50 ms.
3. Measures Splink's incremental `linker.inference.predict_between` for one subject
   against the same records and model, in the same run, and checks that both give
   the same probabilities for the same pairs.

Run: `uv run python benchmarks/identity_scale.py [--world DIR] [--persons N]
[--lookups N] [--splink-lookups N] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from probable.identity import IdentityIndex
from probable.identity.index import tf_columns
from probable.identity.prepare import prepare_records
from probable.sources import read_world_bookings


def _percentiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)  # noqa: E731
    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "n": len(ordered)}


def _simulate(out: Path, persons: int, bookings: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "probable.cli", "simulate", "--out", str(out), "--persons",
         str(persons), "--bookings", str(bookings), "--json", "--force"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def _build(world: Path, index: Path) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-m", "probable.cli", "identity", "build", "--world", str(world),
         "--out", str(index), "--json"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = json.loads(child.stdout)
    return {
        "records": summary["records"],
        "wall_seconds": round(wall, 1),
        "peak_rss_gib": round(max(peak, before) / 1024**2, 2),
        "steps_seconds": summary["seconds"],
        "pairs_scored": summary["pairs_scored"],
        "identities": summary["identities"],
    }


def _splink_baseline(
    index_path: Path, subjects: list[dict[str, Any]], opened: IdentityIndex
) -> tuple[dict[str, float], float, int]:
    """Splink's predict_between per subject, and the largest probability difference."""
    con = duckdb.connect(str(index_path), read_only=True)
    tf_cols = ", ".join(f"tf_{c}" for c in tf_columns(opened.model))
    records = con.sql(f"SELECT * EXCLUDE (cluster_id, {tf_cols}) FROM records").to_arrow_table()
    tf_tables = {
        c: con.sql(f"SELECT * FROM tf_{c}").to_arrow_table() for c in tf_columns(opened.model)
    }
    con.close()
    db_api = DuckDBAPI()
    records_sdf = db_api.register(records, table_name="index_records")
    linker = Linker(records_sdf, dict(opened.model.splink_settings), log_level=logging.ERROR)
    for c, table in tf_tables.items():
        linker.table_management.register_term_frequency_lookup(
            db_api.register(table, table_name=f"tf_lookup_{c}"), c
        )
    times: list[float] = []
    worst, compared = 0.0, 0
    for i, subject in enumerate(subjects):
        prepared = prepare_records(pa.Table.from_pylist([subject]))
        subject_sdf = db_api.register(prepared, table_name=f"subject_{i}")
        started = time.perf_counter()
        result = linker.inference.predict_between(subject_sdf, records_sdf, warning_mode="never")
        rows = result.as_pyarrow_table().to_pylist()
        times.append((time.perf_counter() - started) * 1000)
        ours = {lk.uid: lk.probability for lk in opened.lookup(subject, limit=10_000).links}
        for row in rows:
            other = row["uid_r"] if row["uid_l"] == prepared["uid"][0].as_py() else row["uid_l"]
            if other in ours:
                worst = max(worst, abs(ours[other] - row["match_probability"]))
                compared += 1
            else:
                worst = max(worst, 1.0)
    return _percentiles(times), worst, compared


def main() -> None:
    """Build, look up, compare with Splink, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--world", type=Path, help="An existing world (else one is simulated).")
    parser.add_argument("--persons", type=int, default=375_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--splink-lookups", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probable-bench-") as scratch:
        world = args.world
        if world is None:
            world = Path(scratch) / "world"
            _simulate(world, args.persons, max(args.lookups, 2_000))
        index = Path(scratch) / "identity.duckdb"
        build = _build(world, index)
        subjects = read_world_bookings(world).to_pylist()
        with IdentityIndex(index) as opened:
            for subject in subjects[:20]:
                opened.lookup(subject)
            times = []
            for subject in subjects[: args.lookups]:
                started = time.perf_counter()
                opened.lookup(subject)
                times.append((time.perf_counter() - started) * 1000)
            ours = _percentiles(times)
            splink, worst, compared = _splink_baseline(
                index, subjects[: args.splink_lookups], opened
            )
    figures = {
        "build": build | {"target": "under 180 s and 6 GB"},
        "lookup": ours | {"target": "p95 under 50 ms"},
        "splink_predict_between": splink,
        "speedup_p50": round(splink["p50_ms"] / ours["p50_ms"], 1),
        "speedup_p95": round(splink["p95_ms"] / ours["p95_ms"], 1),
        "probability_max_abs_difference": worst,
        "pairs_compared": compared,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"build: {build['records']:,} records in {build['wall_seconds']} s, "
          f"peak {build['peak_rss_gib']} GiB (target under 180 s, 6 GB)")  # fmt: skip
    print(f"lookup: p50 {ours['p50_ms']} ms, p95 {ours['p95_ms']} ms, p99 {ours['p99_ms']} ms "
          f"over {ours['n']} subjects (target p95 under 50 ms)")  # fmt: skip
    print(f"Splink predict_between: p50 {splink['p50_ms']} ms, p95 {splink['p95_ms']} ms over "
          f"{splink['n']} subjects; speed-up {figures['speedup_p50']}x (p50), "
          f"{figures['speedup_p95']}x (p95)")  # fmt: skip
    print(f"same probabilities: largest difference {worst:.2e} over {compared} pairs")


if __name__ == "__main__":
    main()
