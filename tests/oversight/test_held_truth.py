"""`probable.evaluation.held_truth`: a simulated world's truth as the labels oversight counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from probable.evaluation.corroboration import read_person_truth
from probable.evaluation.held_truth import truth_labels, world_truth
from probable.oversight.held import CachedTruth
from probable.sources import read_world_booking_events
from tests.conftest import build_world


@pytest.fixture(scope="module")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A world of 3,000 people and 300 bookings (about a second to simulate)."""
    out = tmp_path_factory.mktemp("held_truth") / "world"
    build_world(out, persons=3_000, bookings=300, seed=11)
    return out


def test_labels_are_the_persons_truth(tiny_world: Path) -> None:
    ids = [e.booking_id for e in read_world_booking_events(tiny_world)]
    labels = truth_labels(tiny_world, [*ids, "not-a-booking"])
    people = read_person_truth(tiny_world, ids)
    assert set(labels) == set(people) == set(ids)
    for booking_id, person in people.items():
        assert labels[booking_id] == {"citizen": person.citizen, "removable": person.removable}
    assert any(v["citizen"] for v in labels.values())
    assert any(not v["citizen"] and not v["removable"] for v in labels.values())
    assert truth_labels(tiny_world, []) == {}


def test_world_truth_binds_the_world(tiny_world: Path, tmp_path: Path) -> None:
    truth = world_truth(tiny_world)
    assert truth is not None
    first = read_world_booking_events(tiny_world)[0].booking_id
    assert CachedTruth(truth)([first]) == truth_labels(tiny_world, [first])
    assert world_truth(tmp_path) is None
