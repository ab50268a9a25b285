"""Users, their passwords and API tokens; turning a token into a `Principal`.

Tokens are random (256 bits) and shown once; only their SHA-256 is stored. Passwords
are hashed with scrypt (the standard library's), salted per user. Agencies are loaded
here too: the center answers only the agencies it knows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from probable.center import audit
from probable.center.access import ROLES, Principal, Role
from probable.center.errors import ConflictError, InvalidRequestError, NotFoundError
from probable.sources.bookings import Agency
from probable.store.models import AgencyRow, TokenRow, UserRow

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """`scrypt$<salt>$<hash>`, both base64."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + "$".join(base64.b64encode(x).decode() for x in (salt, digest))


def check_password(password: str, stored: str | None) -> bool:
    """Whether the password matches the stored hash (constant time)."""
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, digest = stored.split("$")
    given = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **_SCRYPT)
    return hmac.compare_digest(given, base64.b64decode(digest))


def token_digest(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(user: UserRow) -> Principal:
    """The signed-in principal of a user row."""
    return Principal(user.id, user.username, cast(Role, user.role), user.agency_ori)


def add_user(
    session: Session,
    *,
    username: str,
    role: str,
    at: datetime,
    agency_ori: str | None = None,
    password: str | None = None,
) -> UserRow:
    """A new user; a liaison must name their agency, and only a liaison may."""
    if role not in ROLES:
        raise InvalidRequestError("role", f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if (role == "agency_liaison") != (agency_ori is not None):
        raise InvalidRequestError(
            "agency_ori", "an agency liaison, and only a liaison, names an agency"
        )
    if agency_ori is not None and session.get(AgencyRow, agency_ori) is None:
        raise InvalidRequestError("agency_ori", f"unknown agency ORI {agency_ori!r}")
    if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
        raise ConflictError(f"user {username!r} exists")
    user = UserRow(
        username=username,
        role=role,
        agency_ori=agency_ori,
        password_hash=None if password is None else hash_password(password),
        active=True,
        created_at=at,
    )
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor="system:admin",
        action="user.added",
        at=at,
        detail={"user_id": user.id, "role": role, "agency_ori": agency_ori},
    )
    return user


def issue_token(session: Session, username: str, *, at: datetime, label: str = "") -> str:
    """A new API token for the user (returned once, never stored)."""
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    if user is None:
        raise NotFoundError(f"no user {username!r}")
    token = "prb_" + secrets.token_urlsafe(32)
    session.add(
        TokenRow(token_sha256=token_digest(token), user_id=user.id, label=label, created_at=at)
    )
    audit.append(
        session,
        actor="system:admin",
        action="token.issued",
        at=at,
        detail={"user_id": user.id, "label": label},
    )
    return token


def authenticate(session: Session, token: str) -> Principal | None:
    """The principal a token belongs to; None for an unknown, revoked or inactive one."""
    row = session.scalar(select(TokenRow).where(TokenRow.token_sha256 == token_digest(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    return principal_of(row.user)


def sign_in(session: Session, username: str, password: str) -> Principal | None:
    """The principal for a username and password; None when they do not match."""
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    if user is None or not user.active:
        check_password(password, "scrypt$AAAA$AAAA")  # same work whether or not the user exists
        return None
    return principal_of(user) if check_password(password, user.password_hash) else None


def load_agencies(session: Session, agencies: Iterable[Agency]) -> int:
    """Add or update the agencies the center answers; how many were given."""
    count = 0
    for agency in agencies:
        row = session.get(AgencyRow, agency.ori)
        if row is None:
            row = AgencyRow(ori=agency.ori)
            session.add(row)
        row.name, row.state, row.time_zone = agency.name, agency.state, agency.time_zone
        row.responsible_office = agency.responsible_office
        count += 1
    return count
