"""FBI numbers: III's criminal history carries the person's, and NGI returns it for a
booking's prints once the person has a record."""

from __future__ import annotations

import duckdb

from probable.world.output import WORLD_FILE
from probable.world.simulate import SimulationResult
from probable.world.truth import TRUTH_FILE


def test_a_booking_carries_the_fbi_number_of_the_persons_earlier_records(
    small_world: SimulationResult,
) -> None:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{small_world.out / WORLD_FILE}' AS w (READ_ONLY)")
        con.execute(f"ATTACH '{small_world.out / TRUTH_FILE}' AS t (READ_ONLY)")
        # One FBI number per person across their III records, none shared by two people.
        per_person = con.execute(
            """SELECT count(DISTINCT i.fbi_number), count(DISTINCT o.person_id)
               FROM w.iii i JOIN t.record_owners o
                 ON o.source = 'iii' AND o.record_id = i.charge_id
               GROUP BY o.person_id HAVING count(DISTINCT i.fbi_number) <> 1"""
        ).fetchall()
        shared = con.execute(
            """SELECT i.fbi_number FROM w.iii i JOIN t.record_owners o
                 ON o.source = 'iii' AND o.record_id = i.charge_id
               GROUP BY i.fbi_number HAVING count(DISTINCT o.person_id) > 1"""
        ).fetchall()
        rows = con.execute(
            """SELECT b.fbi_number, min(i.fbi_number), min(i.conviction_date),
                      bt.booked_day
               FROM w.bookings b JOIN t.booking_truth bt USING (booking_id)
               LEFT JOIN t.record_owners o
                 ON o.source = 'iii' AND o.person_id = bt.person_id
               LEFT JOIN w.iii i ON i.charge_id = o.record_id
               GROUP BY b.booking_id, b.fbi_number, bt.booked_day"""
        ).fetchall()
    finally:
        con.close()
    assert per_person == [] and shared == []
    returned = 0
    for booked, own, first, day in rows:
        if booked is not None:
            returned += 1
            assert booked == own  # the person's own number, never another's
            assert first is not None and first <= day
        elif own is not None:
            assert first > day  # the record came later: NGI held nothing yet
    assert returned > 300
