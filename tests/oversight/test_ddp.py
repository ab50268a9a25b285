"""Public detainer data in the Deportation Data Project's format, from CSV and Parquet.

The fixture is synthetic: a few rows in the release's shape, no real data.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from probable.center.lift_reasons import CITIZENSHIP, NOT_AMENABLE
from probable.oversight.ddp import DdpFormatError, summarise
from probable.oversight.panels import PANELS

COLUMNS = [
    "unique_id",
    "detainer_prepare_date",
    "detainer_type",
    "facility_state",
    "facility_aor",
    "detention_facility",
    "citizenship_country",
    "birth_country",
    "birth_year",
    "gender",
    "final_order_yes_no",
    "biometric_match_yes_no",
    "detainer_lift_reason",
]

#: (prepare date, state, lift reason): spelled as a release may spell them.
ROWS = [
    ("2023-01-05", "TX", ""),
    ("2023-01-20 14:02:00", "TX", CITIZENSHIP),
    ("2023-01-31", "CA", NOT_AMENABLE),
    ("02/14/2023", "TX", ""),
    ("2023-02-28", "CA", CITIZENSHIP),
    ("2023-02-28", "", "Other"),
    ("not a date", "FL", ""),
    ("", "FL", " "),
]


def write_release(path: Path, columns: list[str] = COLUMNS) -> Path:
    """A synthetic release as CSV (every listed column; unused ones filled with codes)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for n, (prepared, state, reason) in enumerate(ROWS):
            row = {c: f"{c}-{n}" for c in columns}
            row.update(
                unique_id=f"U{n:04d}",
                detainer_prepare_date=prepared,
                facility_state=state,
                detainer_lift_reason=reason,
                birth_year="1990",
            )
            writer.writerow({c: row[c] for c in columns})
    return path


def check(summary_path: Path) -> None:
    summary = summarise(summary_path)
    assert summary.detainers == 8
    assert summary.undated == 2
    assert summary.by_month_state == [
        {"month": "2023-01", "facility_state": "CA", "detainers": 1},
        {"month": "2023-01", "facility_state": "TX", "detainers": 2},
        {"month": "2023-02", "facility_state": "CA", "detainers": 1},
        {"month": "2023-02", "facility_state": "TX", "detainers": 1},
        {"month": "2023-02", "facility_state": None, "detainers": 1},
        {"month": None, "facility_state": "FL", "detainers": 2},
    ]
    assert summary.lift_reasons == [
        {"detainer_lift_reason": CITIZENSHIP, "detainers": 2, "share": 0.5},
        {"detainer_lift_reason": NOT_AMENABLE, "detainers": 1, "share": 0.25},
        {"detainer_lift_reason": "Other", "detainers": 1, "share": 0.25},
    ]
    assert summary.citizenship == [
        {
            "detainers": 8,
            "lifted": 4,
            "usc_claim": 2,
            "usc_claim_share": 0.25,
            "usc_claim_share_of_lifted": 0.5,
            "not_amenable": 1,
            "not_amenable_share_of_lifted": 0.25,
        }
    ]
    text = PANELS["ddp_citizenship"].describe(summary.citizenship)
    assert "Of 8 public detainers, 2 (25.0%) were lifted" in text


def test_csv_release(tmp_path: Path) -> None:
    check(write_release(tmp_path / "detainers.csv"))


def test_parquet_release(tmp_path: Path) -> None:
    source = write_release(tmp_path / "detainers.csv")
    target = tmp_path / "detainers.parquet"
    with duckdb.connect() as con:
        # Typed as a release's Parquet file would be: the prepare date a timestamp.
        con.execute(
            f"""COPY (SELECT * REPLACE (coalesce(
                    try_cast(detainer_prepare_date AS TIMESTAMP),
                    try_strptime(detainer_prepare_date, '%m/%d/%Y')) AS detainer_prepare_date)
                FROM read_csv('{source}', all_varchar = true))
               TO '{target}' (FORMAT parquet)"""
        )
    check(target)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    columns = [c for c in COLUMNS if c not in ("facility_state", "detainer_lift_reason")]
    path = write_release(tmp_path / "partial.csv", columns)
    with pytest.raises(
        DdpFormatError,
        match=r"partial\.csv is missing columns facility_state, detainer_lift_reason",
    ):
        summarise(path)


def test_one_missing_column(tmp_path: Path) -> None:
    columns = [c for c in COLUMNS if c != "detainer_prepare_date"]
    with pytest.raises(DdpFormatError, match="missing column detainer_prepare_date "):
        summarise(write_release(tmp_path / "partial.csv", columns))


def test_other_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DdpFormatError, match="no detainer file"):
        summarise(tmp_path / "absent.csv")
    sheet = tmp_path / "detainers.xlsx"
    sheet.write_bytes(b"PK")
    with pytest.raises(DdpFormatError, match="not a CSV"):
        summarise(sheet)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(DdpFormatError, match="cannot be read"):
        summarise(broken)
