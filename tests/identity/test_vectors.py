"""Comparison vectors evaluated in Python are DuckDB's, for the model's own CASE SQL."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probable.identity import IdentityModel
from probable.identity.vectors import (
    ComparisonVectors,
    NotExactError,
    UnsupportedSQLError,
    case_statements,
    compared_columns,
)

#: Short texts over a small alphabet, so equal, near and swapped values all occur.
_TEXT = st.one_of(st.none(), st.text(alphabet="ABCDE -'", max_size=7))
_LIST = st.one_of(st.none(), st.lists(st.one_of(st.none(), st.sampled_from("ABCDE")), max_size=3))
_NUMBER = st.one_of(st.none(), st.floats(0, 1, allow_nan=False))
_INT = st.one_of(st.none(), st.integers(1900, 1905))

_LISTS = {"surnames", "given_aliases"}
_NUMBERS = {"tf_given_name", "tf_middle_name", "tf_family_name"}
_INTS = {"birth_year"}


def _strategy(column: str) -> st.SearchStrategy[Any]:
    if column in _LISTS:
        return _LIST
    if column in _NUMBERS:
        return _NUMBER
    if column in _INTS:
        return _INT
    return _TEXT


def _duck_type(column: str) -> str:
    if column in _LISTS:
        return "VARCHAR[]"
    if column in _NUMBERS:
        return "DOUBLE"
    if column in _INTS:
        return "INTEGER"
    return "VARCHAR"


class _DuckDB:
    """DuckDB evaluating the same CASE statements over one row of parameters."""

    def __init__(self, model: IdentityModel) -> None:
        self.columns = [f"{c}_{side}" for c in compared_columns(model) for side in "lr"]
        select = ", ".join(
            f"${i + 1}::{_duck_type(name[:-2])} AS {name}" for i, name in enumerate(self.columns)
        )
        self.sql = f"SELECT {', '.join(case_statements(model))} FROM (SELECT {select})"
        self.con = duckdb.connect()

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        cursor = self.con.execute(self.sql, [row[c] for c in self.columns])
        names = [d[0] for d in cursor.description or ()]
        return dict(zip(names, cursor.fetchone() or (), strict=True))


@pytest.fixture(scope="module")
def duck(trained_model: IdentityModel) -> _DuckDB:
    return _DuckDB(trained_model)


@pytest.fixture(scope="module")
def python_vectors(trained_model: IdentityModel) -> ComparisonVectors:
    return ComparisonVectors(case_statements(trained_model))


@st.composite
def _pairs(draw: st.DrawFn, columns: list[str]) -> dict[str, Any]:
    """A pair's row; the right side often copies or swaps the left, as real records do."""
    row: dict[str, Any] = {}
    for column in columns:
        left = draw(_strategy(column))
        right = draw(st.one_of(st.just(left), _strategy(column)))
        row[f"{column}_l"], row[f"{column}_r"] = left, right
    return row


def test_python_vectors_equal_duckdb_on_random_pairs(
    trained_model: IdentityModel, duck: _DuckDB, python_vectors: ComparisonVectors
) -> None:
    columns = compared_columns(trained_model)

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_pairs(columns))
    def check(row: dict[str, Any]) -> None:
        assert python_vectors(row) == duck(row)

    check()


def test_python_vectors_equal_duckdb_on_the_worlds_pairs(
    trained_model: IdentityModel,
    duck: _DuckDB,
    python_vectors: ComparisonVectors,
    world_records_by_uid: dict[str, dict[str, Any]],
) -> None:
    from probable.identity.prepare import prepare_one

    columns = compared_columns(trained_model)
    prepared = [prepare_one(r) for r in list(world_records_by_uid.values())[:60]]
    for p in prepared:
        for c in ("given_name", "middle_name", "family_name"):
            p[f"tf_{c}"] = 0.001
    checked = 0
    for left in prepared[:20]:
        for right in prepared:
            row = {f"{c}_l": left.get(c) for c in columns} | {
                f"{c}_r": right.get(c) for c in columns
            }
            assert python_vectors(row) == duck(row), (left["uid"], right["uid"])
            checked += 1
    assert checked == 1_200


def test_null_comparisons_are_not_true() -> None:
    vectors = ComparisonVectors(
        [
            'CASE WHEN "a_l" IS NULL OR "a_r" IS NULL THEN -1 '
            'WHEN NOT ("b_l" = "b_r") THEN 2 WHEN "a_l" = "a_r" THEN 1 ELSE 0 END AS gamma_a'
        ]
    )
    assert vectors({"a_l": None, "a_r": "x", "b_l": None, "b_r": None}) == {"gamma_a": -1}
    # NOT NULL is NULL: the second WHEN is not taken, the third is.
    assert vectors({"a_l": "x", "a_r": "x", "b_l": None, "b_r": "y"}) == {"gamma_a": 1}
    assert vectors({"a_l": "x", "a_r": "y", "b_l": "p", "b_r": "q"}) == {"gamma_a": 2}


def test_text_that_is_not_ascii_is_left_to_duckdb() -> None:
    row: dict[str, Any] = {"given_name_l": "jose", "given_name_r": "josé"}
    vectors = ComparisonVectors(
        [
            'CASE WHEN jaro_winkler_similarity("given_name_l", "given_name_r") >= 0.9 '
            "THEN 1 ELSE 0 END AS gamma_given_name"
        ]
    )
    with pytest.raises(NotExactError, match="ASCII"):
        vectors(row)


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ('CASE WHEN regexp_matches("a_l", "a_r") THEN 1 ELSE 0 END AS gamma_a', "regexp"),
        ('CASE "a_l" WHEN "a_r" THEN 1 ELSE 0 END AS gamma_a', "operand"),
        ('"a_l" = "a_r" AS gamma_a', "not a CASE"),
        ('CASE WHEN "a_l" IS DISTINCT FROM "a_r" THEN 1 ELSE 0 END AS gamma_a', "Distinct"),
        ("CASE WHEN (((( THEN", "cannot parse"),
    ],
)
def test_sql_the_evaluator_does_not_know_is_refused(sql: str, named: str) -> None:
    with pytest.raises(UnsupportedSQLError, match=f"(?i){named}"):
        ComparisonVectors([sql])
