"""Who may do what: roles, permissions and the signed-in principal. Deny by default.

A permission not granted to a role here is refused. An agency liaison sees only their
own agency's bookings and documents, never the evidence behind them. The booking feed
(`intake`) may only post bookings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from probable.center.errors import CenterError

Role = Literal["officer", "supervisor", "neutral_reviewer", "auditor", "agency_liaison", "intake"]

ROLES: tuple[Role, ...] = (
    "officer",
    "supervisor",
    "neutral_reviewer",
    "auditor",
    "agency_liaison",
    "intake",
)

Permission = Literal[
    "booking.create",
    "case.list",
    "case.read",
    "evidence.read",
    "corroboration.record",
    "review.list",
    "review.decide",
    "detainer.update",
    "detainer.release_time",
    "document.read",
    "legal_basis.record",
    "case.decide_again",
    "audit.read",
    "oversight.read",
]

_OFFICER: frozenset[Permission] = frozenset(
    {
        "booking.create",
        "case.list",
        "case.read",
        "evidence.read",
        "corroboration.record",
        "review.list",
        "detainer.update",
        "detainer.release_time",
        "document.read",
    }
)

_GRANTS: dict[Role, frozenset[Permission]] = {
    "officer": _OFFICER,
    "supervisor": _OFFICER
    | {"legal_basis.record", "case.decide_again", "audit.read", "oversight.read"},
    "neutral_reviewer": frozenset(
        {"case.list", "case.read", "evidence.read", "review.list", "review.decide", "document.read"}
    ),
    "auditor": frozenset(
        {
            "case.list",
            "case.read",
            "evidence.read",
            "review.list",
            "document.read",
            "audit.read",
            "oversight.read",
        }
    ),
    "agency_liaison": frozenset(
        {"case.list", "case.read", "document.read", "detainer.release_time"}
    ),
    "intake": frozenset({"booking.create"}),
}


class AccessDeniedError(CenterError):
    """The principal may not do this (HTTP 403)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user: their id, name, role and, for a liaison, their agency."""

    user_id: int
    username: str
    role: Role
    agency_ori: str | None = None

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"user:{self.user_id}:{self.username}"

    def can(self, permission: Permission) -> bool:
        """Whether the role grants the permission."""
        return permission in _GRANTS.get(self.role, frozenset())

    def require(self, permission: Permission) -> None:
        """Raise `AccessDeniedError` unless the role grants the permission."""
        if not self.can(permission):
            raise AccessDeniedError(f"role {self.role!r} may not {permission}")

    def agency_scope(self) -> str | None:
        """The only agency this principal may see; None: every agency."""
        return self.agency_ori if self.role == "agency_liaison" else None

    def require_agency(self, agency_ori: str) -> None:
        """Raise `AccessDeniedError` when a liaison asks for another agency's case."""
        scope = self.agency_scope()
        if self.role == "agency_liaison" and scope != agency_ori:
            raise AccessDeniedError("an agency liaison sees only their own agency's cases")


def granted(role: Role) -> frozenset[Permission]:
    """Every permission of a role (for the docs and tests)."""
    return _GRANTS[role]
