"""The identity index: every record, its links and its identity, in one DuckDB file.

A batch build prepares the records, trains a model (or takes one), scores every
blocked pair with Splink, clusters the links at the model's threshold into
identities (keeping records whose FINs or A-numbers conflict apart,
`probable.identity.constrain`), and writes the file atomically: a reader sees the
old index or the new one, never half of either. The file also holds what the fast lookup needs: each
record's blocking keys, sorted, and the term-frequency tables.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from probable.identity.backends import Backend, get_backend
from probable.identity.blocking import blocking_keys_sql
from probable.identity.constrain import keep_conflicts_apart
from probable.identity.model import IdentityModel, check_threshold, model_from_dict
from probable.identity.prepare import UID, prepare_records
from probable.identity.resident import ResidentIndex
from probable.identity.train import LinkType, make_linker, model_settings, train_model

#: What the file is, and the layout version this code reads and writes.
INDEX_FORMAT = "probable-identity-index"
INDEX_FORMAT_VERSION = 1
#: Links kept in the index: weaker ones are noise, stronger ones are shown as candidates.
STORE_MIN_PROBABILITY = 0.01

Step = Callable[[str], None]


class IdentityIndexError(RuntimeError):
    """An index file that is missing, from another version, or cannot be written."""


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for `--json` and the index's own record."""

    records: int
    sources: dict[str, int]
    pairs_scored: int
    links_at_threshold: int
    identities: int
    largest_identity: int
    threshold: float
    backend: str
    trained: bool
    seconds: dict[str, float]
    #: Splink clusters split because their records carried two FINs or A-numbers.
    identities_split: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def tf_columns(model: IdentityModel) -> list[str]:
    """Columns whose exact matches the model adjusts by term frequency."""
    out: list[str] = []
    for comparison in model.splink_settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column and column not in out:
                out.append(str(column))
    return out


def _write(
    path: Path,
    prepared: pa.Table,
    links: pa.Table,
    clusters: pa.Table,
    tf_tables: Mapping[str, pa.Table],
    model: IdentityModel,
    summary: BuildSummary,
) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("SET preserve_insertion_order = false")
        for name, table in {
            "prepared": prepared,
            "links_in": links,
            "clusters_in": clusters,
        }.items():
            con.register(name, table)
        tf_select, tf_join = "", ""
        for column, table in tf_tables.items():
            con.register(f"tf_in_{column}", table)
            con.execute(f"CREATE TABLE tf_{column} AS SELECT * FROM tf_in_{column}")
            tf_select += f", tf_{column}.tf_{column}"
            tf_join += f" LEFT JOIN tf_{column} USING ({column})"
        # Ordered by date of birth: a lookup's candidates mostly share one, so fetching
        # them by row id touches one row group instead of many.
        con.execute(
            f"""CREATE TABLE records AS
            SELECT p.*, c.cluster_id{tf_select}
            FROM prepared p JOIN clusters_in c USING ({UID}){tf_join}
            ORDER BY dob_text, surname_first, {UID}"""
        )
        con.execute(
            f"""CREATE TABLE links AS SELECT {UID}_l, {UID}_r, match_probability, match_weight
            FROM links_in ORDER BY {UID}_l, {UID}_r"""
        )
        # Each identity's records, sorted by identity: fetching a few identities' members
        # reads a few row groups (zone maps) instead of scanning every record.
        con.execute(
            f"CREATE TABLE members AS SELECT cluster_id, {UID} FROM records "
            f"ORDER BY cluster_id, {UID}"
        )
        con.execute(
            """CREATE TABLE identities AS
            SELECT cluster_id, count(*) AS size, list(DISTINCT source ORDER BY source) AS sources,
                   list(DISTINCT fin ORDER BY fin) FILTER (WHERE fin IS NOT NULL) AS fins,
                   list(DISTINCT a_number ORDER BY a_number) FILTER (WHERE a_number IS NOT NULL)
                       AS a_numbers
            FROM records GROUP BY cluster_id ORDER BY cluster_id"""
        )
        # Hashed and sorted, so a probe for one key reads one row group (zone maps);
        # rid is the record's row id, fetched directly. A hash collision only adds a
        # candidate, which scoring then rejects.
        con.execute(
            "CREATE TABLE blocking_keys AS SELECT hash(key) AS h, rid FROM ("
            + blocking_keys_sql(model.prediction_rules, "records", "rowid AS rid")
            + ") ORDER BY h"
        )
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        meta = {
            "format": INDEX_FORMAT,
            "format_version": str(INDEX_FORMAT_VERSION),
            "model": json.dumps(model.as_dict()),
            "summary": json.dumps(summary.as_dict(), sort_keys=True),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.execute("CHECKPOINT")
    finally:
        con.close()


@dataclass(frozen=True)
class BuildResult:
    """The index written, the model it used, and what the build did."""

    path: Path
    model: IdentityModel
    summary: BuildSummary


def build_index(
    records: pa.Table,
    out: Path,
    *,
    model: IdentityModel | None = None,
    link_type: LinkType = "dedupe_only",
    threshold: float | None = None,
    seed: int = 20151110,
    backend: Backend | None = None,
    step: Step | None = None,
) -> BuildResult:
    """Build the identity index of clean `records` (the common schema) into `out`.

    Without a model one is trained on the records themselves (no labels). `threshold`
    overrides the model's decision threshold for clustering.
    """
    backend = backend or get_backend("duckdb")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 2)
        clock = now
        if step is not None:
            step(name)

    if len(records) == 0:
        raise IdentityIndexError("no records to index")
    if threshold is not None:
        check_threshold(threshold)  # before training, which may take minutes
    prepared = prepare_records(records)
    lap("prepare")
    trained = model is None
    if model is None:
        model = train_model(prepared, link_type=link_type, seed=seed, backend=backend)
        lap("train")
    if threshold is not None:
        model = model.with_threshold(threshold)
    settings = model_settings(model, backend.dialect)
    linker = make_linker(backend, prepared, settings, model.link_type)
    predictions = linker.inference.predict(
        threshold_match_probability=STORE_MIN_PROBABILITY, warning_mode="never"
    )
    links = backend.to_arrow(predictions)
    lap("predict")
    clusters = backend.to_arrow(
        linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=model.threshold
        )
    ).select([UID, "cluster_id"])
    constrained = keep_conflicts_apart(clusters, links, prepared, model.threshold)
    clusters = constrained.clusters
    tf_tables = {
        c: backend.to_arrow(linker.table_management.compute_tf_table(c)) for c in tf_columns(model)
    }
    lap("cluster")
    sizes = clusters.group_by("cluster_id").aggregate([(UID, "count")])[f"{UID}_count"]
    counts = pc.value_counts(prepared["source"]).to_pylist()
    sources = {
        str(c["values"]): int(c["counts"]) for c in sorted(counts, key=lambda c: c["values"])
    }
    summary = BuildSummary(
        records=len(prepared),
        sources=sources,
        pairs_scored=len(links),
        links_at_threshold=int(
            pc.sum(pc.greater_equal(links["match_probability"], model.threshold)).as_py() or 0
        ),
        identities=len(sizes),
        largest_identity=int(pc.max(sizes).as_py() or 0),
        threshold=model.threshold,
        backend=backend.name,
        trained=trained,
        seconds=seconds,
        identities_split=constrained.split,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building")
    staging.unlink(missing_ok=True)
    try:
        _write(staging, prepared, links, clusters, tf_tables, model, summary)
        staging.replace(out)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    lap("write")
    # The single lookup's resident copy, written now so the first service start is quick.
    con = duckdb.connect(str(out), read_only=True)
    try:
        ResidentIndex.open(con, out, model)
    finally:
        con.close()
    lap("resident copy")
    backend.close()
    return BuildResult(out, model, summary)


def read_meta(con: duckdb.DuckDBPyConnection, origin: str) -> tuple[IdentityModel, dict[str, Any]]:
    """The model and build summary stored in an open index, after checking its format."""
    try:
        rows = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except duckdb.Error as exc:
        raise IdentityIndexError(f"{origin} is not a Probable identity index ({exc})") from exc
    if rows.get("format") != INDEX_FORMAT:
        raise IdentityIndexError(f"{origin} is not a Probable identity index")
    if rows.get("format_version") != str(INDEX_FORMAT_VERSION):
        raise IdentityIndexError(
            f"{origin} is identity index format version {rows.get('format_version')}; this "
            f"Probable reads version {INDEX_FORMAT_VERSION}. Rebuild it with "
            "`probable identity build`."
        )
    model = model_from_dict(json.loads(rows["model"]), origin=f"the model in {origin}")
    return model, json.loads(rows["summary"])
