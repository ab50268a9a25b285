"""Python's key hash is DuckDB's, for any text."""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from probable.sources.keyhash import key_hash, key_hash_sql


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=30))
def test_key_hash_equals_duckdbs(texts: list[str]) -> None:
    con = duckdb.connect()
    rows = con.execute(f"SELECT {key_hash_sql('t')} FROM unnest($1::VARCHAR[]) AS u(t)", [texts])
    assert [r[0] for r in rows.fetchall()] == [key_hash(t) for t in texts]
