"""Lazy package exports: a package's names are imported the first time they are used.

A package's `__init__` lists its public names under `if TYPE_CHECKING:` (so type checkers
and readers see them) and ends with `__getattr__, __dir__ = lazy_exports(__name__, __file__)`.
Importing one module of the package (`probable.sources.errors`) then no longer imports
all of it: the documents process, which needs the case store and the renderer, started
in eight seconds because `probable.center` pulled in the API, pandas and DuckDB
(PEP 562 module `__getattr__`).
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _exports(package: str, init_file: str) -> dict[str, str]:
    """Name -> module for each `from <module> import <name>` under `if TYPE_CHECKING:`."""
    tree = ast.parse(Path(init_file).read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if not isinstance(statement, ast.ImportFrom) or statement.module is None:
                continue
            module = "." * statement.level + statement.module
            for alias in statement.names:
                found[alias.asname or alias.name] = module
    if not found:
        raise ImportError(f"{package}: no `if TYPE_CHECKING:` imports to export lazily")
    return found


def lazy_exports(
    package: str, init_file: str
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's `__getattr__` and `__dir__`: each exported name imported on first use.

    A name that is also a submodule's (`probable.law.determine`, the function, in the
    module of that name) is imported now: importing the submodule later would set the
    package's attribute to the module, hiding the function.
    """
    exports = _exports(package, init_file)
    here = Path(init_file).parent
    for name, module in exports.items():
        if (here / f"{name}.py").is_file() or (here / name / "__init__.py").is_file():
            value = getattr(importlib.import_module(module, package), name)
            setattr(sys.modules[package], name, value)

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module protocol's name)
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(exports)

    return __getattr__, __dir__
