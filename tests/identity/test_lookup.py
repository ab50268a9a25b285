"""The single-subject lookup gives Splink's batch scores, and marks fingerprint links."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from probable.identity import IdentityIndex
from probable.identity.score import probability
from probable.sources import read_world_bookings
from probable.world.simulate import SimulationResult
from tests.identity.conftest import WorldIdentity, uid

#: Stored links checked from each probability band (below and at the threshold).
SAMPLE = 50


@pytest.fixture(scope="module")
def stored_links(world_identity: WorldIdentity) -> list[tuple[str, str, float, float]]:
    """Links from the batch build, evenly spread over those below and above the threshold."""
    con = duckdb.connect(str(world_identity.index_path), read_only=True)
    try:
        rows: list[tuple[str, str, float, float]] = con.sql(
            "SELECT uid_l, uid_r, match_probability, match_weight FROM links ORDER BY uid_l, uid_r"
        ).fetchall()
    finally:
        con.close()
    threshold = world_identity.model.threshold
    weak = [r for r in rows if r[2] < threshold]
    strong = [r for r in rows if r[2] >= threshold]
    assert len(weak) >= SAMPLE
    assert len(strong) >= SAMPLE
    return weak[:: len(weak) // SAMPLE][:SAMPLE] + strong[:: len(strong) // SAMPLE][:SAMPLE]


@pytest.fixture(scope="module")
def bookings(small_world: SimulationResult) -> pa.Table:
    return read_world_bookings(small_world.out)


def test_lookup_reproduces_each_stored_link(
    stored_links: list[tuple[str, str, float, float]],
    world_index: IdentityIndex,
    world_records_by_uid: dict[str, dict[str, object]],
) -> None:
    for left, right, p, weight in stored_links:
        for subject, other in ((left, right), (right, left)):
            result = world_index.lookup(world_records_by_uid[subject], limit=1_000)
            links = {lk.uid: lk for lk in result.links}
            assert other in links, (subject, other)
            assert abs(links[other].probability - p) < 1e-9, (subject, other)
            assert abs(links[other].match_weight - weight) < 1e-9, (subject, other)


def test_lookup_many_agrees_with_lookup(
    stored_links: list[tuple[str, str, float, float]],
    world_index: IdentityIndex,
    world_records_by_uid: dict[str, dict[str, object]],
    bookings: pa.Table,
) -> None:
    rows = [world_records_by_uid[left] for left, *_ in stored_links[::4]]
    subjects = pa.concat_tables(
        [pa.Table.from_pylist(rows, schema=bookings.schema), bookings.slice(0, 60)]
    )
    many = world_index.lookup_many(subjects)
    assert [r.subject_id for r in many] == [uid(row) for row in subjects.to_pylist()]
    assert sum(len(r.links) for r in many) > len(subjects)
    for row, batch in zip(subjects.to_pylist(), many, strict=True):
        assert batch == world_index.lookup(row)


def test_contributions_add_up_to_the_match_weight(
    stored_links: list[tuple[str, str, float, float]],
    world_index: IdentityIndex,
    world_records_by_uid: dict[str, dict[str, object]],
) -> None:
    names = ["prior", *world_index.model.comparison_names()]
    for left, *_ in stored_links[::10]:
        for link in world_index.lookup(world_records_by_uid[left]).links:
            assert [c.comparison for c in link.contributions] == names
            total = sum(c.match_weight for c in link.contributions)
            assert total == pytest.approx(link.match_weight, abs=1e-9)
            assert link.probability == probability(link.match_weight)


def _records_by_fin(records: pa.Table) -> dict[str, set[str]]:
    out: defaultdict[str, set[str]] = defaultdict(set)
    for row in records.filter(pc.is_valid(records["fin"])).to_pylist():
        out[row["fin"]].add(uid(row))
    return out


def test_booking_fin_marks_fingerprint_links(
    bookings: pa.Table, world_identity: WorldIdentity, world_index: IdentityIndex
) -> None:
    """Every record carrying the booking's FIN is a candidate, a fingerprint link if the
    biographics agree (probability at the threshold) and a conflict otherwise."""
    by_fin = _records_by_fin(world_identity.records)
    threshold = world_index.model.threshold
    fingerprinted = 0
    for subject, result in zip(
        bookings.to_pylist(), world_index.lookup_many(bookings), strict=True
    ):
        fin = subject["fin"]
        via_fin = {lk.uid: lk for lk in result.links if lk.kind != "biographic"}
        assert set(via_fin) == (by_fin.get(fin, set()) if fin else set())
        for link in via_fin.values():
            expected = "fingerprint" if link.probability >= threshold else "fingerprint_conflict"
            assert link.kind == expected
        fingerprint = {lk.uid for lk in result.linked() if lk.kind == "fingerprint"}
        assert fingerprint == {u for u, lk in via_fin.items() if lk.kind == "fingerprint"}
        fingerprinted += bool(fingerprint)
    with_fin = len(bookings) - bookings["fin"].null_count
    assert fingerprinted >= 0.95 * with_fin > 0


def test_fin_on_another_persons_biographics_is_a_conflict(
    bookings: pa.Table, world_identity: WorldIdentity, world_index: IdentityIndex
) -> None:
    by_fin = _records_by_fin(world_identity.records)
    results = world_index.lookup_many(bookings)
    fingerprinted = [
        row
        for row, result in zip(bookings.to_pylist(), results, strict=True)
        if any(lk.kind == "fingerprint" for lk in result.linked())
    ]
    owner = fingerprinted[0]
    stranger = next(r for r in fingerprinted if r["date_of_birth"] != owner["date_of_birth"])
    # The stranger's biographics, carrying the owner's FIN.
    subject = {**stranger, "record_id": "conflict", "fin": owner["fin"]}
    result = world_index.lookup(subject)
    conflicts = {lk.uid for lk in result.conflicts()}
    assert conflicts == by_fin[owner["fin"]]
    assert all(lk.kind == "fingerprint_conflict" for lk in result.conflicts())
    assert all(lk.probability < result.threshold for lk in result.conflicts())
    linked = {lk.uid for lk in result.linked()}
    assert linked, "the stranger's own records are still linked on biographics"
    assert not linked & conflicts
    assert {lk.kind for lk in result.linked()} == {"biographic"}


def test_booking_without_fin_has_only_biographic_links(
    bookings: pa.Table, world_index: IdentityIndex
) -> None:
    without = bookings.filter(pc.is_null(bookings["fin"])).slice(0, 50)
    results = world_index.lookup_many(without)
    assert any(r.linked() for r in results)
    assert {lk.kind for r in results for lk in r.links} == {"biographic"}


def test_limit_keeps_the_strongest_links(
    stored_links: list[tuple[str, str, float, float]],
    world_index: IdentityIndex,
    world_records_by_uid: dict[str, dict[str, object]],
) -> None:
    subject = world_records_by_uid[stored_links[0][0]]
    full = world_index.lookup(subject, limit=1_000)
    assert len(full.links) >= 2
    top = world_index.lookup(subject, limit=1)
    assert top == replace(full, links=full.links[:1])
    weights = [lk.match_weight for lk in full.links]
    assert weights == sorted(weights, reverse=True)


def test_result_as_dict_is_json_ready(
    stored_links: list[tuple[str, str, float, float]],
    world_index: IdentityIndex,
    world_records_by_uid: dict[str, dict[str, object]],
) -> None:
    result = world_index.lookup(world_records_by_uid[stored_links[0][0]])
    data = json.loads(json.dumps(result.as_dict()))
    assert data["subject_id"] == result.subject_id
    assert [lk["uid"] for lk in data["links"]] == [lk.uid for lk in result.links]
