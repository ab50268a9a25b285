"""The simulated world: deterministic, errors at their rates, truth kept apart."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest

from probable.world.config import default_config_text, load_config
from probable.world.output import MANIFEST_FILE, WORLD_FILE, OutputError
from probable.world.simulate import SimulationResult, simulate
from probable.world.truth import TRUTH_FILE, TRUTH_TABLES
from tests.conftest import build_world

AUTOMATED = ("ident", "eid", "cis", "claims3", "claims4", "adis", "eoir", "iii")
CORROBORATION = ("vital_records", "passports", "citizenship_certificates")


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_same_seed_same_bytes(tmp_path: Path, small_world: SimulationResult) -> None:
    again = build_world(tmp_path / "again", persons=20_000, bookings=2_000, seed=7)
    first = (small_world.out / MANIFEST_FILE).read_bytes()
    assert (again.out / MANIFEST_FILE).read_bytes() == first
    assert again.summary["content_sha256"] == small_world.summary["content_sha256"]


def test_other_seed_other_world(tmp_path: Path, small_world: SimulationResult) -> None:
    other = build_world(tmp_path / "other", persons=20_000, bookings=2_000, seed=8)
    assert other.summary["content_sha256"] != small_world.summary["content_sha256"]


def test_world_file_holds_no_truth(small_world: SimulationResult) -> None:
    tables = {
        r[0] for r in _rows(small_world.out / WORLD_FILE, "SELECT table_name FROM duckdb_tables()")
    }
    assert set(AUTOMATED + CORROBORATION) | {"agencies", "bookings"} == tables
    assert not tables & set(TRUTH_TABLES)
    columns = {
        r[0]
        for r in _rows(
            small_world.out / WORLD_FILE,
            "SELECT column_name FROM duckdb_columns() WHERE NOT internal",
        )
    }
    assert not columns & {
        "person_id", "path", "status", "removable", "jail_errors", "namesake_of", "namesake_kind",
    }  # fmt: skip
    truth = {
        r[0] for r in _rows(small_world.out / TRUTH_FILE, "SELECT table_name FROM duckdb_tables()")
    }
    assert truth == set(TRUTH_TABLES)


def test_every_record_has_one_true_owner(small_world: SimulationResult) -> None:
    world = small_world.out / WORLD_FILE
    counts = dict(_rows(world, "SELECT table_name, estimated_size FROM duckdb_tables()"))
    owners = dict(
        _rows(
            small_world.out / TRUTH_FILE,
            "SELECT source, count(DISTINCT record_id) FROM record_owners GROUP BY 1",
        )
    )
    for source in AUTOMATED + CORROBORATION:
        assert owners[source] == counts[source], source


def test_error_rates_match_config(calibration_world: SimulationResult) -> None:
    """Each error type occurs at its configured rate, within 4 binomial standard deviations."""
    rows = _rows(
        calibration_world.out / TRUTH_FILE,
        "SELECT source, error_type, exposed, applied, configured_rate FROM error_rates",
    )
    checked = 0
    for source, error_type, exposed, applied, rate in rows:
        assert isinstance(exposed, int) and isinstance(applied, int) and isinstance(rate, float)
        if exposed < 200:
            continue
        sd = math.sqrt(exposed * rate * (1 - rate))
        assert abs(applied - exposed * rate) <= 4 * sd + 2, (
            source,
            error_type,
            applied,
            exposed,
            rate,
        )
        checked += 1
    types = {r[1] for r in rows}
    assert {
        "coverage_gap", "typo", "name_variant", "swapped_surnames", "dob_day_month_swap",
        "wrong_birthplace", "naturalization_late", "naturalization_never", "derived_never_recorded",
        "stale_status", "duplicate_a_number", "merged_a_number", "wrong_person", "undigitised",
    } <= types  # fmt: skip
    assert checked > 60


def test_us_born_have_no_immigration_benefit_records(small_world: SimulationResult) -> None:
    con = duckdb.connect()
    con.execute(f"ATTACH '{small_world.out / TRUTH_FILE}' AS t (READ_ONLY)")
    rows = con.execute(
        """SELECT o.source, count(*) FROM t.record_owners o JOIN t.persons p USING (person_id)
        WHERE p.path = 'usc_born' GROUP BY 1"""
    ).fetchall()
    con.close()
    assert {source for source, _ in rows} <= {"ident", "iii", "vital_records", "passports"}


def test_status_histories_follow_the_life(small_world: SimulationResult) -> None:
    truth = small_world.out / TRUTH_FILE
    # Citizens never lose citizenship; naturalization follows permanent residence.
    after_usc = _rows(
        truth,
        """SELECT count(*) FROM status_history a JOIN status_history b USING (person_id)
        WHERE a.status = 'usc' AND b.valid_from > a.valid_from""",
    )
    assert after_usc == [(0,)]
    bad_natz = _rows(
        truth,
        """SELECT count(*) FROM persons WHERE path = 'usc_naturalized'
        AND (lpr_date IS NULL OR naturalization_date < lpr_date)""",
    )
    assert bad_natz == [(0,)]
    # Derived citizens have a naturalized parent; acquired ones a U.S.-born parent.
    orphans = _rows(
        truth,
        """SELECT count(*) FROM persons c LEFT JOIN persons p ON p.person_id = c.parent1_id
        WHERE (c.path = 'usc_derived' AND p.naturalization_date IS NULL)
           OR (c.path = 'usc_acquired' AND p.path <> 'usc_born')""",
    )
    assert orphans == [(0,)]
    removable = dict(
        _rows(truth, "SELECT status, bool_and(removable) FROM status_history GROUP BY 1")
    )
    assert removable["usc"] is False and removable["final_order"] is True


def test_paths_include_every_status_the_issue_names(calibration_world: SimulationResult) -> None:
    paths = set(calibration_world.summary["paths"])
    assert {
        "usc_born", "usc_acquired", "usc_naturalized", "usc_derived", "lpr", "lpr_deportable",
        "nonimmigrant", "overstay", "tps", "daca", "asylee", "refugee", "ewi", "final_order",
        "pending_proceedings",
    } <= paths  # fmt: skip
    provisions = dict(
        _rows(
            calibration_world.out / TRUTH_FILE,
            "SELECT provision, count(*) FROM families GROUP BY 1",
        )
    )
    assert {"INA 320", "former INA 321(a)(1)", "not derived", "INA 301(g)"} <= set(provisions)


def test_bookings_reference_agencies_and_fins(small_world: SimulationResult) -> None:
    world = small_world.out / WORLD_FILE
    dangling = _rows(
        world,
        """SELECT count(*) FROM bookings b LEFT JOIN agencies a ON a.ori = b.agency_ori
        WHERE a.ori IS NULL""",
    )
    assert dangling == [(0,)]
    unknown_fin = _rows(
        world,
        """SELECT count(*) FROM bookings b WHERE fin IS NOT NULL
        AND fin NOT IN (SELECT fin FROM ident)""",
    )
    assert unknown_fin == [(0,)]


def test_out_is_all_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "world"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    config = load_config().with_overrides(persons=500, bookings=10)
    with pytest.raises(OutputError, match="not empty"):
        simulate(config, out, config_text=default_config_text())
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["world"]


def test_manifest_lists_every_table(small_world: SimulationResult) -> None:
    manifest = json.loads((small_world.out / MANIFEST_FILE).read_text())
    assert set(manifest["tables"]["truth"]) == set(TRUTH_TABLES)
    assert manifest["seed"] == 7


def test_a_derivation_is_on_record_in_cis_and_on_a_certificate_alike(
    small_world: SimulationResult,
) -> None:
    """One decision: a derived citizen has a certificate exactly when CIS shows the derivation."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{small_world.out / WORLD_FILE}' AS w (READ_ONLY)")
    con.execute(f"ATTACH '{small_world.out / TRUTH_FILE}' AS t (READ_ONLY)")
    rows = con.execute(
        """WITH derived AS (SELECT person_id FROM t.persons WHERE path = 'usc_derived'),
        in_cis AS (SELECT o.person_id FROM t.record_owners o JOIN w.cis c
                   ON o.source = 'cis' AND o.record_id = c.cis_record_id
                   WHERE c.current_status = 'USC (DERIVED)'),
        certified AS (SELECT o.person_id FROM t.record_owners o
                      JOIN w.citizenship_certificates z
                      ON o.source = 'citizenship_certificates'
                      AND o.record_id = z.certificate_number),
        never AS (SELECT person_id FROM t.errors WHERE error_type = 'derived_never_recorded')
        SELECT count(*) FILTER (WHERE d.person_id IN (SELECT * FROM in_cis)
                                  AND d.person_id IN (SELECT * FROM never)),
               count(*) FILTER (WHERE d.person_id IN (SELECT * FROM certified)
                                  AND d.person_id IN (SELECT * FROM never)),
               count(*) FILTER (WHERE d.person_id IN (SELECT * FROM certified))
        FROM derived d"""
    ).fetchall()
    con.close()
    in_cis_but_never, certified_but_never, certified = rows[0]
    assert (in_cis_but_never, certified_but_never) == (0, 0)
    assert certified > 0
