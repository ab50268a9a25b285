"""The architecture holds: the import contracts are kept, can fail, and every module is explained.

The contracts live in `pyproject.toml` under `[tool.importlinter]`; docs/architecture.md says why.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
SOURCE = ROOT / "src" / "probable"
TRUTH = "probable.world.truth"
MODULE_NAME = re.compile(r"\bprobable(?:\.[A-Za-z_]\w*)*")


def contracts() -> list[dict[str, Any]]:
    """The contracts as written in pyproject.toml."""
    with PYPROJECT.open("rb") as file:
        config: dict[str, Any] = tomllib.load(file)["tool"]["importlinter"]
    assert config["root_package"] == "probable"
    found: list[dict[str, Any]] = config["contracts"]
    return found


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on the `probable` found first from `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--config",
            str(PYPROJECT),
            "--no-cache",
            "--no-logo",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def broken(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The ids of the contracts that import-linter reports broken."""
    return {
        contract["id"]
        for contract in contracts()
        if f"{contract['name']} BROKEN" in result.stdout.splitlines()
    }


def test_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout


def test_only_evaluation_may_import_the_truth() -> None:
    protected = [c for c in contracts() if TRUTH in c.get("protected_modules", [])]
    assert len(protected) == 1
    assert set(protected[0]["allowed_importers"]) == {"probable.world", "probable.evaluation"}

    forbidden = [c for c in contracts() if TRUTH in c.get("forbidden_modules", [])]
    sources = {module for contract in forbidden for module in contract["source_modules"]}
    assert "probable.cli" in sources
    assert "probable.evaluation" not in sources


@pytest.fixture
def throwaway(tmp_path: Path) -> Path:
    """A `probable` with every module the contracts name, empty, and no imports at all."""
    names = {"probable"}
    for contract in contracts():
        for value in contract.values():
            for item in value if isinstance(value, list) else [value]:
                names.update(MODULE_NAME.findall(str(item)))
    for name in names:
        package = tmp_path.joinpath(*name.split("."))
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text(f'"""Stand-in for {name}."""\n')
    return tmp_path


def write_module(root: Path, name: str, source: str) -> None:
    path = root.joinpath(*name.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'"""Test module."""\n\n{source}\n')


def test_throwaway_without_imports_keeps_every_contract(throwaway: Path) -> None:
    result = lint_imports(throwaway)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "expected_broken"),
    [
        pytest.param(
            "probable.cli.leak",
            f"import {TRUTH}",
            {"truth-cli", "truth-importers"},
            id="cli-imports-truth",
        ),
        pytest.param(
            "probable.stray",
            f"from {TRUTH} import something",
            {"truth-importers"},
            id="unlisted-module-imports-truth",
        ),
        pytest.param(
            "probable.world.upward",
            "import probable.evaluation",
            {"flow"},
            id="world-imports-evaluation",
        ),
        pytest.param(
            "probable.evaluation.upward",
            "import probable.cli",
            {"flow"},
            id="evaluation-imports-cli",
        ),
        pytest.param(
            "probable.evaluation.score",
            f"import {TRUTH}",
            set(),
            id="evaluation-reads-truth",
        ),
        pytest.param(
            "probable.cli.simulate",
            "import probable.world.writer",
            set(),
            id="cli-runs-the-simulator-which-writes-truth",
        ),
        pytest.param(
            "probable.sources.leak",
            "import probable.world.output",
            {"sources-world-records"},
            id="sources-imports-world-output",
        ),
        pytest.param(
            "probable.sources.leak",
            "import probable.world.writer",
            {"sources-world-records", "truth-decision-path"},
            id="sources-reaches-truth-indirectly",
        ),
        pytest.param(
            "probable.world.upward",
            "import probable.sources",
            {"flow"},
            id="world-imports-sources",
        ),
        pytest.param(
            "probable.identity.leak",
            "import probable.world.writer",
            {"truth-decision-path"},
            id="identity-reaches-truth-indirectly",
        ),
        pytest.param(
            "probable.sources.upward",
            "import probable.identity",
            {"flow"},
            id="sources-imports-identity",
        ),
        pytest.param(
            "probable.evidence.upward",
            "import probable.law",
            {"flow"},
            id="evidence-imports-law",
        ),
        pytest.param(
            "probable.law.upward",
            "import probable.evaluation",
            {"flow"},
            id="law-imports-evaluation",
        ),
        pytest.param(
            "probable.law.leak",
            "import probable.world.writer",
            {"truth-decision-path"},
            id="law-reaches-truth-indirectly",
        ),
        pytest.param(
            "probable.evidence.leak",
            f"import {TRUTH}",
            {"truth-decision-path", "truth-importers"},
            id="evidence-imports-truth",
        ),
    ],
)
def test_violations_are_caught(
    throwaway: Path, module: str, source: str, expected_broken: set[str]
) -> None:
    write_module(throwaway, module, source)
    write_module(throwaway, "probable.world.writer", f"import {TRUTH}")
    result = lint_imports(throwaway)
    output = result.stdout + result.stderr
    assert broken(result) == expected_broken, output
    assert result.returncode == (1 if expected_broken else 0), output
    if expected_broken:
        # The chain names a module that only the throwaway package has: it was the one checked.
        assert module in result.stdout, output


MODULES = sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SOURCE)) for p in MODULES])
def test_every_module_has_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    assert ast.get_docstring(tree), f"{path.relative_to(ROOT)} has no module docstring"
