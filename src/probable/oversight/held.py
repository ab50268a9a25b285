"""Citizens and non-removable people held: the case store's I-247A detainers against the truth.

Only `probable.evaluation` may read a simulated world's truth, so the oversight layer
never opens it: the caller passes a `HeldTruth`, a function from booking ids to what
the truth says of each booked person (`probable.evaluation.held_truth.truth_labels`
bound to a world directory). Without one these figures are unknown, as they are for
any real store. A detainer counts as a hold on its person once issued, whatever came
of it (as the what-if counts holds); a booking the truth does not know is left out
of the shares and counted as unlabelled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from probable.oversight.tables import Rows, share
from probable.store.models import BookingRow, CaseRow, DetainerRow, DeterminationRow


class HeldTruth(Protocol):
    """What the truth says of each booked person, by booking id.

    The answer maps a booking id to `{"citizen": bool, "removable": bool}`; a booking id
    the truth does not know is left out.
    """

    def __call__(self, booking_ids: Sequence[str], /) -> Mapping[str, Mapping[str, bool]]: ...


class CachedTruth:
    """A `HeldTruth` that asks the wrapped one only about booking ids it has not seen.

    A world's truth never changes, so a dashboard reloaded every minute reads each
    booking's truth once.
    """

    def __init__(self, truth: HeldTruth) -> None:
        self._truth = truth
        self._known: dict[str, Mapping[str, bool] | None] = {}

    def __call__(self, booking_ids: Sequence[str], /) -> Mapping[str, Mapping[str, bool]]:
        new = [b for b in dict.fromkeys(booking_ids) if b not in self._known]
        if new:
            found = self._truth(new)
            for booking_id in new:
                self._known[booking_id] = found.get(booking_id)
        return {b: label for b in booking_ids if (label := self._known[b]) is not None}


def held_on_truth(session: Session, truth: HeldTruth) -> Rows:
    """I-247A detainers on U.S. citizens and on people who could not be removed, by profile.

    Rows: profile, detainers, labelled, us_citizens, us_citizen_share, not_removable,
    not_removable_share, wrongful (either), wrongful_share; shares of the labelled
    detainers. A person not removable is a noncitizen the truth says could not be removed.
    """
    query = (
        select(DeterminationRow.profile, BookingRow.booking_id, func.count())
        .select_from(DetainerRow)
        .join(DeterminationRow, DeterminationRow.id == DetainerRow.determination_id)
        .join(CaseRow, CaseRow.id == DetainerRow.case_id)
        .join(BookingRow, BookingRow.id == CaseRow.booking_row_id)
        .where(DetainerRow.form == "I-247A")
        .group_by(DeterminationRow.profile, BookingRow.booking_id)
    )
    held = [(str(p), str(b), int(n)) for p, b, n in session.execute(query)]
    labels = truth(sorted({b for _, b, _ in held}))
    counts: dict[str, Counter[str]] = {}
    for profile, booking_id, n in held:
        tally = counts.setdefault(profile, Counter())
        tally["detainers"] += n
        label = labels.get(booking_id)
        if label is None:
            continue
        citizen = bool(label["citizen"])
        not_removable = not citizen and not bool(label["removable"])
        tally["labelled"] += n
        tally["us_citizens"] += n * citizen
        tally["not_removable"] += n * not_removable
        tally["wrongful"] += n * (citizen or not_removable)
    return [_row(profile, counts[profile]) for profile in sorted(counts)]


def _row(profile: str, tally: Counter[str]) -> dict[str, str | int | float | None]:
    labelled = tally["labelled"]
    return {
        "profile": profile,
        "detainers": tally["detainers"],
        "labelled": labelled,
        "us_citizens": tally["us_citizens"],
        "us_citizen_share": share(tally["us_citizens"], labelled),
        "not_removable": tally["not_removable"],
        "not_removable_share": share(tally["not_removable"], labelled),
        "wrongful": tally["wrongful"],
        "wrongful_share": share(tally["wrongful"], labelled),
    }


def held_totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, int | float | None]:
    """`held_on_truth`'s rows summed over every profile, with the shares recomputed."""
    keys = ("detainers", "labelled", "us_citizens", "not_removable", "wrongful")
    sums = {k: sum(int(r[k]) for r in rows) for k in keys}
    return {
        **sums,
        "us_citizen_share": share(sums["us_citizens"], sums["labelled"]),
        "not_removable_share": share(sums["not_removable"], sums["labelled"]),
        "wrongful_share": share(sums["wrongful"], sums["labelled"]),
    }
