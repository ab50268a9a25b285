"""The few SQL expressions SQLite and PostgreSQL spell differently, in one place.

Everything else the metrics use is portable SQLAlchemy Core. Days and weeks are UTC
calendar days (the store keeps instants in UTC; a per-agency local calendar would need
the agency's time zone joined in, which these national figures do not).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Float, SQLColumnExpression, cast, extract, func
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

Column = SQLColumnExpression[Any]


def dialect_of(session: Session) -> str:
    """The session's database: "sqlite" or "postgresql"."""
    name: str = session.get_bind().dialect.name
    if name not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {name!r}: the metrics run on sqlite or postgresql")
    return name


def week_start(instant: Column, dialect: str) -> ColumnElement[Any]:
    """The Monday (UTC) of the ISO week of an instant, as a date (SQLite: its ISO text)."""
    if dialect == "sqlite":
        # 'weekday 0' moves forward to Sunday (staying on one); six days back is Monday.
        return func.date(instant, "weekday 0", "-6 days")
    return cast(func.date_trunc("week", func.timezone("UTC", instant)), Date)


def hours_between(start: Column, end: Column, dialect: str) -> Any:
    """Hours from `start` to `end` (negative when `end` is earlier), as a float."""
    if dialect == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 24.0
    return cast(extract("epoch", end - start), Float) / 3600.0
