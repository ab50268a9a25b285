"""Citations: which instrument, which section, where to read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Citation:
    """A legal source: the instrument, the section relied on, and a URL to read it."""

    instrument: str
    """"8 CFR 287.7", "ICE Directive 16001.2", "Gonzalez v. ICE, judgment (ECF 574)"."""
    section: str
    """The part relied on: "(d)", "sec. 2.4", "para. 3"; "" for the whole."""
    url: str
    confirmed: bool = True
    """False when no primary text we hold confirms the point (DOMAIN.md's "?")."""

    def __post_init__(self) -> None:
        if not self.instrument.strip():
            raise ValueError("a citation needs an instrument")
        if not self.url.startswith("https://"):
            raise ValueError(f"a citation's URL must be https: {self.url!r}")

    def __str__(self) -> str:
        text = f"{self.instrument} {self.section}".strip()
        return text if self.confirmed else f"{text} (unconfirmed)"
