"""Known answers: the hand-made people.csv, linked by a model trained on the small world.

Each designed pair names the error it carries and the comparison level that must
catch it. True pairs must reach p >= 0.9 and non-pairs stay below 0.5; the level
labels are checked too, so a pair still linked by other evidence after its level
was removed fails all the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pytest

from probable.identity import IdentityIndex, Link
from probable.identity.prepare import prepare_one
from tests.identity.conftest import uid

NICKNAME = "Nickname or formal name of each other"
OTHER = "All other comparisons"


@dataclass(frozen=True)
class Pair:
    """Two records of the fixture and the level each named comparison must reach."""

    left: str
    right: str
    levels: dict[str, str]
    why: str


TRUE_PAIRS = (
    Pair("ident:I-0001", "eid:E-0001", {"fin": "Exact match on fin"}, "duplicate in capitals"),
    Pair(
        "ident:I-0001",
        "cis:C-0001",
        {"a_number": "Exact match on a_number", "sex": "Exact match on sex"},
        "duplicate: A-number without its A, sex spelled out",
    ),
    Pair("iii:N-0001", "passports:P-0001", {"given_name": NICKNAME}, "william / bill"),
    Pair("cis:C-0002", "iii:N-0002", {"given_name": NICKNAME}, "francisco / paco"),
    Pair(
        "eoir:R-0001",
        "claims3:K-0001",
        {"surname": "Same surnames in another order", "given_name": "Exact match on given_name"},
        "garcia + lopez / lopez garcia (and María / Maria)",
    ),
    Pair(
        "claims3:K-0001",
        "iii:N-0003",
        {"surname": "Same surnames in another order"},
        "lopez garcia / garcia-lopez",
    ),
    Pair(
        "ident:I-0002",
        "iii:N-0005",
        {
            "given_name": "Given name recorded as the family name",
            "surname": "Family name recorded as the given name",
        },
        "mei zhang / zhang mei",
    ),
    Pair(
        "adis:A-0001",
        "eoir:R-0002",
        {"date_of_birth": "Day and month swapped"},
        "1985-03-07 / 1985-07-03",
    ),
    Pair(
        "cis:C-0003",
        "claims4:K-0002",
        {"a_number": "Damerau-Levenshtein distance of a_number <= 1"},
        "A087654321 / A087654312",
    ),
    Pair(
        "adis:A-0002",
        "eoir:R-0003",
        {
            "given_name": "Given and middle names swapped",
            "middle_name": "Given and middle names swapped",
        },
        "juan carlos / carlos juan",
    ),
    Pair(
        "iii:N-0006",
        "passports:P-0002",
        {"date_of_birth": "Exact match on dob_text"},
        "john smith, same date of birth",
    ),
)

NON_PAIRS = (
    Pair(
        "iii:N-0006",
        "iii:N-0007",
        {"given_name": "Exact match on given_name", "date_of_birth": OTHER},
        "john smith born 1970 / john smith born 1988",
    ),
    Pair(
        "eoir:R-0001",
        "iii:N-0004",
        {"surname": "Exact match on family_name", "date_of_birth": OTHER},
        "maria garcia (lopez) born 1983 / maria garcia born 1992",
    ),
    Pair(
        "cis:C-0004",
        "cis:C-0005",
        {"given_name": OTHER, "date_of_birth": "Exact match on dob_text", "a_number": OTHER},
        "twins jose and juan ramirez, own A-numbers",
    ),
    Pair(
        "vital_records:V-0001",
        "vital_records:V-0002",
        {"given_name": OTHER, "date_of_birth": "Exact match on dob_text"},
        "twins sofia and lucia castillo, nothing else to tell them apart",
    ),
)


def _ids(pairs: tuple[Pair, ...]) -> list[str]:
    return [p.why for p in pairs]


@pytest.fixture(scope="module")
def people_by_uid(people: pa.Table) -> dict[str, dict[str, object]]:
    return {uid(row): row for row in people.to_pylist()}


def _link(index: IdentityIndex, subject: dict[str, object], other: str) -> Link:
    """The link from `subject` to record `other`, which must be among its candidates."""
    links = {lk.uid: lk for lk in index.lookup(subject, limit=1_000).links}
    assert other in links, f"{other} is not a candidate of {uid(subject)}"
    return links[other]


def _levels(link: Link) -> dict[str, str]:
    return {c.comparison: c.level for c in link.contributions}


def test_designed_pairs_carry_the_fixture_labels(
    people_by_uid: dict[str, dict[str, object]],
) -> None:
    for pair in TRUE_PAIRS:
        assert people_by_uid[pair.left]["person"] == people_by_uid[pair.right]["person"]
    for pair in NON_PAIRS:
        assert people_by_uid[pair.left]["person"] != people_by_uid[pair.right]["person"]


@pytest.mark.parametrize("pair", TRUE_PAIRS, ids=_ids(TRUE_PAIRS))
def test_true_pair_is_linked_at_its_level(
    pair: Pair, people_index: IdentityIndex, people_by_uid: dict[str, dict[str, object]]
) -> None:
    forward = _link(people_index, people_by_uid[pair.left], pair.right)
    backward = _link(people_index, people_by_uid[pair.right], pair.left)
    assert forward.probability >= 0.9
    assert backward.probability == pytest.approx(forward.probability, abs=1e-12)
    levels = _levels(forward)
    assert {name: levels[name] for name in pair.levels} == pair.levels


@pytest.mark.parametrize("pair", NON_PAIRS, ids=_ids(NON_PAIRS))
def test_non_pair_is_scored_and_not_linked(
    pair: Pair, people_index: IdentityIndex, people_by_uid: dict[str, dict[str, object]]
) -> None:
    left, right = people_by_uid[pair.left], people_by_uid[pair.right]
    candidates = {lk.uid for lk in people_index.lookup(left, limit=1_000).links}
    if pair.right not in candidates:
        # Never compared: the pair shares no blocking key (same names, other year and
        # other month and day), which is the blocking's design, not a miss.
        shared = set(people_index.blocking_keys(prepare_one(left))) & set(
            people_index.blocking_keys(prepare_one(right))
        )
        assert not shared, shared
        return
    link = _link(people_index, left, pair.right)
    assert link.probability < 0.5
    assert link not in people_index.lookup(people_by_uid[pair.left]).linked()
    levels = _levels(link)
    assert {name: levels[name] for name in pair.levels} == pair.levels


def test_identities_are_the_designed_people(people: pa.Table, people_index: IdentityIndex) -> None:
    """At the model's threshold, the clusters are exactly the fixture's people."""
    person = {uid(row): row["person"] for row in people.to_pylist()}
    con = duckdb.connect(str(people_index.path), read_only=True)
    try:
        cluster_of = dict(con.sql("SELECT uid, cluster_id FROM records").fetchall())
    finally:
        con.close()
    by_cluster: defaultdict[str, set[object]] = defaultdict(set)
    by_person: defaultdict[object, set[str]] = defaultdict(set)
    for record, cluster in cluster_of.items():
        by_cluster[cluster].add(person[record])
        by_person[person[record]].add(cluster)
    assert len(cluster_of) == len(person)
    assert {c: p for c, p in by_cluster.items() if len(p) > 1} == {}
    assert {p: c for p, c in by_person.items() if len(c) > 1} == {}
