"""Benchmark: simulate a world of 1,000,000 people and 100,000 bookings.

Prints wall time and peak memory (resident set size of the process that
builds the world). Target (issue 2): under 2 minutes and under 4 GB on a
2-core machine. Run: `uv run python benchmarks/world_scale.py [--persons N]
[--bookings B] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import sys, time, resource
from pathlib import Path
from probable.world.config import default_config_text, load_config
from probable.world.simulate import simulate
persons, bookings, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
config = load_config().with_overrides(persons=persons, bookings=bookings)
started = time.perf_counter()
result = simulate(config, out, config_text=default_config_text())
print(time.perf_counter() - started)
"""


def main() -> None:
    """Run the simulator in a child process and report its time and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probable-bench-") as scratch:
        out = Path(scratch) / "world"
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(args.persons), str(args.bookings), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        size = sum(p.stat().st_size for p in out.iterdir())
    figures = {
        "persons": args.persons,
        "bookings": args.bookings,
        "wall_seconds": round(wall, 1),
        "simulate_seconds": round(float(child.stdout.strip().splitlines()[-1]), 1),
        "peak_rss_gib": round(peak_kib / 1024**2, 2),
        "output_mib": round(size / 1024**2, 1),
        "target": "under 120 s and under 4 GiB",
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
