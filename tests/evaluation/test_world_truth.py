"""A simulated world's truth as labels, and wrong links to final orders."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from probable.evaluation.world_truth import (
    LINK_KINDS,
    booking_persons,
    final_order_records,
    world_record_labels,
    wrong_final_order_links,
)
from probable.world.output import WORLD_FILE
from probable.world.schemas import RECORD_COLUMNS, SOURCES
from probable.world.simulate import SimulationResult
from probable.world.truth import TruthReader


def _links(rows: list[tuple[str, str, float, str]]) -> pa.Table:
    return pa.table(
        {
            "booking_id": pa.array([r[0] for r in rows], pa.string()),
            "record_id": pa.array([r[1] for r in rows], pa.string()),
            "match_probability": pa.array([r[2] for r in rows], pa.float64()),
            "link_kind": pa.array([r[3] for r in rows], pa.string()),
        }
    )


def test_every_record_of_every_record_table_has_a_label(small_world: SimulationResult) -> None:
    labels = world_record_labels(small_world.out)
    assert labels.column_names == ["record_id", "source", "label"]
    labelled = labels["record_id"].to_pylist()
    assert len(labelled) == len(set(labelled))
    assert labels["label"].null_count == 0
    con = duckdb.connect(str(small_world.out / WORLD_FILE), read_only=True)
    try:
        records = {
            f"{source}:{row[0]}"
            for source in SOURCES
            for row in con.execute(
                f"SELECT {RECORD_COLUMNS[source].record_id} FROM {source}"
            ).fetchall()
        }
    finally:
        con.close()
    assert records == set(labelled)
    assert {s.split(":", 1)[0] for s in labelled} == set(SOURCES)


def test_booking_persons_cover_every_booking(small_world: SimulationResult) -> None:
    bookings = booking_persons(small_world.out)
    assert bookings.column_names == ["booking_id", "person_id"]
    assert bookings.num_rows == 2_000
    assert bookings["person_id"].null_count == 0


@pytest.fixture(scope="module")
def final_orders(small_world: SimulationResult) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = final_order_records(small_world.out).to_pylist()
    return rows


def test_final_orders_belong_to_people_whose_truth_shows_one(
    small_world: SimulationResult, final_orders: list[dict[str, object]]
) -> None:
    assert final_orders
    assert {r["source"] for r in final_orders} == {"eid", "eoir"}
    with TruthReader(small_world.out) as truth:
        ordered = dict(
            truth.connection.execute(
                "SELECT person_id, valid_from FROM status_history WHERE status = 'final_order'"
            ).fetchall()
        )
    for record in final_orders:
        assert ordered.get(record["person_id"]) == record["order_date"], record


def test_a_link_to_someone_elses_final_order_is_counted(
    small_world: SimulationResult, final_orders: list[dict[str, object]]
) -> None:
    booked = {r["booking_id"]: r["person_id"] for r in booking_persons(small_world.out).to_pylist()}
    owner = {r["record_id"]: r["person_id"] for r in final_orders}
    # A booking of someone with a final order, linked to their own order: correct.
    own_booking, own_order = next(
        (b, r) for b, p in sorted(booked.items()) for r, o in owner.items() if o == p
    )
    # Another booking linked to that same order: wrong.
    other_booking = next(b for b, p in sorted(booked.items()) if p != owner[own_order])
    links = _links(
        [
            (own_booking, own_order, 1.0, "fingerprint"),
            (other_booking, own_order, 0.93, "biographic"),
            (other_booking, "ident:NOT-AN-ORDER", 0.99, "identity"),
        ]
    )
    report = wrong_final_order_links(links, small_world.out)
    assert (report.links, report.bookings, report.bookings_to_final_orders) == (3, 2, 2)
    assert report.wrong_bookings == 1
    assert report.wrong_bookings_by_kind == {"fingerprint": 0, "biographic": 1, "identity": 0}
    (wrong,) = report.wrong_links
    assert (wrong.booking_id, wrong.record_id, wrong.link_kind) == (
        other_booking,
        own_order,
        "biographic",
    )
    assert wrong.match_probability == pytest.approx(0.93)
    assert wrong.record_owner == owner[own_order] != wrong.booked_person
    assert report.as_dict()["wrong_links"][0]["booking_id"] == other_booking


def test_bad_links_are_refused_by_name(small_world: SimulationResult) -> None:
    with pytest.raises(ValueError, match="telepathy"):
        wrong_final_order_links(
            _links([("BK00000001", "eid:X", 1.0, "telepathy")]), small_world.out
        )
    with pytest.raises(ValueError, match="BK-NONE"):
        wrong_final_order_links(_links([("BK-NONE", "eid:X", 1.0, LINK_KINDS[0])]), small_world.out)
    with pytest.raises(ValueError, match="link_kind"):
        wrong_final_order_links(
            _links([("BK00000001", "eid:X", 1.0, "identity")]).drop_columns(["link_kind"]),
            small_world.out,
        )


def test_a_directory_without_a_world_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        world_record_labels(tmp_path)
