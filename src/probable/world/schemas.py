"""Each record system's column names for what every record carries.

The record tables keep the names their systems use (`last_name` in EID,
`family_name` in CLAIMS 3, `surname` on a passport); this is the one place
that says which column holds what, for the simulator that writes the tables
and for anything that reads them. It imports nothing, so any layer may use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

#: The world's record systems, agencies and bookings, in the directory a simulation writes.
WORLD_FILE = "world.duckdb"


class RecordColumns(NamedTuple):
    """Which column of a record table holds each shared field (None: the system has none)."""

    record_id: str
    given_name: str
    middle_name: str
    family_name: str
    second_family_name: str
    date_of_birth: str
    birth_country: str
    a_number: str | None
    fin: str | None
    fbi_number: str | None = None
    """The FBI number (UCN) of a fingerprint-supported criminal history record."""


#: Column names per record system, automated systems first, then corroboration-only ones.
RECORD_COLUMNS: Mapping[str, RecordColumns] = {
    "ident": RecordColumns(
        "encounter_id", "first_name", "middle_name", "last_name", "second_last_name",
        "dob", "country_of_birth", "a_number", "fin",
    ),
    "eid": RecordColumns(
        "event_id", "first_name", "middle_name", "last_name", "second_last_name",
        "birth_date", "birth_country", "a_number", "fin",
    ),
    "cis": RecordColumns(
        "cis_record_id", "first_name", "middle_name", "last_name", "second_last_name",
        "dob", "country_of_birth", "a_number", None,
    ),
    "claims3": RecordColumns(
        "receipt_number", "given_name", "middle_name", "family_name", "second_family_name",
        "date_of_birth", "country_of_birth", "a_number", None,
    ),
    "claims4": RecordColumns(
        "receipt_number", "given_name", "middle_name", "family_name", "second_family_name",
        "date_of_birth", "country_of_birth", "a_number", None,
    ),
    "adis": RecordColumns(
        "i94_number", "first_name", "middle_name", "last_name", "second_last_name",
        "birth_date", "country_of_birth", None, None,
    ),
    "eoir": RecordColumns(
        "case_id", "first_name", "middle_name", "last_name", "second_last_name",
        "dob", "nationality", "a_number", None,
    ),
    "iii": RecordColumns(
        "charge_id", "first_name", "middle_name", "last_name", "second_last_name",
        "dob", "place_of_birth", None, None, "fbi_number",
    ),
    "vital_records": RecordColumns(
        "certificate_number", "child_first_name", "child_middle_name", "child_last_name",
        "child_second_last_name", "date_of_birth", "country_of_birth", None, None,
    ),
    "passports": RecordColumns(
        "passport_number", "given_names", "middle_name", "surname", "second_surname",
        "date_of_birth", "country_of_birth", None, None,
    ),
    "citizenship_certificates": RecordColumns(
        "certificate_number", "given_name", "middle_name", "family_name", "second_family_name",
        "date_of_birth", "country_of_birth", "a_number", None,
    ),
}  # fmt: skip

#: The record systems, in the order above.
SOURCES = tuple(RECORD_COLUMNS)

#: The systems only an investigation sees; the automated check never does.
CORROBORATION_SOURCES = ("vital_records", "passports", "citizenship_certificates")
