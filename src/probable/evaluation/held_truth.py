"""The truth about booked people as plain labels, for oversight figures on a simulated world.

`probable.oversight` may not read the truth; the CLI binds `truth_labels` to a world
directory (`world_truth`) and passes it in (oversight's `HeldTruth`), so the dashboard
can show how many detainers fell on U.S. citizens and on people who could not be
removed. Only the two labels leave this module, never the rest of a person's truth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from probable.evaluation.corroboration import read_person_truth
from probable.world.truth import TRUTH_FILE

Labels = dict[str, dict[str, bool]]


def truth_labels(world_dir: Path, booking_ids: Sequence[str]) -> Labels:
    """For each booking id the world knows: `{"citizen": ..., "removable": ...}` on the booking day.

    Booking ids the world does not hold (a booking posted from elsewhere) are left out.
    """
    if not booking_ids:
        return {}
    people = read_person_truth(world_dir, booking_ids)
    return {
        booking_id: {"citizen": person.citizen, "removable": person.removable}
        for booking_id, person in people.items()
    }


def world_truth(world_dir: Path) -> Callable[[Sequence[str]], Labels] | None:
    """`truth_labels` bound to a simulated world; None when the directory holds no truth."""
    if not (world_dir / TRUTH_FILE).is_file():
        return None
    return partial(truth_labels, world_dir)
