"""`prepare_one` (a lookup's Python) gives exactly what `prepare_records` (SQL) gives."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from probable.identity.prepare import PREPARED_COLUMNS, prepare_one, prepare_records
from probable.sources import clean_records
from tests.identity.conftest import WorldIdentity

TODAY = date(2025, 6, 1)

#: Names that reach the interesting derived columns: aliases, initials, particles.
NAMES = (
    "Bill", "William", "Paco", "Francisco", "María José", "J", "J.", "O'Brien", "de la Cruz",
    "García-López", "van der Berg", "Zhang", "Мария", "محمد", "Nguyễn", "x", "Al", "st",
)  # fmt: skip


def _assert_same(table: pa.Table) -> None:
    """Each row of `prepare_records(table)` equals `prepare_one` of that clean row."""
    batch = prepare_records(table).to_pylist()
    for record, expected in zip(table.to_pylist(), batch, strict=True):
        got = prepare_one(record)
        assert list(got) == list(PREPARED_COLUMNS)
        assert got == expected


def test_world_records_prepare_alike(world_identity: WorldIdentity) -> None:
    records = world_identity.records
    _assert_same(records.take(list(range(0, len(records), 7))))


def test_fixture_records_prepare_alike(people: pa.Table) -> None:
    _assert_same(people.drop_columns(["person"]))


def test_values_of_one_record() -> None:
    record = clean_records(
        pa.table(
            {
                "record_id": ["1"],
                "source": ["cis"],
                "given_name": ["Bill"],
                "family_name": ["de la Cruz"],
                "second_family_name": ["Álvarez"],
                "date_of_birth": ["1985-03-07"],
            }
        ),
        today=TODAY,
    ).to_pylist()[0]
    prepared = prepare_one(record)
    assert prepared["uid"] == "cis:1"
    assert prepared["surnames"] == ["cruz", "alvarez"]
    assert prepared["surname_first"] == "cruz"
    assert prepared["surnames_key"] == "alvarez cruz"
    assert prepared["initials_key"] == "bc"
    assert prepared["dob_text"] == "1985-03-07"
    assert prepared["dob_swapped"] == "1985-07-03"
    assert "william" in prepared["given_aliases"]


_text = st.one_of(st.none(), st.sampled_from(NAMES), st.text(max_size=30))
_dates = st.one_of(
    st.none(),
    st.dates(min_value=date(1870, 1, 1), max_value=date(2030, 12, 31)).flatmap(
        lambda d: st.sampled_from(
            [d.isoformat(), d.strftime("%Y%m%d"), f"{d.month}/{d.day}/{d.year}"]
        )
    ),
    st.text(max_size=12),
)
_row = st.fixed_dictionaries(
    {
        "given_name": _text,
        "middle_name": _text,
        "family_name": _text,
        "second_family_name": _text,
        "date_of_birth": _dates,
        "sex": st.one_of(st.none(), st.sampled_from(["M", "female", "x"])),
        "a_number": st.one_of(st.none(), st.from_regex(r"A?[0-9]{7,9}", fullmatch=True)),
        "fin": st.one_of(st.none(), st.from_regex(r"[0-9]{1,10}", fullmatch=True)),
        "postcode": st.one_of(st.none(), st.from_regex(r"[0-9]{5}", fullmatch=True)),
    }
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(_row, min_size=1, max_size=8))
def test_prepare_one_equals_prepare_records(rows: list[dict[str, Any]]) -> None:
    raw = pa.Table.from_pylist(
        [{"record_id": str(i), "source": ("a", "b")[i % 2], **row} for i, row in enumerate(rows)]
    )
    columns = {
        name: raw[name].cast(pa.string()) if raw[name].type == pa.null() else raw[name]
        for name in raw.column_names
    }
    _assert_same(clean_records(pa.table(columns), today=TODAY))
