"""The Spark backend builds the index DuckDB builds, from the same model.

The Spark tests need the `spark` extra and Java; without them they are skipped, and
the tests that the package works without pyspark still run.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from probable.identity import BuildResult, IdentityModel, ModelError, build_index
from probable.identity.backends import BackendError, MissingExtraError, get_backend
from probable.identity.backends.similarity import jaro_similarity, jaro_winkler_similarity
from probable.identity.index import tf_columns
from probable.identity.train import model_settings
from probable.sources import read_world_records
from probable.world.simulate import SimulationResult

if TYPE_CHECKING:
    from probable.identity.backends.spark import SparkBackend

#: Pairs on which Spark's own Jaro-Winkler (commons-text) and DuckDB's disagree.
JARO_WINKLER_DISAGREE = [("agwrawal", "agrawal"), ("odriguez", "rodriguez"), ("babb", "bdbab")]


def _java_runs() -> bool:
    java = shutil.which("java")
    if java is None:
        return False
    try:
        result = subprocess.run([java, "-version"], check=False, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkBackend]:
    """One local Spark session for the module: starting Spark takes seconds."""
    pytest.importorskip(
        "pyspark", reason="the Spark backend needs the 'spark' extra: uv sync --extra spark"
    )
    if not _java_runs():
        pytest.skip("the Spark backend needs Java 17 or newer, and `java -version` fails")
    from probable.identity.backends.spark import SparkBackend

    with SparkBackend(master="local[2]") as backend:
        yield backend


@pytest.fixture(scope="module")
def records(small_world: SimulationResult) -> pa.Table:
    """About 4,500 records of four systems: everyone born January to March."""
    table = read_world_records(small_world.out, sources=["ident", "eid", "cis", "eoir"])
    return table.filter(pc.less_equal(pc.month(table["date_of_birth"]), 3))


@pytest.fixture(scope="module")
def built(
    spark: SparkBackend,
    records: pa.Table,
    trained_model: IdentityModel,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, BuildResult]:
    """The index built on each backend with one model, trained on DuckDB."""
    out = tmp_path_factory.mktemp("spark-index")
    model = trained_model
    return {
        "duckdb": build_index(records, out / "duckdb.duckdb", model=model),
        "spark": build_index(records, out / "spark.duckdb", model=model, backend=spark),
    }


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_same_identities(built: dict[str, BuildResult]) -> None:
    def partition(result: BuildResult) -> set[frozenset[str]]:
        rows = _rows(result.path, "SELECT cluster_id, list(uid) FROM records GROUP BY cluster_id")
        return {frozenset(uids) for _, uids in rows}

    duck, spark = partition(built["duckdb"]), partition(built["spark"])
    assert duck == spark
    assert any(len(identity) > 2 for identity in duck)


def test_the_same_links_with_the_same_probabilities(built: dict[str, BuildResult]) -> None:
    def links(result: BuildResult) -> dict[tuple[str, str], float]:
        rows = _rows(result.path, "SELECT uid_l, uid_r, match_probability FROM links")
        return {(left, right): p for left, right, p in rows}

    duck, spark = links(built["duckdb"]), links(built["spark"])
    assert duck.keys() == spark.keys()
    assert len(duck) > 1000
    assert all(abs(duck[pair] - spark[pair]) <= 1e-9 for pair in duck)


def test_the_same_lookup_tables(built: dict[str, BuildResult]) -> None:
    """Records, blocking keys and term frequencies, which the fast lookup reads."""
    tf_tables = [f"tf_{column}" for column in tf_columns(built["duckdb"].model)]
    queries = [
        "SELECT * EXCLUDE (cluster_id) FROM records ORDER BY uid",
        *(f"SELECT * FROM {table} ORDER BY ALL" for table in ["blocking_keys", *tf_tables]),
    ]
    for sql in queries:
        rows = _rows(built["duckdb"].path, sql)
        assert rows, sql
        assert rows == _rows(built["spark"].path, sql), sql
    duck, spark = built["duckdb"].summary, built["spark"].summary
    assert (duck.pairs_scored, duck.identities) == (spark.pairs_scored, spark.identities)
    assert spark.backend == "spark"


def test_a_build_leaves_no_tables_or_files_behind(
    spark: SparkBackend, built: dict[str, BuildResult]
) -> None:
    assert built["spark"].summary.pairs_scored > 0
    assert [t.name for t in spark.session.catalog.listTables() if t.isTemporary] == []
    checkpoints = spark.session.sparkContext.getCheckpointDir()
    assert checkpoints is not None
    assert list(Path(checkpoints.removeprefix("file:")).iterdir()) == []


def test_spark_compares_names_with_duckdbs_jaro_winkler(spark: SparkBackend) -> None:
    spark.db_api()
    pairs = [*JARO_WINKLER_DISAGREE, ("maria", None)]
    frame = spark.session.createDataFrame(
        pa.table({"l": [p[0] for p in pairs], "r": [p[1] for p in pairs]})
    )
    got = [row.j for row in frame.selectExpr("jaro_winkler(l, r) AS j").collect()]
    with duckdb.connect() as con:
        want = [
            con.execute("SELECT jaro_winkler_similarity(?, ?)", list(pair)).fetchall()[0][0]
            for pair in pairs
        ]
    assert got == want
    assert want[-1] is None


def test_model_sql_is_rendered_for_spark_and_back(trained_model: IdentityModel) -> None:
    """Splink runs a model's SQL as written: on Spark, DuckDB's "column" is a string."""
    model = trained_model
    spark_settings = model_settings(model, "spark")
    conditions = [
        level["sql_condition"]
        for comparison in spark_settings["comparisons"]
        for level in comparison["comparison_levels"]
        if "sql_condition" in level and level["sql_condition"] != "ELSE"
    ]
    assert conditions
    assert all('"' not in sql for sql in conditions)
    assert any("jaro_winkler(`given_name_l`" in sql for sql in conditions)
    back = IdentityModel(spark_settings, model.columns, model.prediction_rules)
    assert model_settings(back, "duckdb") == model.splink_settings


def test_a_model_of_other_comparisons_is_refused_on_spark(trained_model: IdentityModel) -> None:
    settings = copy.deepcopy(dict(trained_model.splink_settings))
    settings["comparisons"][0]["comparison_levels"].pop()
    model = IdentityModel(settings, trained_model.columns, trained_model.prediction_rules)
    with pytest.raises(ModelError, match="train a new model"):
        model_settings(model, "spark")


_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)


@given(_TEXT, _TEXT)
@example("agwrawal", "agrawal")  # the Winkler step is a fused multiply-add in DuckDB
@example("ab" * 40, "ba" * 40)  # over 64 bytes: DuckDB's multi-word matcher
@example("josé", "jose")  # bytes, not characters
def test_jaro_winkler_is_duckdbs_to_the_bit(left: str, right: str) -> None:
    with duckdb.connect() as con:
        want = con.execute(
            "SELECT jaro_similarity($1, $2), jaro_winkler_similarity($1, $2)", [left, right]
        ).fetchall()[0]
    assert (jaro_similarity(left, right), jaro_winkler_similarity(left, right)) == want


def test_spark_without_its_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(BackendError, match=r"'spark' extra: `uv sync --extra spark`") as error:
        get_backend("spark")
    assert isinstance(error.value, MissingExtraError)
    assert isinstance(error.value, ImportError)


def test_the_package_imports_without_pyspark() -> None:
    code = (
        "import sys\n"
        "sys.modules['pyspark'] = None\n"
        "import probable, probable.identity, probable.identity.backends.spark\n"
        "assert probable.identity.backends.get_backend('duckdb').name == 'duckdb'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
