"""Record sources: the common person-record schema, its readers, and what each source is.

Every record system (the simulated ones, CSV and Parquet files) is read into one schema,
`PERSON_RECORD_SCHEMA`, with cleaned names and dates beside the values as given;
`catalogue()` says what each system is for, what it lacks and who may use it. This
package reads and describes; it never decides anything. docs/sources.md explains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.sources.bookings import Agency, BookingEvent
    from probable.sources.catalogue import SourceInfo, catalogue, source_info
    from probable.sources.clean import clean_records
    from probable.sources.details import (
        WorldRecordReader,
        read_world_agencies,
        read_world_booking_events,
        read_world_record_rows,
    )
    from probable.sources.errors import (
        RecordsFileError,
        SchemaError,
        SourceError,
        SourceNotFoundError,
        UnknownSourceError,
    )
    from probable.sources.files import RECORDS_FILE_SUFFIXES, read_records_file
    from probable.sources.schema import (
        ADDRESS_COLUMNS,
        NAME_COLUMNS,
        PERSON_RECORD_COLUMNS,
        PERSON_RECORD_SCHEMA,
        RAW_COLUMNS,
        REQUIRED_COLUMNS,
        PersonRecord,
        records_from_table,
        records_to_table,
    )
    from probable.sources.values import clean_name, surname_tokens
    from probable.sources.world import (
        BOOKING_SOURCE,
        read_world_booking_details,
        read_world_bookings,
        read_world_records,
    )

__all__ = [
    "ADDRESS_COLUMNS",
    "BOOKING_SOURCE",
    "NAME_COLUMNS",
    "PERSON_RECORD_COLUMNS",
    "PERSON_RECORD_SCHEMA",
    "RAW_COLUMNS",
    "RECORDS_FILE_SUFFIXES",
    "REQUIRED_COLUMNS",
    "Agency",
    "BookingEvent",
    "PersonRecord",
    "RecordsFileError",
    "SchemaError",
    "SourceError",
    "SourceInfo",
    "SourceNotFoundError",
    "UnknownSourceError",
    "WorldRecordReader",
    "catalogue",
    "clean_name",
    "clean_records",
    "read_records_file",
    "read_world_agencies",
    "read_world_booking_details",
    "read_world_booking_events",
    "read_world_bookings",
    "read_world_record_rows",
    "read_world_records",
    "records_from_table",
    "records_to_table",
    "source_info",
    "surname_tokens",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
