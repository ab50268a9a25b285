"""The one small interface a Splink backend offers Probable."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass
    from splink.internals.splink_dataframe import SplinkDataFrame

#: Backend names accepted on the command line.
BACKENDS = ("duckdb", "spark")


class BackendError(RuntimeError):
    """A backend that cannot be used here (e.g. its extra is not installed)."""


class MissingExtraError(BackendError, ImportError):
    """A backend whose install extra is missing; the message names the extra."""


class Backend(ABC):
    """Makes Splink's database API and moves arrow tables in and out of it."""

    name: str
    #: Splink's SQL dialect for this backend.
    dialect: str

    @abstractmethod
    def db_api(self) -> DatabaseAPISubClass:
        """A fresh Splink database API for one linkage job."""

    @abstractmethod
    def register(self, db_api: DatabaseAPISubClass, table: pa.Table, name: str) -> SplinkDataFrame:
        """Make `table` an input of the job, under `name`."""

    def to_arrow(self, frame: SplinkDataFrame) -> pa.Table:
        """A Splink result as an arrow table."""
        result = frame.as_pyarrow_table()  # type: ignore[no-untyped-call]
        assert isinstance(result, pa.Table)
        return result

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release what finished jobs hold (connections, tables, files); called after a build."""


def get_backend(name: str) -> Backend:
    """The backend called `name`; Spark only when its extra is installed."""
    if name == "duckdb":
        from probable.identity.backends.duckdb import DuckDBBackend

        return DuckDBBackend()
    if name == "spark":
        from probable.identity.backends.spark import SparkBackend

        return SparkBackend()
    raise BackendError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
