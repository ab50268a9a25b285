"""Cleaning one record in plain Python: what `clean_records` gives for a one-row table.

The center cleans every booking it takes in, one at a time; `clean_records` is
column-wise, and for one row its hundred Arrow calls cost milliseconds. This applies
the same rules to one row's values: the names, dates and sex through the very
functions `clean_records` maps over distinct values, the identifier and code rules
(Arrow regular expressions there) restated here for text that is printable ASCII,
where Python's and Arrow's ideas of whitespace and case agree. Any other value (an
identifier holding a tab or a non-ASCII digit, a date given as a date) goes through
`clean_records` itself. A property test holds the two to the same output.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import pyarrow as pa

from probable.sources.clean import clean_records
from probable.sources.errors import SchemaError
from probable.sources.schema import (
    ADDRESS_COLUMNS,
    NAME_COLUMNS,
    PERSON_RECORD_COLUMNS,
    RAW_COLUMNS,
    require_columns,
)
from probable.sources.values import (
    normalise_name,
    normalise_sex,
    parse_date_of_birth,
    quote,
    surname_tokens,
)

__all__ = ["clean_row"]

_CODES = ("birth_country", "birth_region")
_IDENTIFIERS = ("a_number", "fin", "ssn")
_SEPARATORS = re.compile(r"[ .\-]")  # `\s` on printable ASCII is the space alone
_A_NUMBER = re.compile(r"[0-9]{7,9}")
_SSN = re.compile(r"[0-9]{7,11}")
_FIN = re.compile(r"[0-9]+")


def _plain(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.isascii() and value.isprintable())


def _checked(value: str | None, normalised: str | None, valid: bool, note: str) -> tuple[Any, Any]:
    """The identifier where valid; else None, with a note if something was given."""
    if value is None:
        return None, None
    if valid:
        return normalised, None
    return None, (f"{note} {quote(value)}" if value.strip() else None)


def _a_number(value: str | None) -> tuple[Any, Any]:
    digits = _SEPARATORS.sub("", value or "")
    if digits[:1] in ("A", "a"):
        digits = digits[1:]
    valid = bool(_A_NUMBER.fullmatch(digits)) and digits.strip("0") != ""
    return _checked(value, "A" + digits.rjust(9, "0"), valid, "a_number: not an A-number")


def _ssn(value: str | None) -> tuple[Any, Any]:
    digits = _SEPARATORS.sub("", value or "")
    return _checked(value, digits, bool(_SSN.fullmatch(digits)), "ssn: not 7 to 11 digits")


def _fin(value: str | None) -> tuple[Any, Any]:
    trimmed = (value or "").strip()
    return _checked(value, trimmed, bool(_FIN.fullmatch(trimmed)), "fin: not digits")


_IDENTIFIER_RULES = {"a_number": _a_number, "fin": _fin, "ssn": _ssn}


def normal_a_number(value: object) -> str | None:
    """An A-number as "A" + 9 digits, as the cleaning gives it; None when not one."""
    if not isinstance(value, str):
        return None
    normalised: str | None = _a_number(value)[0]
    return normalised


def normal_fin(value: object) -> str | None:
    """A FIN as the cleaning gives it (digits, trimmed); None when not one."""
    if not isinstance(value, str):
        return None
    normalised: str | None = _fin(value)[0]
    return normalised


def normal_fbi_number(value: object) -> str | None:
    """An FBI number (UCN) trimmed and upper-cased; None when empty or not text. UCNs
    are letters and digits, so nothing else is changed."""
    if not isinstance(value, str):
        return None
    trimmed = value.strip().upper()
    return trimmed or None


def _surnames(family: str | None, second: str | None) -> list[str] | None:
    parts = [" ".join(t) for t in (surname_tokens(family, None), surname_tokens(second, None)) if t]
    both = " ".join(parts)
    return both.split(" ") if both else None


def clean_row(
    row: Mapping[str, Any], *, what: str = "record", today: date | None = None
) -> dict[str, Any]:
    """One record in the common schema, as `clean_records` would give it, as a dict.

    `row` maps column names to text (or None); it needs `REQUIRED_COLUMNS`, like a
    table, and other columns are dropped. `what` names the input in errors.
    """
    require_columns(row.keys(), what=what)
    checked = (*_CODES, *_IDENTIFIERS, "record_id", "source", "date_of_birth", "cleaning_notes")
    if not all(_plain(row.get(c)) for c in checked) or not all(
        v is None or isinstance(v, str) for v in row.values()
    ):
        table = pa.table({k: pa.array([v]) for k, v in row.items()})
        cleaned: dict[str, Any] = clean_records(table, what=what, today=today).to_pylist()[0]
        return cleaned
    today = today or date.today()
    out: dict[str, Any] = {}
    notes: dict[str, str | None] = {"cleaning_notes": row.get("cleaning_notes")}
    for name in ("record_id", "source"):
        if row.get(name) is None:
            raise SchemaError(f"{what}: {name} is empty in 1 of 1 rows")
        out[name] = row[name]
    for name in (*NAME_COLUMNS, *ADDRESS_COLUMNS):
        given = row.get(name)
        out[name], note = normalise_name(given)
        notes[name] = f"{name}: {note}" if note else None
        if name in RAW_COLUMNS:
            raw = row.get(RAW_COLUMNS[name])
            out[RAW_COLUMNS[name]] = given if raw is None else raw
    out["surnames"] = _surnames(out["family_name"], out["second_family_name"])
    given_date = row.get("date_of_birth")
    out["date_of_birth"], note = parse_date_of_birth(given_date, today=today)
    notes["date_of_birth"] = f"date_of_birth: {note}" if note else None
    raw_date = row.get(RAW_COLUMNS["date_of_birth"])
    out[RAW_COLUMNS["date_of_birth"]] = given_date if raw_date is None else raw_date
    for name in _CODES:
        code = row.get(name)
        out[name] = (code.strip().upper() or None) if code is not None else None
    out["sex"], note = normalise_sex(row.get("sex"))
    notes["sex"] = f"sex: {note}" if note else None
    for name, rule in _IDENTIFIER_RULES.items():
        out[name], notes[name] = rule(row.get(name))
    order = dict.fromkeys(("cleaning_notes", *PERSON_RECORD_COLUMNS))  # earlier notes first
    kept = [note for n in order if (note := notes.get(n)) is not None]
    out["cleaning_notes"] = "; ".join(kept) if kept else None
    return {name: out.get(name) for name in PERSON_RECORD_COLUMNS}
