"""`probable oversight ddp | metrics` through Typer's test runner.

`ddp` reads a synthetic detainer release written here (no real data); `metrics` reads
the oversight tests' small store of known rows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import duckdb
from typer.testing import CliRunner, Result

from probable.center.lift_reasons import CITIZENSHIP, NOT_AMENABLE
from probable.cli.app import app
from probable.cli.oversight import oversight_app
from probable.oversight.ddp import summarise
from probable.store import sqlite_url
from tests.center.service import backend, database_url
from tests.oversight.store_rows import (
    KNOWN_ACTIONS,
    KNOWN_DOCUMENTS_BY_WEEK,
    KNOWN_LIFT_REASONS,
    KNOWN_STATUSES,
    known_store,
)

__all__ = ["backend", "database_url"]

runner = CliRunner()

HEADER = "unique_id,detainer_prepare_date,facility_state,detainer_lift_reason,birth_year"

#: A synthetic release: (prepare date, facility state, lift reason), as a release spells them.
ROWS = [
    ("2023-01-05", "TX", ""),
    ("2023-01-20", "TX", CITIZENSHIP),
    ("01/31/2023", "CA", NOT_AMENABLE),
    ("2023-02-14", "TX", CITIZENSHIP),
    ("2023-02-28", "CA", "Other"),
    ("", "FL", ""),
]


def write_release(path: Path, header: str = HEADER) -> Path:
    """The synthetic release as CSV, with the columns named in `header`."""
    columns = header.split(",")
    lines = [header]
    for n, (prepared, state, reason) in enumerate(ROWS):
        values = {
            "unique_id": f"U{n:04d}",
            "detainer_prepare_date": prepared,
            "facility_state": state,
            "detainer_lift_reason": reason,
            "birth_year": "1990",
        }
        lines.append(",".join(values[c] for c in columns))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def words(text: str) -> str:
    """`text` with every run of whitespace as one space (Rich wraps at the console's width)."""
    return " ".join(text.split())


def ddp(*args: str) -> Result:
    return runner.invoke(oversight_app, ["ddp", *args])


# ------------------------------------------------------------------ ddp


def test_ddp_json_is_the_summary(tmp_path: Path) -> None:
    path = write_release(tmp_path / "detainers.csv")
    result = ddp(str(path), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found == dataclasses.asdict(summarise(path))
    assert found["source"] == "detainers.csv"
    assert (found["detainers"], found["undated"]) == (6, 1)
    assert found["citizenship"] == [
        {
            "detainers": 6,
            "lifted": 4,
            "usc_claim": 2,
            "usc_claim_share": 0.3333,
            "usc_claim_share_of_lifted": 0.5,
            "not_amenable": 1,
            "not_amenable_share_of_lifted": 0.25,
        }
    ]
    assert found["by_month_state"] == [
        {"month": "2023-01", "facility_state": "CA", "detainers": 1},
        {"month": "2023-01", "facility_state": "TX", "detainers": 2},
        {"month": "2023-02", "facility_state": "CA", "detainers": 1},
        {"month": "2023-02", "facility_state": "TX", "detainers": 1},
        {"month": None, "facility_state": "FL", "detainers": 1},
    ]


def test_ddp_reads_parquet(tmp_path: Path) -> None:
    source = write_release(tmp_path / "detainers.csv")
    target = tmp_path / "detainers.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) "
            f"TO '{target}' (FORMAT parquet)"
        )
    result = ddp(str(target), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["source"] == "detainers.parquet"
    expected = dataclasses.asdict(summarise(source))
    assert {k: v for k, v in found.items() if k != "source"} == {
        k: v for k, v in expected.items() if k != "source"
    }


def test_ddp_prints_the_tables(tmp_path: Path) -> None:
    result = ddp(str(write_release(tmp_path / "detainers.csv")))
    assert result.exit_code == 0, result.output
    shown = words(result.stdout)
    assert "detainers.csv: 6 detainers, 1 without a readable prepare date" in shown
    for title in (
        "Public detainer data: lifted for a claim to U.S. citizenship",
        "Public detainer data: lift reasons",
        "Public detainer data: detainers by month and state",
    ):
        assert title in shown, title
    assert CITIZENSHIP in shown
    # The citizenship panel's sentence, shares as percentages.
    assert "Of 6 public detainers, 2 (33.3%) were lifted" in shown
    assert "50.0% of the 4 lifted" in shown
    # A blank state or an undated row shows as a dash, as on the page.
    assert "— FL 1" in shown


def test_ddp_missing_file(tmp_path: Path) -> None:
    absent = tmp_path / "absent.csv"
    result = ddp(str(absent))
    assert result.exit_code == 2
    assert f"no detainer file at {absent}" in result.stderr
    assert result.stdout == ""


def test_ddp_names_the_missing_columns(tmp_path: Path) -> None:
    path = write_release(tmp_path / "partial.csv", "unique_id,detainer_prepare_date,birth_year")
    result = ddp(str(path), "--json")
    assert result.exit_code == 2
    assert "partial.csv is missing columns facility_state, detainer_lift_reason" in result.stderr
    assert result.stdout == ""


def test_ddp_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    result = ddp(str(broken))
    assert result.exit_code == 2
    assert "broken.parquet: cannot be read" in result.stderr

    sheet = tmp_path / "detainers.xlsx"
    sheet.write_bytes(b"PK")
    result = ddp(str(sheet))
    assert result.exit_code == 2
    assert "detainers.xlsx: not a CSV" in result.stderr


def test_ddp_a_malformed_row_past_the_sniffed_part(tmp_path: Path) -> None:
    # DuckDB sniffs the first rows; a bad one further down fails only as it is read.
    path = tmp_path / "long.csv"
    good = "2023-01-05,TX,\n" * 60_000
    header = "detainer_prepare_date,facility_state,detainer_lift_reason"
    path.write_text(f"{header}\n{good}a,b,c,d\n", encoding="utf-8")
    result = ddp(str(path))
    assert result.exit_code == 2, result.output
    assert "long.csv: cannot be read" in result.stderr
    assert "60002" in result.stderr  # the line DuckDB names


def test_ddp_messages_show_brackets_as_written(tmp_path: Path) -> None:
    absent = tmp_path / "[bold]release.csv"
    result = ddp(str(absent))
    assert result.exit_code == 2
    assert "[bold]release.csv" in result.stderr


# ------------------------------------------------------------------ metrics


def test_metrics_json_are_the_store_tables(database_url: str) -> None:
    engine, _ = known_store(database_url)
    engine.dispose()
    result = runner.invoke(oversight_app, ["metrics", "--database-url", database_url, "--json"])
    assert result.exit_code == 0, result.output
    tables = json.loads(result.stdout)
    assert list(tables) == [
        "documents_by_week",
        "lift_reasons",
        "hold_hours",
        "cases_by_status",
        "cases_by_action",
    ]
    assert tables["documents_by_week"] == KNOWN_DOCUMENTS_BY_WEEK
    assert tables["lift_reasons"] == KNOWN_LIFT_REASONS
    assert tables["cases_by_status"] == KNOWN_STATUSES
    assert tables["cases_by_action"] == KNOWN_ACTIONS
    # Read now (long after March 2025): the hold still in force has run to its expiry, 54 h.
    holds = {(r["bin"], r["profile"]): r["holds"] for r in tables["hold_hours"] if r["holds"]}
    assert holds == {
        ("0-12 h", "database_only"): 1,
        ("12-24 h", "database_only"): 1,
        ("48-60 h", "database_only"): 1,
        ("48-60 h", "settlement"): 1,
    }


def test_metrics_prints_the_tables(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "cases.db")
    engine, _ = known_store(url)
    engine.dispose()
    result = runner.invoke(oversight_app, ["metrics", "--database-url", url])
    assert result.exit_code == 0, result.output
    shown = words(result.stdout)
    for title in (
        "Documents issued by week",
        "Why documents were lifted",
        "Hours held past the release time (I-247A)",
        "Cases by status",
        "Cases by latest action",
    ):
        assert title in shown, title
    assert "7 in all (6 I-247A, 1 I-247G)" in shown
    assert "4 holds, 31.38 hours on average, the longest 54.0 hours" in shown
    assert "9 cases; the most are detainer_lifted (2)" in shown


def test_metrics_default_store_is_the_services(tmp_path: Path) -> None:
    engine, _ = known_store(sqlite_url(tmp_path / "probable.db"))
    engine.dispose()
    env = {"PROBABLE_DATA_DIR": str(tmp_path), "PROBABLE_DATABASE_URL": None}
    result = runner.invoke(oversight_app, ["metrics", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cases_by_status"] == KNOWN_STATUSES

    other = tmp_path / "elsewhere"
    env = {"PROBABLE_DATA_DIR": str(other), "PROBABLE_DATABASE_URL": None}
    result = runner.invoke(oversight_app, ["metrics"], env=env)
    assert result.exit_code == 2
    assert f"no case store at {other / 'probable.db'}" in result.stderr
    assert not other.exists()


def test_metrics_store_errors(tmp_path: Path) -> None:
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).close()
    result = runner.invoke(oversight_app, ["metrics", "--database-url", sqlite_url(blank)])
    assert result.exit_code == 2
    assert f"the case store at {sqlite_url(blank)} cannot be read" in result.stderr
    assert "no such table" in result.stderr

    result = runner.invoke(oversight_app, ["metrics", "--database-url", "oracle://db/cases"])
    assert result.exit_code == 2
    assert "unsupported database 'oracle'" in result.stderr

    result = runner.invoke(oversight_app, ["metrics", "--database-url", "not a url"])
    assert result.exit_code == 2
    assert "not a database URL" in result.stderr


def test_oversight_is_a_probable_command() -> None:
    result = runner.invoke(app, ["oversight", "--help"])
    assert result.exit_code == 0, result.output
    assert "ddp" in result.stdout
    assert "metrics" in result.stdout
