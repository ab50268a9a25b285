"""Bad input: clear errors naming what is wrong, and no crash on odd but readable records."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import splink

from probable.identity import (
    IdentityIndex,
    IdentityIndexError,
    IdentityModel,
    ModelError,
    build_index,
    load_model,
    train_model,
)
from probable.identity.prepare import prepare_records
from probable.sources import (
    PERSON_RECORD_COLUMNS,
    SchemaError,
    clean_records,
    read_records_file,
)

LONG = "Ab" * 5_000
#: Raw values that cleaning turns into odd or empty ones: none of them may crash linkage.
ODD_ROWS: list[dict[str, Any]] = [
    {"given_name": "", "family_name": "", "date_of_birth": ""},
    {"given_name": None, "family_name": None, "date_of_birth": None},
    {"given_name": "Мария", "family_name": "Иванова", "date_of_birth": "1990-02-30"},
    {"given_name": "محمد", "family_name": "عبد الله", "date_of_birth": "31/12/1999"},
    {"given_name": "😀", "family_name": "🙂🙃", "date_of_birth": "1985-07-03"},
    {"given_name": "Jose\u0301", "family_name": "Garci\u0301a", "date_of_birth": "1985-07-03"},
    {"given_name": "José", "family_name": "García", "date_of_birth": "1985-03-07"},
    {"given_name": LONG, "family_name": LONG, "date_of_birth": LONG, "fin": "1" * 10_000},
    {"given_name": LONG, "family_name": LONG, "date_of_birth": "not a date", "fin": "1" * 10_000},
    {"given_name": " ", "family_name": "\u0301", "date_of_birth": "0000-00-00", "sex": "?"},
]


def _raw(rows: list[dict[str, Any]]) -> pa.Table:
    full = [
        {
            "record_id": str(i),
            "source": "odd",
            "given_name": None,
            "family_name": None,
            "date_of_birth": None,
            "sex": None,
            "fin": None,
            **row,
        }
        for i, row in enumerate(rows)
    ]
    return pa.Table.from_pylist(full, schema=pa.schema([(name, pa.string()) for name in full[0]]))


@pytest.fixture(scope="module")
def odd_records() -> pa.Table:
    return clean_records(_raw(ODD_ROWS))


@pytest.fixture(scope="module")
def odd_index(
    odd_records: pa.Table, trained_model: IdentityModel, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IdentityIndex]:
    path = tmp_path_factory.mktemp("odd") / "index.duckdb"
    result = build_index(odd_records, path, model=trained_model)
    assert result.summary.records == len(ODD_ROWS)
    with IdentityIndex(path) as index:
        yield index


# Missing columns


def test_records_file_missing_columns_names_each(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("record_id,given_name\n1,Ana\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        read_records_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert message.endswith("is missing required columns: date_of_birth, family_name, source")


def test_clean_records_missing_columns_names_each() -> None:
    table = pa.table({"record_id": ["1"], "family_name": ["Ruiz"]})
    with pytest.raises(SchemaError, match=r"missing required columns: date_of_birth, "
                       r"given_name, source$"):  # fmt: skip
        clean_records(table, what="bookings")


# Odd values never crash a build or a lookup


def test_odd_values_clean_to_nulls_or_ascii(odd_records: pa.Table) -> None:
    rows = odd_records.to_pylist()
    assert rows[0]["given_name"] is None
    assert rows[2]["given_name"] == "mariia"
    assert rows[2]["date_of_birth"] is None  # 30 February
    assert rows[4]["given_name"] is None  # emoji only
    assert rows[5]["given_name"] == rows[6]["given_name"] == "jose"
    assert len(rows[7]["given_name"]) == 100


def test_build_and_lookup_survive_odd_values(
    odd_records: pa.Table, odd_index: IdentityIndex
) -> None:
    results = odd_index.lookup_many(odd_records)
    for row, batch in zip(odd_records.to_pylist(), results, strict=True):
        assert odd_index.lookup(row) == batch
    # A combining accent folds like a precomposed one: the two José Garcías compare
    # exactly on names, and their dates as day and month swapped.
    link = next(lk for lk in results[5].links if lk.uid == "odd:6")
    levels = {c.comparison: c.level for c in link.contributions}
    assert levels["given_name"] == "Exact match on given_name"
    assert levels["surname"] == "Exact match on family_name"
    assert levels["date_of_birth"] == "Day and month swapped"
    # The two 10,000-character FINs agree; names agree, dates do not parse.
    assert "odd:8" in {lk.uid for lk in results[7].links}


def test_lookup_of_raw_unclean_values_does_not_crash(odd_index: IdentityIndex) -> None:
    subject = {
        "record_id": "raw",
        "source": "booking",
        "given_name": "Мария 😀\u0301",
        "family_name": LONG,
        "surnames": [LONG, "🙃"],
        "fin": "1" * 10_000,
    }
    result = odd_index.lookup(subject)
    assert {lk.uid for lk in result.links} == {"odd:7", "odd:8"}
    assert all(lk.kind == "fingerprint_conflict" for lk in result.links)


def test_subject_with_no_biographics_has_no_links(odd_index: IdentityIndex) -> None:
    empty = dict.fromkeys(PERSON_RECORD_COLUMNS) | {"record_id": "nobody", "source": "booking"}
    result = odd_index.lookup(empty)
    assert result.subject_id == "booking:nobody"
    assert result.links == ()
    assert result.linked() == ()


def test_subject_lacking_keys_is_looked_up(
    people_index: IdentityIndex,
) -> None:
    """A subject dict without given name (or any optional key) is scored on what it has."""
    result = people_index.lookup(
        {
            "record_id": "b1",
            "source": "booking",
            "family_name": "petrova",
            "surnames": ["petrova"],
            "date_of_birth": date(1975, 4, 23),
        }
    )
    assert {lk.uid for lk in result.links} == {"ident:I-0001", "eid:E-0001", "cis:C-0001"}
    for link in result.links:
        levels = {c.comparison: c.level for c in link.contributions}
        assert levels["given_name"] == "missing on one side"


# Models that cannot be used


def _model_file(tmp_path: Path, model: IdentityModel, **changes: object) -> Path:
    data = model.as_dict() | changes
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_model_of_another_format_version_is_refused(
    tmp_path: Path, trained_model: IdentityModel
) -> None:
    path = _model_file(tmp_path, trained_model, format_version=99)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message
    assert "format version 99" in message
    assert "reads version 1" in message
    assert "Train a new model" in message


def test_model_from_another_splink_major_is_refused(
    tmp_path: Path, trained_model: IdentityModel
) -> None:
    major = int(splink.__version__.split(".")[0])
    path = _model_file(tmp_path, trained_model, splink_version=f"{major - 1}.9.0")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"Splink {major - 1}.9.0" in message
    assert "Train a new model" in message


def test_same_splink_major_is_accepted(tmp_path: Path, trained_model: IdentityModel) -> None:
    major = splink.__version__.split(".")[0]
    path = _model_file(tmp_path, trained_model, splink_version=f"{major}.99.0")
    assert load_model(path).splink_version == f"{major}.99.0"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"threshold = 0.99\n", "is not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "is not JSON"),
        (b"[1, 2, 3]", "is not a JSON object"),
        (b'{"threshold": 0.99}', "is not a Probable identity model"),
        (b"", "is not JSON"),
    ],
    ids=["text", "binary", "json-list", "json-object", "empty"],
)
def test_file_that_is_not_a_model_is_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(content)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(path) in str(caught.value)
    assert says in str(caught.value)


def test_malformed_model_is_refused(tmp_path: Path, trained_model: IdentityModel) -> None:
    data = trained_model.as_dict()
    del data["columns"]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="malformed") as caught:
        load_model(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("name", ["missing.json", "."], ids=["missing", "directory"])
def test_model_path_that_is_not_a_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


# Indexes that cannot be opened or built


def test_duckdb_file_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(IdentityIndexError) as caught:
        IdentityIndex(path)
    assert str(path) in str(caught.value)
    assert "not a Probable identity index" in str(caught.value)
    # The refused file is not left open (and locked) while the error lives.
    duckdb.connect(str(path)).close()


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.duckdb", None), ("text.duckdb", b"not a database\n"), (".", None)],
    ids=["missing", "not-duckdb", "directory"],
)
def test_index_path_that_is_not_an_index_is_refused(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(IdentityIndexError) as caught:
        IdentityIndex(path)
    assert str(path) in str(caught.value)


def test_index_of_another_format_version_is_refused(
    tmp_path: Path, odd_records: pa.Table, trained_model: IdentityModel
) -> None:
    path = build_index(odd_records, tmp_path / "index.duckdb", model=trained_model).path
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    con.close()
    with pytest.raises(IdentityIndexError, match=r"format version 99.*Rebuild"):
        IdentityIndex(path)


def test_zero_records_are_refused(
    tmp_path: Path, odd_records: pa.Table, trained_model: IdentityModel
) -> None:
    out = tmp_path / "index.duckdb"
    with pytest.raises(IdentityIndexError, match="no records to index"):
        build_index(odd_records.slice(0, 0), out, model=trained_model)
    assert not out.exists()


# Thresholds must be probabilities


BAD_THRESHOLDS = [0.0, -0.5, 1.000001, 2.0, math.nan]


@pytest.mark.parametrize("threshold", BAD_THRESHOLDS)
def test_threshold_outside_zero_one_is_refused(
    tmp_path: Path, odd_records: pa.Table, trained_model: IdentityModel, threshold: float
) -> None:
    out = tmp_path / "index.duckdb"
    with pytest.raises(ModelError, match=r"threshold must be a probability in \(0, 1\]"):
        build_index(odd_records, out, model=trained_model, threshold=threshold)
    with pytest.raises(ModelError, match=r"threshold must be a probability"):
        trained_model.with_threshold(threshold)
    # Refused before training: ten odd records are too few to train on at all.
    with pytest.raises(ModelError, match=r"threshold must be a probability"):
        build_index(odd_records, out, threshold=threshold)
    with pytest.raises(ModelError, match=r"threshold must be a probability"):
        train_model(prepare_records(odd_records), threshold=threshold)
    assert not out.exists()
    path = _model_file(tmp_path, trained_model, threshold=threshold)
    with pytest.raises(ModelError, match=r"threshold must be a probability"):
        load_model(path)


@pytest.mark.parametrize("threshold", [1.0, 1e-9, 0.5])
def test_threshold_inside_zero_one_is_kept(
    tmp_path: Path, odd_records: pa.Table, trained_model: IdentityModel, threshold: float
) -> None:
    result = build_index(
        odd_records, tmp_path / "i.duckdb", model=trained_model, threshold=threshold
    )
    assert result.model.threshold == result.summary.threshold == threshold
    with IdentityIndex(result.path) as index:
        assert index.model.threshold == threshold
