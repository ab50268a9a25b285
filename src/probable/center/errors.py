"""The center's errors, one base class; the web layer maps each to its HTTP status.

CenterError
├── NotFoundError          (404) no such case, review, detainer, task
├── InvalidRequestError    (422) the request names something that cannot be (an unknown
│                           ORI, a lift reason not on the list); `field` names it
├── ConflictError          (409) the request contradicts the state (a repeated event id
│                           with other content, a review already decided)
└── AccessDeniedError      (403) from `probable.center.access`
"""

from __future__ import annotations


class CenterError(Exception):
    """Base of every error the center raises on purpose."""


class NotFoundError(CenterError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class InvalidRequestError(CenterError):
    """The request is well-formed but names something that cannot be; `field` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(CenterError):
    """The request contradicts what the case store holds."""
