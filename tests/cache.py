"""What the tests build from fixed seeds, built once and kept: keyed by the code that made it.

A world, a trained model and its index, or a what-if report take seconds to minutes to
build and are the same every time for the same code, configuration and seed. `cached`
builds one into a directory of the test cache the first time and hands that directory
back afterwards, to every pytest worker and every later session, until the key changes.

The key is a SHA-256 over every file of `src/probable` (the code and the shipped
configuration), `uv.lock` (the libraries' versions), the source of the function that
builds it and the parts the caller names (sizes, seeds, what it was built from). Any
change to one of them is another key, so a change rebuilds; the cache never has to be
cleared by hand for correctness. The two most recent keys of each name are kept.

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
from collections.abc import Callable
from functools import cache
from pathlib import Path

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


@cache
def code_digest() -> str:
    """SHA-256 over the package's files and the lock file, in a fixed order."""
    digest = hashlib.sha256()
    files = sorted(p for p in (ROOT / "src" / "probable").rglob("*") if p.is_file())
    for path in [*files, ROOT / "uv.lock"]:
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cache_key(build: Callable[[Path], object], parts: dict[str, object]) -> str:
    """The key of what `build` makes from `parts` with the current code."""
    digest = hashlib.sha256()
    digest.update(code_digest().encode())
    digest.update(inspect.getsource(build).encode())
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
