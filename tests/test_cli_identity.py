"""`probable identity build | lookup | evaluate` through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from probable.cli.app import app
from probable.evaluation.febrl import load_febrl4
from probable.sources import read_world_bookings
from probable.world.simulate import SimulationResult
from tests.conftest import WorldIdentity

runner = CliRunner()


@pytest.fixture(scope="module")
def built(
    small_world: SimulationResult,
    world_identity: WorldIdentity,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The small world's identity index, built through the command line with the session's
    model (training through the command line is `identity evaluate`'s, below, and the
    demo's)."""
    index = tmp_path_factory.mktemp("cli-identity") / "identity.duckdb"
    result = runner.invoke(
        app,
        ["identity", "build", "--world", str(small_world.out), "--out", str(index),
         "--model", str(world_identity.model_path), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["records"] > 50_000
    assert summary["trained"] is False
    assert summary["identities"] == world_identity.summary.identities
    return index


def test_lookup_a_booking_as_json(small_world: SimulationResult, built: Path) -> None:
    bookings = read_world_bookings(small_world.out).to_pylist()
    with_fin = next(b for b in bookings if b["fin"])
    result = runner.invoke(
        app,
        ["identity", "lookup", "--index", str(built), "--world", str(small_world.out),
         "--booking", with_fin["record_id"], "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["subject_id"] == f"booking:{with_fin['record_id']}"
    kinds = {link["kind"] for link in found["links"]}
    assert "fingerprint" in kinds
    top = found["links"][0]
    assert top["contributions"][0]["comparison"] == "prior"
    assert abs(sum(c["match_weight"] for c in top["contributions"]) - top["match_weight"]) < 1e-9


def test_lookup_by_biographics_prints_the_waterfall(built: Path) -> None:
    result = runner.invoke(
        app,
        ["identity", "lookup", "--index", str(built), "--given-name", "Maria",
         "--family-name", "Garcia", "--dob", "not a date"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_evaluate_world_with_its_index(small_world: SimulationResult, built: Path) -> None:
    result = runner.invoke(
        app,
        ["identity", "evaluate", "--world", str(small_world.out), "--index", str(built), "--json"],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    # Records of people who share their name and date of birth with no one are linked
    # nearly perfectly; a namesake's can be told apart only by a FIN or an A-number,
    # so over all records the figures are lower, but not below what keeping those
    # apart gives.
    unshared = figures["unshared"]
    assert unshared["people"] > 15_000
    assert unshared["pairwise"]["f1"] > 0.99
    assert unshared["clusters"]["f1"] > 0.99
    assert figures["clusters"]["precision"] > 0.9
    assert figures["clusters"]["recall"] > 0.95
    assert figures["build"]["identities_split"] > 0
    # No fingerprint identity takes in another person's final order; a namesake's
    # order can still be linked to a booking by name and date of birth alone.
    assert figures["bookings"]["wrong_bookings_by_kind"]["fingerprint"] == 0
    assert figures["bookings"]["wrong_bookings_by_kind"]["identity"] == 0


def test_evaluate_a_labelled_file(tmp_path: Path) -> None:
    febrl = load_febrl4()
    sample = pc.is_in(
        febrl["true_id"], value_set=pa.array(sorted(set(febrl["true_id"].to_pylist()))[:600])
    )
    path = tmp_path / "labelled.csv"
    pacsv.write_csv(febrl.filter(sample), path)
    result = runner.invoke(
        app, ["identity", "evaluate", "--records", str(path), "--truth-column", "true_id", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["records"] == 1200
    assert figures["pairwise"]["true_pairs"] == 600
    assert figures["pairwise"]["f1"] > 0.98


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["identity", "build"], "exactly one of --world"),
        (["identity", "evaluate", "--dataset", "febrl9"], "unknown dataset"),
        (["identity", "evaluate", "--records", "x.csv"], "--truth-column"),
        (["identity", "lookup", "--index", "missing.duckdb", "--given-name", "a"], "not found"),
        (["identity", "lookup", "--index", "missing.duckdb"], "describe the subject"),
        (["identity", "build", "--world", "w", "--backend", "oracle"], "unknown backend"),
    ],
)
def test_bad_input_is_refused_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_a_model_of_another_version_is_refused(
    tmp_path: Path, small_world: SimulationResult
) -> None:
    model = tmp_path / "old.json"
    model.write_text(
        json.dumps({"format": "probable-identity-model", "format_version": 0}), encoding="utf-8"
    )
    result = runner.invoke(
        app,
        ["identity", "build", "--world", str(small_world.out), "--out", str(tmp_path / "i.duckdb"),
         "--model", str(model)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "format version 0" in result.output
    assert not (tmp_path / "i.duckdb").exists()
