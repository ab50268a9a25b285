"""The page tests' world: one center over the small world, built once for the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.pages.world import PageWorld, build_page_world


@pytest.fixture(scope="session")
def pages(
    small_world: Any, world_identity: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PageWorld]:
    """The center with pages, its users and its cases (see `tests/web/pages/world.py`)."""
    yield from build_page_world(
        tmp_path_factory.mktemp("pages"), small_world.out, world_identity.index_path
    )
