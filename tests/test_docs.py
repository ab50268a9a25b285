"""Documentation keeps up with the code: commands, tables and error types are all described."""

from __future__ import annotations

from pathlib import Path

import duckdb

from probable.cli.app import app
from probable.world.output import WORLD_FILE
from probable.world.simulate import SimulationResult
from probable.world.truth import TRUTH_FILE, TRUTH_TABLES

ROOT = Path(__file__).resolve().parents[1]
WORLD_DOC = (ROOT / "docs" / "world.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands]
    assert names, "no commands registered"
    for name in names:
        assert f"probable {name}" in readme, name
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for command in group.typer_instance.registered_commands:
            assert f"probable {group.name} {command.name}" in readme, (group.name, command.name)


def test_every_table_is_in_the_world_doc(small_world: SimulationResult) -> None:
    con = duckdb.connect(str(small_world.out / WORLD_FILE), read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    con.close()
    for table in [*tables, *TRUTH_TABLES]:
        assert f"`{table}`" in WORLD_DOC, table


def test_every_error_type_is_in_the_world_doc(small_world: SimulationResult) -> None:
    con = duckdb.connect(str(small_world.out / TRUTH_FILE), read_only=True)
    kinds = [r[0] for r in con.execute("SELECT DISTINCT error_type FROM error_rates").fetchall()]
    con.close()
    assert len(kinds) > 5
    for kind in kinds:
        assert f"`{kind}`" in WORLD_DOC, kind


def test_changelog_keeps_a_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert "keepachangelog.com" in changelog
