"""Splink on Spark (local mode here, a cluster in production): the `spark` extra.

Install with `uv sync --extra spark` (or `pip install probable[spark]`); Spark needs
Java 17. The model, the blocking rules and the clusters are those of the DuckDB
backend; only where the SQL runs changes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from probable.identity.backends.base import Backend, BackendError

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass
    from splink.internals.splink_dataframe import SplinkDataFrame


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise BackendError(
            "the Spark backend needs the 'spark' extra: `uv sync --extra spark` "
            "(or `pip install 'probable[spark]'`), and Java 17"
        ) from exc
    return pyspark.sql


class SparkBackend(Backend):
    """A local Spark session (`local[*]`), made once and shared by the jobs of a process."""

    name = "spark"

    def __init__(self, master: str = "local[*]", partitions: int = 8) -> None:
        sql = _pyspark()
        self._checkpoints = tempfile.mkdtemp(prefix="probable-spark-")
        self._spark = (
            sql.SparkSession.builder.master(master)
            .appName("probable-identity")
            .config("spark.sql.shuffle.partitions", str(partitions))
            .config("spark.default.parallelism", str(partitions))
            .config("spark.ui.enabled", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        self._spark.sparkContext.setCheckpointDir(str(Path(self._checkpoints)))
        self._spark.sparkContext.setLogLevel("ERROR")

    def db_api(self) -> DatabaseAPISubClass:
        from splink import SparkAPI

        return SparkAPI(spark_session=self._spark, break_lineage_method="parquet")  # type: ignore[no-untyped-call]

    def register(self, db_api: DatabaseAPISubClass, table: pa.Table, name: str) -> SplinkDataFrame:
        frame = self._spark.createDataFrame(table.to_pandas())
        return db_api.register(frame, table_name=name)

    def to_arrow(self, frame: SplinkDataFrame) -> pa.Table:
        return pa.Table.from_pandas(frame.as_spark_dataframe().toPandas(), preserve_index=False)

    def close(self) -> None:
        """Keep the session: starting Spark costs seconds, and tests build several indexes."""
