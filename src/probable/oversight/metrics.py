"""Metrics over the case store, aggregated in SQL: each a table of plain dict rows.

Documents sent to jails by week, form, action and profile; why detainers were lifted;
how long I-247A holds lasted past the jail's release time; cases by status and by
action. Every query groups in the database (one pass over an indexed table, no row
per case reaches Python), so the figures stay fast at 100,000 cases
(`benchmarks/dashboard_speed.py`). A detainer's action and profile are those of the
determination that issued it; a case's are its latest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from probable.oversight._sql import dialect_of, hours_between, week_start
from probable.oversight.tables import Rows, share
from probable.store.models import CaseRow, DetainerRow, DeterminationRow, UtcDateTime

#: How an absent action or profile reads in a table (a case not yet decided).
NONE_YET = "(none yet)"

#: How a lift recorded without a reason reads in a table.
NO_REASON = "(no reason recorded)"


def _day(value: Any) -> str:
    """A date from either database (SQLite gives ISO text, PostgreSQL a `date`) as ISO text."""
    return value if isinstance(value, str) else value.isoformat()


def documents_by_week(session: Session) -> Rows:
    """Documents issued each week (Monday, UTC) by form, action and profile.

    Rows: week, form, action, profile, documents; by week, then form, action, profile.
    """
    week = week_start(DetainerRow.issued_at, dialect_of(session)).label("week")
    query = (
        select(
            week,
            DetainerRow.form,
            DeterminationRow.action,
            DeterminationRow.profile,
            func.count().label("documents"),
        )
        .join(DeterminationRow, DeterminationRow.id == DetainerRow.determination_id)
        .group_by(week, DetainerRow.form, DeterminationRow.action, DeterminationRow.profile)
        .order_by(week, DetainerRow.form, DeterminationRow.action, DeterminationRow.profile)
    )
    return [
        {"week": _day(w), "form": form, "action": action, "profile": profile, "documents": n}
        for w, form, action, profile, n in session.execute(query)
    ]


def lift_reasons(session: Session) -> Rows:
    """Lifted documents by public lift reason and form, with each reason's share of all lifts.

    Rows: lift_reason, form, lifted, share; most frequent first.
    """
    reason = func.coalesce(DetainerRow.lift_reason, NO_REASON).label("lift_reason")
    query = (
        select(reason, DetainerRow.form, func.count().label("lifted"))
        .where(DetainerRow.status == "lifted")
        .group_by(reason, DetainerRow.form)
    )
    found = [(str(r), str(form), int(n)) for r, form, n in session.execute(query)]
    total = sum(n for _, _, n in found)
    found.sort(key=lambda row: (-row[2], row[0], row[1]))
    return [
        {"lift_reason": r, "form": form, "lifted": n, "share": share(n, total)}
        for r, form, n in found
    ]


@dataclass(frozen=True, slots=True)
class HoursBins:
    """The hold-hours histogram's bins: `width` hours each up to `top`, then one open bin."""

    width: int = 12
    top: int = 120

    def __post_init__(self) -> None:
        if self.width <= 0 or self.top <= 0 or self.top % self.width:
            raise ValueError(
                f"top ({self.top}) must be a positive multiple of width ({self.width})"
            )

    @property
    def count(self) -> int:
        """How many bins, the open one included."""
        return self.top // self.width + 1

    def label(self, index: int) -> str:
        """ "0-12 h", ..., "120 h or more"."""
        low = index * self.width
        return f"{low} h or more" if low >= self.top else f"{low}-{low + self.width} h"


def hold_hours(
    session: Session, *, as_of: datetime | None = None, bins: HoursBins | None = None
) -> Rows:
    """I-247A holds past the release time, as a histogram of hours by profile.

    A hold runs from the jail's release time (`release_at`) to the first of custody, the
    lift, the lapse or (for a detainer still in force) the earlier of the hold's expiry
    and `as_of` (default now). Only holds that lasted (ended after the release time)
    count. Rows: bin, from_hours, to_hours (None for the open bin), profile, holds,
    hours (their sum), max_hours; every bin from 0 to the longest, per profile.
    """
    bins = bins or HoursBins()
    dialect = dialect_of(session)
    now = literal(as_of or datetime.now(UTC), UtcDateTime())
    in_force = case((DetainerRow.hold_expires_at < now, DetainerRow.hold_expires_at), else_=now)
    end = func.coalesce(
        DetainerRow.custody_at, DetainerRow.lifted_at, DetainerRow.lapsed_at, in_force
    )
    held = (
        select(
            DeterminationRow.profile.label("profile"),
            hours_between(DetainerRow.release_at, end, dialect).label("hours"),
        )
        .join(DeterminationRow, DeterminationRow.id == DetainerRow.determination_id)
        .where(DetainerRow.form == "I-247A", DetainerRow.release_at.is_not(None))
        .subquery()
    )
    index = case(
        *[(held.c.hours < (i + 1) * bins.width, i) for i in range(bins.count - 1)],
        else_=bins.count - 1,
    ).label("bin")
    query = (
        select(
            index,
            held.c.profile,
            func.count().label("holds"),
            func.sum(held.c.hours),
            func.max(held.c.hours),
        )
        .where(held.c.hours > 0)
        .group_by(index, held.c.profile)
    )
    found = {
        (int(i), str(p)): (int(n), float(total), float(longest))
        for i, p, n, total, longest in session.execute(query)
    }
    return _histogram(found, bins)


def _histogram(found: dict[tuple[int, str], tuple[int, float, float]], bins: HoursBins) -> Rows:
    """Every bin up to the longest hold, for each profile (empty bins shown as 0)."""
    if not found:
        return []
    last = max(i for i, _ in found)
    rows: Rows = []
    for profile in sorted({p for _, p in found}):
        for i in range(last + 1):
            n, total, longest = found.get((i, profile), (0, 0.0, -1.0))
            low = i * bins.width
            rows.append(
                {
                    "bin": bins.label(i),
                    "from_hours": low,
                    "to_hours": None if low >= bins.top else low + bins.width,
                    "profile": profile,
                    "holds": n,
                    "hours": round(total, 2),
                    "max_hours": round(longest, 2) if n else None,
                }
            )
    return rows


def hold_summary(histogram: Sequence[Mapping[str, Any]]) -> dict[str, float | int | None]:
    """Holds, their total, mean and longest hours, from `hold_hours`' rows."""
    holds = sum(int(r["holds"]) for r in histogram)
    hours = sum(float(r["hours"]) for r in histogram)
    longest = [float(r["max_hours"]) for r in histogram if r["max_hours"] is not None]
    return {
        "holds": holds,
        "hours": round(hours, 2),
        "mean_hours": round(hours / holds, 2) if holds else None,
        "max_hours": max(longest) if longest else None,
    }


def cases_by_status(session: Session) -> Rows:
    """Cases by status. Rows: status, cases; most first."""
    query = (
        select(CaseRow.status, func.count().label("cases"))
        .group_by(CaseRow.status)
        .order_by(func.count().desc(), CaseRow.status)
    )
    return [{"status": status, "cases": n} for status, n in session.execute(query)]


def cases_by_action(session: Session) -> Rows:
    """Cases by their latest action and profile. Rows: action, profile, cases."""
    action = func.coalesce(CaseRow.action, NONE_YET).label("action")
    profile = func.coalesce(CaseRow.profile, NONE_YET).label("profile")
    query = (
        select(action, profile, func.count().label("cases"))
        .group_by(action, profile)
        .order_by(action, profile)
    )
    return [{"action": a, "profile": p, "cases": n} for a, p, n in session.execute(query)]
