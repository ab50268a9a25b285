"""Splink on Spark, local or on a cluster: the `spark` extra.

Install with `uv sync --extra spark` (or `pip install 'probable[spark]'`); Spark needs
Java 17 or newer. The model, the blocking rules and the clusters are those of the
DuckDB backend; only where the SQL runs changes. Spark's Jaro-Winkler is replaced by
DuckDB's (`similarity`), so a pair reaches the same comparison level on both.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import weakref
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Self

import pyarrow as pa

from probable.identity.backends import similarity
from probable.identity.backends.base import Backend, BackendError, MissingExtraError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from splink.internals.database_api import DatabaseAPISubClass
    from splink.internals.splink_dataframe import SplinkDataFrame

#: Spark's log configuration for the sessions this backend starts: errors only.
LOG4J_CONFIG = Path(__file__).with_name("spark-log4j2.properties")


def _pyspark() -> ModuleType:
    """The pyspark package, or an error that says how to install it."""
    try:
        import pyspark
        import pyspark.cloudpickle
        import pyspark.sql
        import pyspark.sql.functions
    except ImportError as exc:
        raise MissingExtraError(
            "the Spark backend needs the 'spark' extra: `uv sync --extra spark` "
            "(or `pip install 'probable[spark]'`), and Java 17 or newer"
        ) from exc
    if int(pyspark.__version__.split(".", maxsplit=1)[0]) < 4:
        # Spark 3 neither reads nor returns arrow tables (list and date columns).
        raise BackendError(
            f"the Spark backend needs pyspark 4.2 or newer, found {pyspark.__version__}: "
            "`uv sync --extra spark`"
        )
    return pyspark


def local_session(
    workdir: Path, master: str = "local[*]", partitions: int | None = None, **config: str
) -> SparkSession:
    """A Spark session on this machine: loopback only, no UI, errors-only logs.

    Splink's jar of similarity functions (jaro_winkler, damerau_levenshtein) is on its
    classpath; scratch files go under `workdir`. Shuffles use `partitions` (by default one
    per core: Spark's 200 suit a cluster). `config` adds or overrides settings.
    """
    from splink.backends.spark import similarity_jar_location

    partitions = partitions or os.cpu_count() or 2
    java_options = f"-Dlog4j2.configurationFile={LOG4J_CONFIG.as_uri()} -Djava.io.tmpdir={workdir}"
    settings = {
        "spark.app.name": "probable-identity",
        "spark.jars": similarity_jar_location(),
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.extraJavaOptions": java_options,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.local.dir": str(workdir / "local"),
        "spark.sql.warehouse.dir": str(workdir / "warehouse"),
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.default.parallelism": str(partitions),
        "spark.sql.session.timeZone": "UTC",
        **config,
    }
    builder = _pyspark().sql.SparkSession.builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    session: SparkSession = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    # Python workers (the Jaro-Winkler UDF) run this interpreter, not whatever is on PATH.
    if "PYSPARK_PYTHON" not in os.environ:
        session.sparkContext.pythonExec = sys.executable
    return session


class SparkBackend(Backend):
    """Splink on a Spark session: a local one it starts (and `stop`s), or one you pass.

    A session you pass (a cluster's) must have Splink's similarity jar on its classpath
    (`splink.backends.spark.similarity_jar_location()`), a checkpoint directory on shared
    storage for Splink's intermediate parquet (a local session gets one here), and
    pyarrow and pandas on its executors. One session serves every job of the backend:
    starting Spark takes seconds. `break_lineage_method` is Splink's (parquet in the
    checkpoint directory unless on Databricks).
    """

    name = "spark"
    dialect = "spark"

    def __init__(
        self,
        session: SparkSession | None = None,
        *,
        master: str = "local[*]",
        partitions: int | None = None,
        config: Mapping[str, str] | None = None,
        break_lineage_method: str | None = None,
    ) -> None:
        pyspark = _pyspark()
        self._workdir = Path(tempfile.mkdtemp(prefix="probable-spark-"))
        self._remove_workdir = weakref.finalize(
            self, shutil.rmtree, self._workdir, ignore_errors=True
        )
        # Spark runs one session per process: reuse one already running, as if passed.
        running = session or pyspark.sql.SparkSession.getActiveSession()
        self._owns_session = running is None
        self._spark = running or local_session(
            self._workdir, master, partitions, **dict(config or {})
        )
        context = self._spark.sparkContext
        self._checkpoints: Path | None = None
        if context.getCheckpointDir() is None:
            if not (context.master or "").startswith("local"):
                raise BackendError(
                    "the Spark session has no checkpoint directory for Splink's intermediate "
                    "tables: set one on storage every executor reaches "
                    "(`spark.sparkContext.setCheckpointDir(...)`)"
                )
            self._checkpoints = self._workdir / "checkpoints"
            context.setCheckpointDir(str(self._checkpoints))
        self._break_lineage_method = break_lineage_method
        # Shipped to Python workers by value: they need not import Probable (2 s each).
        pyspark.cloudpickle.register_pickle_by_value(similarity)
        self._jaro_winkler = pyspark.sql.functions.udf(
            similarity.jaro_winkler_or_null, "double", useArrow=True
        )
        self._inputs: list[str] = []
        self._views_before = self._splink_views()

    @property
    def session(self) -> SparkSession:
        """The Spark session the jobs run in."""
        return self._spark

    def db_api(self) -> DatabaseAPISubClass:
        from splink.backends.spark import SparkAPI

        api = SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=self._spark, break_lineage_method=self._break_lineage_method
        )
        # Splink registered its jar's functions; Jaro-Winkler must be DuckDB's, which trained
        # the model. Its Damerau-Levenshtein agrees with DuckDB's on ASCII (every column it
        # compares is), so it stays.
        self._spark.udf.register("jaro_winkler", self._jaro_winkler)
        return api

    def register(self, db_api: DatabaseAPISubClass, table: pa.Table, name: str) -> SplinkDataFrame:
        # The session outlives the job: a per-job view name keeps jobs apart.
        view = f"{name}_{db_api.id}"
        frame = db_api.register(table, table_name=view, dataset_display_name=name)
        self._inputs.append(view)
        return frame

    def _splink_views(self) -> set[str]:
        return {
            table.name
            for table in self._spark.catalog.listTables()
            if table.isTemporary and table.name.startswith("__splink__")
        }

    def close(self) -> None:
        """Drop the finished jobs' tables and intermediate files; keep the session."""
        # Splink forgets the views of intermediate tables it drops, so take them all,
        # but those the session had before this backend.
        for view in [*self._inputs, *(self._splink_views() - self._views_before)]:
            self._spark.catalog.dropTempView(view)
        self._inputs.clear()
        self._spark.catalog.clearCache()
        if self._checkpoints is not None:
            # Spark checkpoints into a directory of its own inside the one it was given.
            for path in self._checkpoints.glob("*/*"):
                shutil.rmtree(path, ignore_errors=True)

    def stop(self) -> None:
        """Close, stop the session if this backend started it, and remove its scratch files."""
        self.close()
        if self._owns_session:
            self._spark.stop()
        self._remove_workdir()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
