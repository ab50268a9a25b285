"""Reading a CSV or Parquet file of person records into the common schema.

CSV columns are all read as text, so leading zeros in SSNs and postcodes survive and a
column of digits is never taken for a number; only an empty cell is null. Parquet keeps
its types and the cleaning casts them. The format is chosen by suffix.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from probable.sources.clean import clean_records
from probable.sources.errors import RecordsFileError, SchemaError, SourceNotFoundError
from probable.sources.schema import append_columns, check_keep_columns

#: File suffixes `read_records_file` reads (in any case).
RECORDS_FILE_SUFFIXES = (".csv", ".parquet")


def read_records_file(
    path: Path, *, source: str | None = None, keep_columns: Sequence[str] = ()
) -> pa.Table:
    """The records in a `.csv` or `.parquet` file, in the common schema.

    The file needs the required columns (`REQUIRED_COLUMNS`); its `source` column may be
    left out when `source` is given, and where both are there they must agree (empty cells
    take `source`). Columns named in `keep_columns`, such as a truth label of a labelled
    data set, are returned as read after the schema's columns, in the order given.
    """
    path = Path(path)
    what = f"records file '{path}'"
    suffix = path.suffix.lower()
    if suffix not in RECORDS_FILE_SUFFIXES:
        raise RecordsFileError(
            f"{what} has the unsupported suffix {path.suffix or '(none)'!r};"
            f" expected one of {', '.join(RECORDS_FILE_SUFFIXES)}"
        )
    if not path.is_file():
        raise SourceNotFoundError(f"{what} does not exist")
    given = _read_csv(path, what) if suffix == ".csv" else _read_parquet(path, what)
    check_keep_columns(keep_columns, what=what, available=given.column_names)
    if source is not None:
        given = _with_source(given, source, what)
    return append_columns(clean_records(given, what=what), given, keep_columns, what=what)


def _read_csv(path: Path, what: str) -> pa.Table:
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            header = next(csv.reader(file), None)
    except (UnicodeDecodeError, csv.Error) as error:
        raise RecordsFileError(f"{what} has no readable header: {error}") from error
    if not header:
        raise RecordsFileError(f"{what} is empty: it has no header row")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise RecordsFileError(f"{what} repeats columns in its header: {', '.join(repeated)}")
    options = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()),
        strings_can_be_null=True,
        null_values=[""],
    )
    try:
        return pa_csv.read_csv(path, convert_options=options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise RecordsFileError(f"{what} is not valid CSV: {error}") from error


def _read_parquet(path: Path, what: str) -> pa.Table:
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as error:
        raise RecordsFileError(f"{what} is not valid Parquet: {error}") from error


def _with_source(table: pa.Table, source: str, what: str) -> pa.Table:
    """`table` with every row's source set to `source`; a different source in it is an error."""
    filled = pa.repeat(pa.scalar(source, pa.string()), table.num_rows)
    if "source" not in table.column_names:
        return table.append_column("source", filled)
    given = pc.cast(table.column("source"), pa.string())
    others = sorted(set(pc.unique(given.drop_null()).to_pylist()) - {source})
    if others:
        raise SchemaError(
            f"{what}: its source column has {', '.join(map(repr, others[:5]))},"
            f" not the source given, {source!r}"
        )
    index = table.column_names.index("source")
    return table.set_column(index, "source", pc.coalesce(given, filled))
