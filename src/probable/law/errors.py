"""Errors of the law layer; each names what is wrong.

LawError
 ├── UnknownProfileError        a profile name that is not defined
 ├── NoProfileInForceError      a date (and office) no profile covers
 ├── UnknownJurisdictionError   a state missing from the jurisdiction table
 └── RuleDataError              the shipped rule or jurisdiction data is malformed
"""

from __future__ import annotations


class LawError(Exception):
    """Base class of every error the law layer raises."""


class UnknownProfileError(LawError, KeyError):
    """A legal profile was named that does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown legal profile"


class NoProfileInForceError(LawError):
    """No legal profile covers the date (and office) asked about."""


class UnknownJurisdictionError(LawError, KeyError):
    """A state, DC or territory code is not in the jurisdiction table."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown jurisdiction"


class RuleDataError(LawError):
    """Shipped legal data (jurisdictions, profiles) is malformed."""
