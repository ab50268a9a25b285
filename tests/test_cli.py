"""The `probable` command through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from probable.cli.app import app
from probable.world.config import default_config_text

runner = CliRunner()


def test_simulate_json_summary(tmp_path: Path) -> None:
    out = tmp_path / "w"
    result = runner.invoke(
        app,
        [
            "simulate",
            "--persons",
            "3000",
            "--bookings",
            "300",
            "--seed",
            "4",
            "--out",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["persons"] == 3000
    assert summary["bookings"] == 300
    assert summary["seed"] == 4
    assert set(summary) >= {
        "status_at_end",
        "records",
        "errors",
        "errors_by_source",
        "content_sha256",
    }
    assert (out / "world.duckdb").is_file() and (out / "truth.duckdb").is_file()


def test_simulate_then_whatif(tmp_path: Path) -> None:
    out = tmp_path / "w"
    assert (
        runner.invoke(
            app, ["simulate", "--persons", "5000", "--bookings", "500", "--out", str(out)]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app, ["whatif", "--world", str(out), "--profiles", "database_only,settlement", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert [p["profile"] for p in figures["profiles"]] == ["database_only", "settlement"]
    assert figures["bookings"] == 500
    assert (out / "identity.duckdb").is_file(), "the index is built once and kept"
    human = runner.invoke(app, ["whatif", "--world", str(out), "--profiles", "database_only"])
    assert human.exit_code == 0, human.output
    assert "citizens held" in human.stdout
    chart = tmp_path / "profiles.vl.json"
    charted = runner.invoke(app, ["whatif", "--world", str(out), "--chart", str(chart)])
    assert charted.exit_code == 0, charted.output
    spec = json.loads(chart.read_text())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    profiles = {v["profile"] for v in spec["data"]["values"]}
    assert "gonzalez_judgment" in profiles and "database_only" in profiles


def test_whatif_names_an_unknown_profile(tmp_path: Path) -> None:
    out = tmp_path / "w"
    runner.invoke(app, ["simulate", "--persons", "2000", "--bookings", "50", "--out", str(out)])
    result = runner.invoke(app, ["whatif", "--world", str(out), "--profiles", "lenient"])
    assert result.exit_code != 0
    assert "lenient" in result.output


def test_bad_config_names_the_key_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(default_config_text().replace("typo = 0.03", "typo = -0.5", 1))
    out = tmp_path / "w"
    result = runner.invoke(app, ["simulate", "--config", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "errors.ident.typo" in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.toml"]


def test_missing_config_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["simulate", "--config", str(tmp_path / "x.toml"), "--out", str(tmp_path / "w")]
    )
    assert result.exit_code == 2
    assert "config file not found" in result.stderr


def test_non_empty_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep")
    result = runner.invoke(
        app, ["simulate", "--persons", "100", "--bookings", "5", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["precious.txt"]


def test_negative_persons_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--persons", "-1", "--out", str(tmp_path / "w")])
    assert result.exit_code == 2
    assert "--persons" in result.output


def test_whatif_needs_a_world(tmp_path: Path) -> None:
    result = runner.invoke(app, ["whatif", "--world", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "not a directory" in result.stderr


def test_demo_prints_what_happened(tmp_path: Path) -> None:
    """The whole demo, on a smaller world than its default (the path is the same)."""
    args = ["demo", "--out", str(tmp_path / "demo"), "--persons", "10000", "--bookings", "600"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "database_only" in result.stdout
    assert "gonzalez_judgment" in result.stdout
    assert "Wrongful holds" in result.stdout
    assert "synthetic" in result.stdout
