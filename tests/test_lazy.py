"""Packages export their names lazily, and importing one module imports only what it needs."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGES = sorted(
    f"probable.{p.parent.name}"
    for p in (Path(__file__).resolve().parents[1] / "src" / "probable").glob("*/__init__.py")
    if "lazy_exports" in p.read_text()
)


def test_the_lazy_packages_are_the_ones_that_export_names() -> None:
    assert {"probable.center", "probable.sources", "probable.web"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves_and_is_listed(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == dir(module) == sorted(set(module.__all__))
    for name in module.__all__:
        assert getattr(module, name) is not None


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    import probable.sources

    with pytest.raises(AttributeError, match=r"'probable\.sources' has no attribute 'Nope'"):
        _ = probable.sources.Nope  # type: ignore[attr-defined]


def test_the_documents_process_does_not_import_the_api_or_the_linkage() -> None:
    code = (
        "import sys, probable.web.documents_process\n"
        "print(' '.join(m for m in ('fastapi', 'pandas', 'splink', 'duckdb') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""


def test_a_name_shared_with_a_submodule_is_the_exported_object() -> None:
    code = (
        "import probable.law.determine, probable.sources.catalogue, probable.evidence.derivation\n"
        "from probable.law import determine\n"
        "from probable.sources import catalogue\n"
        "from probable.evidence import derivation\n"
        "print(all(callable(f) for f in (determine, catalogue, derivation)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "True"
