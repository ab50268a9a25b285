"""Public detainer data in the Deportation Data Project's format, summarised with DuckDB.

ICE's detainer releases (FOIA), as deportationdata.org publishes them: one row per
detainer, no names or dates of birth (docs: deportationdata.org/docs/ice/codebook.html).
`summarise` reads a CSV or Parquet file of that shape into the tables oversight shows
beside the case store's own: detainers by month prepared and facility state, lift
reasons, and the share lifted as "USC or Presumptive Claim to US Citizenship". A file
without a needed column is refused with an error naming every column missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from probable.center.lift_reasons import CITIZENSHIP, NOT_AMENABLE
from probable.oversight.tables import Rows, share

#: The columns the summaries read (a release has many more: they are ignored).
REQUIRED = ("detainer_prepare_date", "facility_state", "detainer_lift_reason")

#: File endings read as CSV (DuckDB decompresses gzip itself) and as Parquet.
CSV_SUFFIXES = (".csv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")

# The prepare date as a timestamp: ISO text or a DATE/TIMESTAMP column, else US m/d/Y.
_PREPARED = """coalesce(
    try_cast(CAST(detainer_prepare_date AS VARCHAR) AS TIMESTAMP),
    try_strptime(CAST(detainer_prepare_date AS VARCHAR), ['%m/%d/%Y', '%m/%d/%Y %H:%M:%S'])
)"""

_CLEAN = f"""
CREATE TEMP VIEW ddp AS
SELECT strftime({_PREPARED}, '%Y-%m') AS month,
       nullif(trim(CAST(facility_state AS VARCHAR)), '') AS facility_state,
       nullif(trim(CAST(detainer_lift_reason AS VARCHAR)), '') AS lift_reason
FROM raw
"""


class DdpFormatError(ValueError):
    """The file is not a detainer release this module can read; the message says why."""


@dataclass(frozen=True)
class DdpSummary:
    """One release's summaries, each a table of plain rows."""

    source: str
    """The file's name."""
    detainers: int
    undated: int
    """Rows whose `detainer_prepare_date` is missing or unreadable (month None below)."""
    by_month_state: Rows
    """month ("YYYY-MM" or None), facility_state (None when blank), detainers."""
    lift_reasons: Rows
    """detainer_lift_reason, detainers, share (of the lifted detainers); most first."""
    citizenship: Rows
    """One row: detainers, lifted, usc_claim, usc_claim_share (of all detainers),
    usc_claim_share_of_lifted, not_amenable, not_amenable_share_of_lifted."""


def summarise(path: Path) -> DdpSummary:
    """Read a release (CSV or Parquet) and summarise it; `DdpFormatError` if it cannot be."""
    if not path.is_file():
        raise DdpFormatError(f"no detainer file at {path}")
    with duckdb.connect() as con:
        _load(con, path)
        try:
            con.execute(_CLEAN)
            detainers, undated = _one(
                con, "SELECT count(*), count(*) FILTER (WHERE month IS NULL) FROM ddp"
            )
            by_month = con.execute(
                """SELECT month, facility_state, count(*) FROM ddp
                   GROUP BY ALL ORDER BY month NULLS LAST, facility_state NULLS LAST"""
            ).fetchall()
            reasons = con.execute(
                """SELECT lift_reason, count(*) AS n FROM ddp WHERE lift_reason IS NOT NULL
                   GROUP BY ALL ORDER BY n DESC, lift_reason"""
            ).fetchall()
        except duckdb.Error as exc:
            # A malformed row past what DuckDB sampled surfaces only here.
            raise DdpFormatError(f"{path.name}: cannot be read: {exc}") from exc
    lifted = sum(int(n) for _, n in reasons)
    counted = {str(r): int(n) for r, n in reasons}
    usc, not_amenable = counted.get(CITIZENSHIP, 0), counted.get(NOT_AMENABLE, 0)
    return DdpSummary(
        source=path.name,
        detainers=detainers,
        undated=undated,
        by_month_state=[
            {"month": m, "facility_state": s, "detainers": int(n)} for m, s, n in by_month
        ],
        lift_reasons=[
            {"detainer_lift_reason": str(r), "detainers": int(n), "share": share(int(n), lifted)}
            for r, n in reasons
        ],
        citizenship=[
            {
                "detainers": detainers,
                "lifted": lifted,
                "usc_claim": usc,
                "usc_claim_share": share(usc, detainers),
                "usc_claim_share_of_lifted": share(usc, lifted),
                "not_amenable": not_amenable,
                "not_amenable_share_of_lifted": share(not_amenable, lifted),
            }
        ],
    )


def _load(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The file as view `raw`, its columns checked."""
    name = path.name.lower()
    try:
        if name.endswith(CSV_SUFFIXES):
            # All text: a release's codes ("0001") and dates keep their spelling.
            relation = con.read_csv(str(path), header=True, all_varchar=True)
        elif name.endswith(PARQUET_SUFFIXES):
            relation = con.read_parquet(str(path))
        else:
            raise DdpFormatError(
                f"{path.name}: not a CSV ({', '.join(CSV_SUFFIXES)}) "
                f"or Parquet ({', '.join(PARQUET_SUFFIXES)}) file"
            )
    except duckdb.Error as exc:
        raise DdpFormatError(f"{path.name}: cannot be read ({exc})") from exc
    present = {c.lower() for c in relation.columns}
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise DdpFormatError(
            f"{path.name} is missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (a Deportation Data Project detainer release has them)"
        )
    relation.create_view("raw")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, int]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])
