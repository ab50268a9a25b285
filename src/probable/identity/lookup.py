"""Looking up one booking subject in the identity index, fast, with Splink's own scores.

The lookup does what Splink's `predict_between` does for one record, without its
per-call set-up: the subject's blocking keys are probed against the index's sorted
key table, and only those candidates are scored by Splink's own SQL for the model
(comparison vectors), with Splink's match weights and term frequencies. The
probabilities are therefore Splink's, to the last bit.

Two ways to the same vectors: with the index's resident copy mapped
(`probable.identity.resident`), candidates are found by binary search and their
vectors evaluated from Splink's CASE SQL in Python (`probable.identity.vectors`),
under a millisecond; without it, or for a value the Python evaluator cannot promise
to compare as DuckDB does, DuckDB runs the SQL itself, in about ten.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from probable.identity.blocking import KEY_SEP, blocking_keys_sql
from probable.identity.explain import Link, links_from_vectors
from probable.identity.index import IdentityIndexError, read_meta, tf_columns
from probable.identity.model import IdentityModel
from probable.identity.prepare import UID, prepare_one, prepare_records
from probable.identity.resident import ResidentIndex, keys_path, members_path, records_path
from probable.identity.score import Scorer, splink_settings
from probable.identity.vectors import (
    ComparisonVectors,
    NotExactError,
    UnsupportedSQLError,
    case_statements,
    compared_columns,
)


def vectors_sql(model: IdentityModel, pairs_from: str, prefix_ctes: Sequence[str] = ()) -> str:
    """The comparison vector of every pair `pairs_from` yields, by Splink's own CASE SQL.

    `pairs_from` is a FROM clause naming the subject side `l` and the record side `r`,
    both prepared records with their `tf_*` columns; each row also carries the compared
    values and the record's source, id and identity.
    """
    settings = splink_settings(model)
    settings._retain_matching_columns = True
    blocked = ", ".join(settings._columns_to_select_for_blocking)
    gammas = ", ".join(c._case_statement for c in settings.comparisons)
    ctes = [
        *prefix_ctes,
        f"__probable_pairs AS (SELECT {blocked}, r.source AS record_source, "
        f"r.record_id AS record_record_id, r.cluster_id AS record_cluster_id {pairs_from})",
    ]
    return "WITH " + ",\n".join(ctes) + f"\nSELECT *, {gammas} FROM __probable_pairs"


def _param_type(field: pa.Field) -> str:
    if pa.types.is_list(field.type):
        return "VARCHAR[]"
    if pa.types.is_date(field.type):
        return "DATE"
    if pa.types.is_integer(field.type):
        return "INTEGER"
    if pa.types.is_floating(field.type):
        return "DOUBLE"
    return "VARCHAR"


#: The comparisons whose values must be equal for two records to share a name and birth
#: date.
_NAME_AND_DOB = frozenset({"given_name", "surname", "date_of_birth"})


def _same_name_and_dob(link: Link) -> bool:
    """The record's given name, family name and date of birth are the subject's."""
    shown = [c for c in link.contributions if c.comparison in _NAME_AND_DOB]
    return len(shown) == len(_NAME_AND_DOB) and all(
        c.subject_value is not None and c.subject_value == c.record_value for c in shown
    )


@dataclass(frozen=True)
class LookupResult:
    """The candidate records of one subject, strongest first, with how each was linked."""

    subject_id: str
    links: tuple[Link, ...]
    threshold: float

    def linked(self) -> tuple[Link, ...]:
        """Links at or above the decision threshold (a conflicting FIN record is not one)."""
        return tuple(lk for lk in self.links if lk.probability >= self.threshold)

    def conflicts(self) -> tuple[Link, ...]:
        """Records carrying the subject's FIN whose biographics say another person."""
        return tuple(lk for lk in self.links if lk.kind == "fingerprint_conflict")

    def namesake_identities(self) -> int:
        """Identities other than the fingerprint-linked ones whose records carry the
        subject's given name, family name and date of birth exactly: the other people
        a link on those alone could be."""
        own = {lk.cluster_id for lk in self.linked() if lk.kind == "fingerprint"}
        others = {
            lk.cluster_id
            for lk in self.links
            if lk.cluster_id is not None and lk.cluster_id not in own and _same_name_and_dob(lk)
        }
        return len(others)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "subject_id": self.subject_id,
            "threshold": self.threshold,
            "links": [lk.as_dict() for lk in self.links],
        }


class IdentityIndex:
    """An open identity index: lookups and identities. Safe to share between threads."""

    def __init__(self, path: Path, *, resident: bool = False) -> None:
        """Open the index; with `resident`, also map (writing if needed) its resident copy.

        Without it, a resident copy already written beside the file is mapped if it is
        this build's; otherwise lookups ask DuckDB.
        """
        if not path.is_file():
            raise IdentityIndexError(f"identity index not found: {path}")
        self.path = path
        try:
            self._con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            raise IdentityIndexError(f"cannot open identity index {path}: {exc}") from exc
        try:
            self._open()
            self._resident = self._map_resident(write=resident)
        except BaseException:
            # Left open, the file stays locked in this process while the error lives.
            self._con.close()
            raise

    def _open(self) -> None:
        """Read the model and prepare the lookup queries."""
        self.model, self.summary = read_meta(self._con, f"identity index {self.path}")
        self._scorer = Scorer(self.model)
        self._tf = tf_columns(self.model)
        self._tf_values = {
            c: dict(self._con.execute(f"SELECT {c}, tf_{c} FROM tf_{c}").fetchall())
            for c in self._tf
        }
        fields = list(self._con.sql("SELECT * FROM records LIMIT 0").to_arrow_table().schema)
        self._subject_columns = [f.name for f in fields if f.name != "cluster_id"]
        subject = ", ".join(
            f"${i + 1}::{_param_type(f)} AS {f.name}"
            for i, f in enumerate(f for f in fields if f.name != "cluster_id")
        )
        rids = f"${len(self._subject_columns) + 1}::BIGINT[]"
        self._single = vectors_sql(
            self.model,
            f"FROM subject l CROSS JOIN (SELECT * FROM records WHERE rowid IN "
            f"(SELECT unnest({rids}))) r",
            [f"subject AS (SELECT {subject})"],
        )
        self._batch = vectors_sql(
            self.model,
            "FROM (SELECT DISTINCT k.uid AS s, b.rid FROM subject_keys k "
            "JOIN blocking_keys b ON b.h = hash(k.key)) pairs "
            f"JOIN subject l ON l.{UID} = pairs.s JOIN records r ON r.rowid = pairs.rid",
            [f"subject_keys AS ({blocking_keys_sql(self.model.prediction_rules, 'subject')})"],
        )
        self._local = threading.local()
        # Indexes built before the members table existed read members from `records`.
        tables = {
            r[0] for r in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        self._members = "members" if "members" in tables else "records"
        self._compared = compared_columns(self.model)
        self._vectors: ComparisonVectors | None
        try:
            self._vectors = ComparisonVectors(case_statements(self.model))
        except UnsupportedSQLError:
            self._vectors = None  # a model using SQL the evaluator lacks: DuckDB scores

    def _map_resident(self, *, write: bool) -> ResidentIndex | None:
        """The resident copy, mapped; None when the lookup cannot use one."""
        if self._vectors is None:
            return None
        copies = (keys_path(self.path), members_path(self.path), records_path(self.path))
        if not write and not all(p.is_file() for p in copies):
            return None
        try:
            return ResidentIndex.open(self._con, self.path, self.model, write=write)
        except ValueError:
            return None  # not this build's copy (and not to be written), or unusable

    @property
    def resident(self) -> bool:
        """Whether lookups read the resident copy (else DuckDB runs every one)."""
        return self._resident is not None

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the index."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cur = cur
        return cur

    def close(self) -> None:
        """Close the index file."""
        self._con.close()

    def __enter__(self) -> IdentityIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def blocking_keys(self, prepared: Mapping[str, Any]) -> list[str]:
        """The subject's blocking keys, formatted as `blocking_keys_sql` formats them."""
        out = []
        for name, columns in self.model.prediction_rules.items():
            values = [prepared.get(c) for c in columns]
            if all(v is not None for v in values):
                out.append(KEY_SEP.join([name, *(str(v) for v in values)]))
        return out

    def candidates(self, keys: Sequence[str]) -> list[int]:
        """Row ids of the records sharing any of `keys`: one pruned probe per key."""
        if not keys:
            return []
        probes = " UNION ALL ".join(
            f"SELECT rid FROM blocking_keys WHERE h = hash(${i + 1}::VARCHAR)"
            for i in range(len(keys))
        )
        rows = self._cursor().execute(probes, list(keys)).fetchall()
        return sorted({r[0] for r in rows})

    def lookup(self, subject: Mapping[str, Any], *, limit: int = 50) -> LookupResult:
        """Score the index's candidates for one subject: one clean common-schema record.

        The subject's FIN, from the fingerprint match, marks the records carrying it as
        fingerprint links; every other link is biographic.
        """
        prepared = prepare_one(subject)
        for c in self._tf:
            prepared[f"tf_{c}"] = self._tf_values[c].get(prepared.get(c))
        keys = self.blocking_keys(prepared)
        if self._resident is not None and self._vectors is not None:
            try:
                rows = self._resident_rows(prepared, keys, self._resident, self._vectors)
            except NotExactError:
                pass  # DuckDB compares this subject's values itself, below
            else:
                found = links_from_vectors(rows, self._scorer, self.model.threshold)
                fast = found.get(prepared[UID], [])
                return LookupResult(prepared[UID], tuple(fast[:limit]), self.model.threshold)
        rids = self.candidates(keys)
        links: list[Link] = []
        if rids:
            params = [prepared.get(c) for c in self._subject_columns]
            params.append(rids)
            # execute + fetchall: the relation API (`sql`) binds the query twice, which
            # costs more than scoring a handful of candidates.
            cursor = self._cursor()
            fetched = cursor.execute(self._single, params).fetchall()
            names = [column[0] for column in cursor.description or ()]
            rows = [dict(zip(names, row, strict=True)) for row in fetched]
            links = links_from_vectors(rows, self._scorer, self.model.threshold).get(
                prepared[UID], []
            )
        return LookupResult(prepared[UID], tuple(links[:limit]), self.model.threshold)

    def _resident_rows(
        self,
        prepared: Mapping[str, Any],
        keys: Sequence[str],
        resident: ResidentIndex,
        vectors: ComparisonVectors,
    ) -> list[dict[str, Any]]:
        """The comparison-vector rows of the subject's candidates, from the resident copy."""
        out = []
        for record in resident.rows(resident.candidates(keys)):
            row: dict[str, Any] = {}
            for c in self._compared:
                row[f"{c}_l"] = prepared.get(c)
                row[f"{c}_r"] = record[c]
            row["record_source"] = record["source"]
            row["record_record_id"] = record["record_id"]
            row["record_cluster_id"] = record["cluster_id"]
            row.update(vectors(row))
            out.append(row)
        return out

    def lookup_many(self, subjects: pa.Table, *, limit: int = 50) -> list[LookupResult]:
        """`lookup` for every row of `subjects` in one query (to evaluate many bookings)."""
        cur = self._con.cursor()
        try:
            prepared = prepare_records(subjects, cur)
            cur.register("subject_prepared", prepared)
            tf_cols = "".join(f", tf_{c}.tf_{c}" for c in self._tf)
            tf_joins = " ".join(f"LEFT JOIN tf_{c} USING ({c})" for c in self._tf)
            cur.execute(
                f"CREATE TEMP TABLE subject AS SELECT subject_prepared.*{tf_cols} "
                f"FROM subject_prepared {tf_joins}"
            )
            table = cur.sql(self._batch).to_arrow_table()
        finally:
            cur.close()
        by_subject = links_from_vectors(table, self._scorer, self.model.threshold)
        return [
            LookupResult(sid, tuple(by_subject.get(sid, [])[:limit]), self.model.threshold)
            for sid in prepared[UID].to_pylist()
        ]

    def identities(self, cluster_ids: Sequence[str]) -> dict[str, list[str]]:
        """The record uids of each identity (cluster) named."""
        if not cluster_ids:
            return {}
        if self._resident is not None:
            return self._resident.members(cluster_ids)
        marks = ", ".join("?" * len(cluster_ids))
        rows = (
            self._cursor()
            .execute(
                f"SELECT cluster_id, {UID} FROM {self._members} WHERE cluster_id IN ({marks}) "
                f"ORDER BY cluster_id, {UID}",
                list(cluster_ids),
            )
            .fetchall()
        )
        out: dict[str, list[str]] = {c: [] for c in cluster_ids}
        for cluster, uid in rows:
            out[cluster].append(uid)
        return out
