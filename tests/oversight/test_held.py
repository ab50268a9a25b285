"""Detainers held on citizens and non-removable people, from a truth function passed in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session, sessionmaker

from probable.oversight.held import CachedTruth, held_on_truth, held_totals
from probable.oversight.panels import PANELS
from tests.oversight.store_rows import KNOWN_HELD, TRUTH


class FakeTruth:
    """The known bookings' truth; remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def __call__(self, booking_ids: Sequence[str], /) -> Mapping[str, Mapping[str, bool]]:
        self.asked.append(list(booking_ids))
        return {b: TRUTH[b] for b in booking_ids if b in TRUTH}


def test_held_on_truth_by_profile(known: sessionmaker[Session]) -> None:
    truth = FakeTruth()
    with known() as session:
        rows = held_on_truth(session, truth)
    assert rows == KNOWN_HELD
    # Only the I-247A detainers' bookings are asked about (B4 had an I-247G, B7, B8 none).
    assert truth.asked == [["B1", "B2", "B3", "B5", "B6", "B9"]]


def test_totals_and_the_text_alternative() -> None:
    totals = held_totals(KNOWN_HELD)
    assert totals == {
        "detainers": 6,
        "labelled": 5,
        "us_citizens": 2,
        "not_removable": 1,
        "wrongful": 3,
        "us_citizen_share": 0.4,
        "not_removable_share": 0.2,
        "wrongful_share": 0.6,
    }
    text = PANELS["held_on_truth"].describe(KNOWN_HELD)
    assert "of 5 detainers" in text
    assert "2 (40.0%) were on U.S. citizens" in text
    assert "1 (20.0%) on people who could not be removed" in text


def test_no_truth_for_any_booking() -> None:
    assert held_totals([])["us_citizen_share"] is None
    assert "No I-247A detainer" in PANELS["held_on_truth"].describe([])


def test_the_cache_asks_once_per_booking() -> None:
    truth = FakeTruth()
    cached = CachedTruth(truth)
    assert cached(["B1", "B9"]) == {"B1": TRUTH["B1"]}
    assert cached(["B9", "B1", "B2"]) == {"B1": TRUTH["B1"], "B2": TRUTH["B2"]}
    assert cached(["B2"]) == {"B2": TRUTH["B2"]}
    assert truth.asked == [["B1", "B9"], ["B2"]]
