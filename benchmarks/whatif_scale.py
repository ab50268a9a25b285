"""Benchmark: determinations, one at a time and a whole what-if over 100,000 bookings.

1. Simulates a world with 100,000 bookings (400,000 people) unless --world is given,
   and builds its identity index unless one is there (not timed: issue 4 excludes it).
2. Gathers the evidence of `--sample` matched bookings and times `determine` for each
   under each profile: p50/p95/p99 per call. Target: p95 under 5 ms.
3. Runs `probable whatif --json` over the whole world in a child process: wall time
   (excluding the index build) and peak memory. Target: under 2 minutes.

Run: `uv run python benchmarks/whatif_scale.py [--world DIR] [--sample N] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from probable.evaluation.whatif import DEFAULT_PROFILES
from probable.evidence.gather import gather_many
from probable.identity import IdentityIndex
from probable.law.determine import determine
from probable.law.profiles import get_profile
from probable.sources.details import read_world_booking_events, read_world_record_rows


def _percentiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)  # noqa: E731
    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "n": len(ordered)}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "probable.cli", *args], check=True, capture_output=True, text=True
    )


def _determinations(world: Path, index: Path, sample: int) -> dict[str, Any]:
    """Per-call latency of evidence gathering (batch) and of `determine`."""
    events = [b for b in read_world_booking_events(world) if b.fin is not None][:sample]
    profiles = [get_profile(name) for name in DEFAULT_PROFILES]
    with IdentityIndex(index) as opened:
        started = time.perf_counter()
        pairs = list(gather_many(opened, partial(read_world_record_rows, world), events))
        gathered = time.perf_counter() - started
    times: list[float] = []
    for booking, evidence in pairs:
        for profile in profiles:
            t0 = time.perf_counter()
            determine(booking, evidence, profile)
            times.append((time.perf_counter() - t0) * 1000)
    return {
        "bookings": len(pairs),
        "gather_ms_per_booking": round(gathered * 1000 / max(1, len(pairs)), 3),
        "determine": _percentiles(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path)
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probable-whatif-bench-") as scratch:
        world = args.world or Path(scratch) / "world"
        if args.world is None:
            _cli("simulate", "--out", str(world), "--bookings", str(args.bookings), "--json")
        index = world / "identity.duckdb"
        if not index.is_file():
            _cli("identity", "build", "--world", str(world), "--json")
        figures: dict[str, Any] = {"world": str(world)}
        figures["single"] = _determinations(world, index, args.sample)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        child = _cli("whatif", "--world", str(world), "--index", str(index), "--json")
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        report = json.loads(child.stdout)
        figures["whatif"] = {
            "bookings": report["bookings"],
            "fingerprint_matched": report["fingerprint_matched"],
            "profiles": len(report["profiles"]),
            "wall_seconds": round(wall, 2),
            "peak_gib": round(max(peak, before) / 1024 / 1024, 2),
            "seconds": report["seconds"],
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    single, whole = figures["single"], figures["whatif"]
    print(
        f"determine: p50 {single['determine']['p50_ms']} ms, p95 {single['determine']['p95_ms']}"
        f" ms, p99 {single['determine']['p99_ms']} ms over {single['determine']['n']} calls;"
        f" evidence {single['gather_ms_per_booking']} ms per booking (batch)"
    )
    print(
        f"whatif: {whole['bookings']:,} bookings ({whole['fingerprint_matched']:,} matched),"
        f" {whole['profiles']} profiles in {whole['wall_seconds']} s,"
        f" peak {whole['peak_gib']} GiB"
    )


if __name__ == "__main__":
    main()
