"""Normalising identifier columns (A-number, FIN, SSN) with Arrow compute, row by row.

Identifiers are nearly unique per row, so cleaning their distinct values in Python would
touch every row; these rules are regular expressions over the whole column instead. Each
function takes a string array and returns the normalised values and a note per row (null
where nothing was dropped). Empty or whitespace-only values become null without a note.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from probable.sources.values import NOTE_QUOTE_LENGTH

_NULL = pa.scalar(None, pa.string())


def quoted(values: pa.Array) -> pa.Array:
    """Each value in quotes for a note, shortened so a huge input does not make a huge note."""
    long = pc.greater(pc.utf8_length(values), NOTE_QUOTE_LENGTH)
    short = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(values, 0, NOTE_QUOTE_LENGTH), "...", ""
    )
    return pc.binary_join_element_wise("'", pc.if_else(long, short, values), "'", "")


def _result(
    values: pa.Array, normalised: pa.Array, valid: pa.Array, note: str
) -> tuple[pa.Array, pa.Array]:
    """Normalised values where valid; elsewhere null, with `note` and the value if it was given."""
    given = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(values), ""), False)
    valid = pc.fill_null(valid, False)
    notes = pc.binary_join_element_wise(f"{note} ", quoted(values), "")
    return (
        pc.if_else(valid, normalised, _NULL),
        pc.if_else(pc.and_(given, pc.invert(valid)), notes, _NULL),
    )


def _without_separators(values: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(values, pattern=r"[\s.\-]", replacement="")


def a_numbers(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """A-numbers as "A" + 9 digits, zero-padded: "a-012-345-678", "A12345678", "012345678".

    An optional leading "A" and separators (spaces, dots, dashes) are dropped; 7 to 9 digits,
    not all zeros, are accepted.
    """
    bare = _without_separators(values)
    digits = pc.replace_substring_regex(bare, pattern="^[Aa]", replacement="")
    valid = pc.and_(
        pc.match_substring_regex(digits, pattern="^[0-9]{7,9}$"),
        pc.invert(pc.match_substring_regex(digits, pattern="^0+$")),
    )
    normalised = pc.binary_join_element_wise("A", pc.utf8_lpad(digits, 9, "0"), "")
    return _result(values, normalised, valid, "a_number: not an A-number")


def ssns(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Social security numbers, separators dropped: 7 to 11 digits, else null.

    A US SSN has 9; other countries' (and FEBRL's synthetic ones, 7) differ in length.
    """
    digits = _without_separators(values)
    valid = pc.match_substring_regex(digits, pattern="^[0-9]{7,11}$")
    return _result(values, digits, valid, "ssn: not 7 to 11 digits")


def fins(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """FINs as given (surrounding whitespace aside) when they are digits only."""
    trimmed = pc.utf8_trim_whitespace(values)
    valid = pc.match_substring_regex(trimmed, pattern="^[0-9]+$")
    return _result(values, trimmed, valid, "fin: not digits")
