"""Splink on DuckDB, in-process: the default backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
from splink import DuckDBAPI

from probable.identity.backends.base import Backend

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass
    from splink.internals.splink_dataframe import SplinkDataFrame


class DuckDBBackend(Backend):
    """One in-memory DuckDB connection per job, spilling to a temp directory if needed."""

    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, memory_limit: str | None = None, threads: int | None = None) -> None:
        self._memory_limit = memory_limit
        self._threads = threads

    def db_api(self) -> DatabaseAPISubClass:
        con = duckdb.connect()
        if self._memory_limit:
            con.execute(f"SET memory_limit = '{self._memory_limit}'")
        if self._threads:
            con.execute(f"SET threads = {int(self._threads)}")
        con.execute("SET preserve_insertion_order = false")
        return DuckDBAPI(connection=con)

    def register(self, db_api: DatabaseAPISubClass, table: pa.Table, name: str) -> SplinkDataFrame:
        return db_api.register(table, table_name=name)
