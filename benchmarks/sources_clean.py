"""Benchmark: clean 1,000,000 person records into the common schema.

Builds a synthetic table of text columns (names with accents, Cyrillic and hyphens,
dates in the three accepted formats with some impossible ones, A-numbers, FINs and SSNs
with separators) and times `probable.sources.clean_records` on it. Identifiers are
unique per row, as in a real source; names repeat from pools unless `--distinct-names`
makes every name unique (the worst case for cleaning distinct values). Run:
`uv run python benchmarks/sources_clean.py [--rows N] [--distinct-names] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pyarrow as pa

from probable.sources import clean_records

# Latin with accents and two Cyrillic syllables, so transliteration is exercised.
_SYLLABLES = ["ma", "ri", "jo", "sé", "an", "to", "ni", "lu", "ís", "ca", "ña", "go"]
_SYLLABLES += ["\u041c\u0430\u0440", "\u0438\u044f"]


def _names(rng: np.random.Generator, size: int, pool: int, *, distinct: bool) -> list[str]:
    parts = rng.choice(_SYLLABLES, size=(pool, 3))
    names = np.array(["".join(p).title() for p in parts], dtype=object)
    chosen = names[rng.integers(0, pool, size)]
    if distinct:
        return [f"{name}-{i}" for i, name in enumerate(chosen)]
    return list(chosen)


def synthetic_table(rows: int, *, seed: int = 1, distinct_names: bool = False) -> pa.Table:
    """`rows` raw records with every column of the common schema as text."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 365 * 80, rows)
    base = np.datetime64("1930-01-01") + days.astype("timedelta64[D]")
    iso = np.datetime_as_string(base)
    us = [f"{d[5:7]}/{d[8:10]}/{d[:4]}" for d in iso[: rows // 50]]
    dates = np.concatenate([iso[: rows - len(us)], us]).astype(object)
    dates[rng.integers(0, rows, rows // 100)] = "2015-02-30"
    numbers = rng.integers(1_000_000, 999_999_999, rows)
    return pa.table(
        {
            "record_id": [f"R{i:08d}" for i in range(rows)],
            "source": rng.choice(["ident", "eid", "cis", "iii"], rows),
            "given_name": _names(rng, rows, 5_000, distinct=distinct_names),
            "middle_name": _names(rng, rows, 5_000, distinct=False),
            "family_name": _names(rng, rows, 20_000, distinct=distinct_names),
            "second_family_name": _names(rng, rows, 20_000, distinct=False),
            "date_of_birth": pa.array(dates, pa.string()),
            "sex": rng.choice(["M", "F", "male", "female", ""], rows),
            "birth_country": rng.choice(["US", "mx", " SV ", ""], rows),
            "a_number": [f"A-{n:09d}" for n in numbers],
            "fin": [str(n) for n in numbers],
            "ssn": [f"{n % 1_000_000_000:09d}" for n in numbers],
        }
    )


def main() -> None:
    """Build the table, clean it once, and print the time."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct-names", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    table = synthetic_table(args.rows, distinct_names=args.distinct_names)
    started = time.perf_counter()
    cleaned = clean_records(table, what="benchmark table")
    seconds = time.perf_counter() - started
    figures = {
        "rows": cleaned.num_rows,
        "distinct_names": args.distinct_names,
        "clean_seconds": round(seconds, 2),
        "rows_with_notes": cleaned.num_rows - cleaned.column("cleaning_notes").null_count,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
