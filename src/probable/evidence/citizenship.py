"""Citizenship indicators (ICE Directive 16001.2) and the acquisition and derivation checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from probable.evidence.facts import Fact
from probable.evidence.file import Indicator, ParentInfo


def citizenship_indicators(
    facts: Sequence[Fact],
    *,
    date_of_birth: date | None,
    parents: Sequence[ParentInfo],
    as_of: date,
) -> tuple[Indicator, ...]:
    """Every indicator of U.S. citizenship the facts and parent information show."""
    raise NotImplementedError  # issue 4: helper B
