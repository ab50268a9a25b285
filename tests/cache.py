"""What the tests build from fixed seeds, built once and kept: keyed by the code that made it.

A world, a trained model and its index, or a what-if report take seconds to minutes to
build and are the same every time for the same code, configuration and seed. `cached`
builds one into a directory of the test cache the first time and hands that directory
back afterwards, to every pytest worker and every later session, until the key changes.

The key is a SHA-256 over the code the build runs, `uv.lock` (the libraries' versions),
the source of the function that builds it and the parts the caller names (sizes, seeds,
what it was built from). "The code the build runs" is found, not declared: the
`probable` modules the builder's code names (and the test helpers it calls name), every
module those import, per the import graph import-linter reads (grimp), their parent
packages, and the data files beside them (a world's configuration, the name pools, the
jurisdictions). So a change to the law rebuilds the what-if but not the worlds it reads,
and any change to what a build runs rebuilds it; the cache never has to be cleared by
hand for correctness. The two most recent keys of each name are kept.

Where: `$PROBABLE_TEST_CACHE`, else `$XDG_CACHE_HOME/probable/tests` (`~/.cache/...`).
`PROBABLE_TEST_CACHE=off` builds everything afresh in the session's temporary directory
(what a clean machine does; the suite's cold figures are measured that way).

Workers build under a file lock: one builds, the others wait and then read. A build goes
to a temporary directory renamed into place when complete, so a stopped build leaves
nothing that looks finished. Tests only read what is cached; what they write goes to
their own `tmp_path`.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import time
import types
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import grimp
import pytest
from filelock import FileLock, Timeout

CACHE_ENV = "PROBABLE_TEST_CACHE"
ROOT = Path(__file__).resolve().parents[1]

#: Keys kept per name: the current code's, and one more (another branch's, say).
KEEP = 2

#: Hex digits of a key in a build's directory name.
KEY_LENGTH = 20

#: Written last into a finished build; a directory without it is not used.
COMPLETE = ".complete"


def cache_root() -> Path | None:
    """The cache's directory, or None when caching is off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "probable" / "tests"


PACKAGE = "probable"
SOURCE = ROOT / "src"


@cache
def _graph() -> grimp.ImportGraph:
    """The package's import graph (TYPE_CHECKING imports included: a package's lazy
    exports are imports of it)."""
    return grimp.build_graph(PACKAGE, cache_dir=None)


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _code_objects(constant)


def _referenced(function: types.FunctionType) -> Iterator[object]:
    """The global objects and closure values a function's code (nested code too) names."""
    for code in _code_objects(function.__code__):
        for name in code.co_names:
            if name in function.__globals__:
                yield function.__globals__[name]
    for cell in function.__closure__ or ():
        try:
            yield cell.cell_contents
        except ValueError:  # an empty cell
            continue


def _roots(build: Callable[..., object]) -> tuple[set[str], list[str]]:
    """The `probable` modules `build` names, following the test helpers it calls; and
    the sources of the test functions followed (they are part of the key too)."""
    modules: set[str] = set()
    sources: list[str] = []
    pending: list[object] = [build]
    seen: set[int] = set()
    while pending:
        obj = pending.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, types.ModuleType):
            name = obj.__name__
        else:
            name = getattr(obj, "__module__", None) or ""
        if name == PACKAGE or name.startswith(PACKAGE + "."):
            modules.add(name)
        elif isinstance(obj, types.FunctionType) and name.startswith("tests"):
            sources.append(inspect.getsource(obj))
            pending.extend(_referenced(obj))
    return modules, sources


def _files(modules: set[str]) -> list[Path]:
    """The modules' files, every module they import, their parent packages, and the
    data files in their directories."""
    graph = _graph()
    closure = set(modules)
    for module in modules:
        closure |= graph.find_upstream_modules(module)
    for module in list(closure):
        parts = module.split(".")
        closure.update(".".join(parts[:i]) for i in range(1, len(parts)))
    files: set[Path] = set()
    for module in closure:
        base = SOURCE.joinpath(*module.split("."))
        if base.is_dir():
            files.update(p for p in base.iterdir() if p.is_file() and p.suffix != ".pyc")
        else:
            files.add(base.with_suffix(".py"))
    return sorted(files)


def code_digest(build: Callable[..., object]) -> str:
    """SHA-256 over the code `build` runs (see the module docstring) and the lock file."""
    modules, sources = _roots(build)
    digest = hashlib.sha256()
    for path in [*_files(modules), ROOT / "uv.lock"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for source in sources:
        digest.update(source.encode())
    return digest.hexdigest()


def cache_key(build: Callable[..., object], parts: dict[str, object]) -> str:
    """The key of what `build` makes from `parts` with the current code."""
    digest = hashlib.sha256()
    digest.update(code_digest(build).encode())
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:KEY_LENGTH]


def cached(
    name: str,
    build: Callable[[Path], object],
    parts: dict[str, object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A directory that `build(directory)` filled, for this key; built now if not yet."""
    root = cache_root()
    if root is None:
        fresh = tmp_path_factory.mktemp(name)
        build(fresh)
        return fresh
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"{name}-{cache_key(build, parts)}"
    with FileLock(str(final) + ".lock"):
        if (final / COMPLETE).is_file():
            os.utime(final)  # recently used: kept by the pruning below
            return final
        building = root / f".{final.name}.building-{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        shutil.rmtree(final, ignore_errors=True)
        building.mkdir()
        started = time.perf_counter()
        try:
            build(building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        (building / COMPLETE).write_text(
            json.dumps({"seconds": round(time.perf_counter() - started, 1), "parts": parts},
                       default=str) + "\n"
        )  # fmt: skip
        building.rename(final)
    _prune(root, name)
    return final


def _prune(root: Path, name: str) -> None:
    """Remove all but the `KEEP` most recently used builds of `name`, skipping any that
    another process holds, and lock files a day old whose build is gone."""
    pattern = f"{name}-{'?' * KEY_LENGTH}"
    builds = sorted(
        (p for p in root.glob(pattern) if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP:]:
        try:
            with FileLock(str(old) + ".lock", timeout=0):
                shutil.rmtree(old, ignore_errors=True)
        except Timeout:
            continue
    for lock in root.glob(pattern + ".lock"):
        gone = not lock.with_suffix("").exists()
        if gone and time.time() - lock.stat().st_mtime > 86_400:
            lock.unlink(missing_ok=True)
