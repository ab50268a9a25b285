"""Keeping records with conflicting FINs or A-numbers in separate identities."""

from __future__ import annotations

import duckdb
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from probable.identity.constrain import keep_conflicts_apart
from probable.sources.slips import all_within_one_slip
from tests.conftest import WorldIdentity

THRESHOLD = 0.99


def _tables(
    records: list[tuple[str, str, str | None, str | None]],
    links: list[tuple[str, str, float, float]],
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(uid, cluster, fin, a_number) rows and (uid_l, uid_r, p, weight) links."""
    clusters = pa.table(
        {"uid": [r[0] for r in records], "cluster_id": [r[1] for r in records]},
        schema=pa.schema([("uid", pa.string()), ("cluster_id", pa.string())]),
    )
    prepared = pa.table(
        {"uid": [r[0] for r in records], "fin": [r[2] for r in records],
         "a_number": [r[3] for r in records]},
        schema=pa.schema([("uid", pa.string()), ("fin", pa.string()), ("a_number", pa.string())]),
    )  # fmt: skip
    scored = pa.table(
        {"uid_l": [lk[0] for lk in links], "uid_r": [lk[1] for lk in links],
         "match_probability": [lk[2] for lk in links], "match_weight": [lk[3] for lk in links]},
        schema=pa.schema([("uid_l", pa.string()), ("uid_r", pa.string()),
                          ("match_probability", pa.float64()), ("match_weight", pa.float64())]),
    )  # fmt: skip
    return clusters, scored, prepared


def _ids(table: pa.Table) -> dict[str, str]:
    return dict(zip(table["uid"].to_pylist(), table["cluster_id"].to_pylist(), strict=True))


def test_two_fins_joined_by_a_bare_record_are_split_and_the_record_joins_neither() -> None:
    # a and b: two IDENT records of namesakes; n: a record with neither identifier that
    # links both equally; c: a second record of a's, carrying a's FIN.
    clusters, links, prepared = _tables(
        [("a", "a", "F1", None), ("b", "a", "F2", None), ("c", "a", "F1", "A1"),
         ("n", "a", None, None)],
        [("a", "n", 0.9999, 20.0), ("b", "n", 0.9999, 20.0), ("a", "c", 0.9999, 25.0),
         ("a", "b", 0.995, 8.0)],
    )  # fmt: skip
    result = keep_conflicts_apart(clusters, links, prepared, THRESHOLD)
    ids = _ids(result.clusters)
    assert ids["a"] == ids["c"] == "a"
    assert ids["b"] == "b"
    assert ids["n"] == "n"
    assert (result.split, result.added) == (1, 2)


def test_a_bare_record_far_closer_to_one_side_stays_with_it() -> None:
    clusters, links, prepared = _tables(
        [("a", "a", "F1", None), ("b", "a", "F2", None), ("n", "a", None, None)],
        [("a", "n", 0.99999, 30.0), ("b", "n", 0.999, 10.0)],
    )
    ids = _ids(keep_conflicts_apart(clusters, links, prepared, THRESHOLD).clusters)
    assert ids == {"a": "a", "n": "a", "b": "b"}


def test_an_a_number_typing_slip_is_no_conflict() -> None:
    clusters, links, prepared = _tables(
        [("a", "a", None, "A123456789"), ("b", "a", None, "A123456798")],
        [("a", "b", 0.9999, 20.0)],
    )
    result = keep_conflicts_apart(clusters, links, prepared, THRESHOLD)
    assert set(_ids(result.clusters).values()) == {"a"}
    assert result.split == 0


def test_links_below_the_threshold_join_nothing() -> None:
    clusters, links, prepared = _tables(
        [("a", "a", None, "A111111111"), ("b", "a", None, "A999999999"),
         ("c", "a", None, None)],
        [("a", "c", 0.9999, 20.0), ("b", "c", 0.5, 0.0)],
    )  # fmt: skip
    ids = _ids(keep_conflicts_apart(clusters, links, prepared, THRESHOLD).clusters)
    assert ids == {"a": "a", "c": "a", "b": "b"}


def test_clusters_without_a_conflict_are_left_as_they_are() -> None:
    clusters, links, prepared = _tables(
        [("a", "a", "F1", "A1"), ("b", "a", "F1", None), ("x", "x", "F9", None)],
        [("a", "b", 0.9999, 20.0)],
    )
    result = keep_conflicts_apart(clusters, links, prepared, THRESHOLD)
    assert _ids(result.clusters) == {"a": "a", "b": "a", "x": "x"}
    assert result.split == 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "F1", "F2", "F3"]),
            st.sampled_from([None, "A100000000", "A100000001", "A555555555"]),
        ),
        min_size=2,
        max_size=9,
    ),
    st.data(),
)
def test_no_identity_holds_a_conflict_and_none_crosses_a_cluster(
    hard: list[tuple[str | None, str | None]], data: st.DataObject
) -> None:
    uids = [f"r{i}" for i in range(len(hard))]
    # Two Splink clusters: the first half and the rest.
    half = len(uids) // 2
    cluster_of = {u: (uids[0] if i < half else uids[half]) for i, u in enumerate(uids)}
    pairs = [(a, b) for i, a in enumerate(uids) for b in uids[i + 1 :]]
    chosen = data.draw(st.lists(st.sampled_from(pairs), unique=True))
    weights = data.draw(st.lists(st.floats(-5, 40), min_size=len(chosen), max_size=len(chosen)))
    clusters, links, prepared = _tables(
        [(u, cluster_of[u], *hard[i]) for i, u in enumerate(uids)],
        [(a, b, 0.999 if w > 10 else 0.5, w) for (a, b), w in zip(chosen, weights, strict=True)],
    )
    ids = _ids(keep_conflicts_apart(clusters, links, prepared, THRESHOLD).clusters)
    assert set(ids) == set(uids)
    groups: dict[str, list[int]] = {}
    for i, u in enumerate(uids):
        groups.setdefault(ids[u], []).append(i)
    for members in groups.values():
        assert len({cluster_of[uids[i]] for i in members}) == 1
        fins = {hard[i][0] for i in members} - {None}
        a_numbers = {hard[i][1] for i in members} - {None}
        assert len(fins) <= 1
        assert all_within_one_slip(a_numbers, a_numbers)


def test_no_identity_in_the_small_world_holds_two_fins(world_identity: WorldIdentity) -> None:
    con = duckdb.connect(str(world_identity.index_path), read_only=True)
    try:
        two = con.execute("SELECT count(*) FROM identities WHERE len(fins) > 1").fetchone()
        split = con.execute("SELECT count(*) FROM identities").fetchone()
    finally:
        con.close()
    assert two == (0,)
    assert split is not None and split[0] == world_identity.summary.identities
    assert world_identity.summary.identities_split > 0
