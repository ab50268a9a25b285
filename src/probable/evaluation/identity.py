"""Scoring identity resolution against known truth: FEBRL4, any labelled file, the world.

Each evaluation builds (or opens) an identity index, then compares its pairwise links
at the decision threshold and its identities (clusters) with the truth labels. For a
simulated world it also looks up every booking as the response center would, and
counts bookings linked to a final removal order that belongs to someone else: the
wrong-person link that holds a person on another's record.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from probable.evaluation.febrl import load_febrl4
from probable.evaluation.linkage_metrics import (
    ClusterMetrics,
    PairwiseMetrics,
    cluster_metrics,
    pairwise_metrics,
)
from probable.evaluation.world_truth import (
    WrongOrderReport,
    unshared_record_labels,
    world_record_labels,
    wrong_final_order_links,
)
from probable.evidence.gather import fingerprint_clusters, record_links
from probable.identity.backends import Backend
from probable.identity.index import build_index
from probable.identity.lookup import IdentityIndex
from probable.identity.model import IdentityModel
from probable.identity.train import LinkType
from probable.sources import (
    clean_records,
    read_records_file,
    read_world_bookings,
    read_world_records,
)

Step = Callable[[str], None]


@dataclass(frozen=True)
class IdentityEvaluation:
    """Figures of one evaluation: pairwise and cluster metrics, and for a world, bookings."""

    dataset: str
    records: int
    threshold: float
    pairwise: PairwiseMetrics
    clusters: ClusterMetrics
    build: dict[str, Any]
    bookings: WrongOrderReport | None = None
    notes: list[str] = field(default_factory=list)
    #: For a world, the same figures over the records of the people who share their
    #: full name and date of birth with no one (`unshared_record_labels`): what the
    #: linker can tell apart, where a namesake's records can only be told apart by a
    #: FIN or an A-number.
    unshared: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "dataset": self.dataset,
            "records": self.records,
            "threshold": self.threshold,
            "pairwise": self.pairwise.as_dict(),
            "clusters": self.clusters.as_dict(),
            "build": self.build,
            "bookings": None if self.bookings is None else self.bookings.as_dict(),
            "notes": self.notes,
            **({} if self.unshared is None else {"unshared": self.unshared}),
        }


def _index_tables(index: Path) -> tuple[pa.Table, pa.Table]:
    """The index's stored links (as pairs) and its clusters."""
    con = duckdb.connect(str(index), read_only=True)
    try:
        pairs = con.sql(
            "SELECT uid_l AS record_id_l, uid_r AS record_id_r, match_probability FROM links"
        ).to_arrow_table()
        clusters = con.sql("SELECT uid AS record_id, cluster_id FROM records").to_arrow_table()
    finally:
        con.close()
    return pairs, clusters


def score_index(
    index: Path, labels: pa.Table, *, dataset: str, threshold: float | None = None
) -> IdentityEvaluation:
    """Pairwise and cluster figures of an index against `labels` (record_id, label, source)."""
    with IdentityIndex(index) as opened:
        model, summary = opened.model, opened.summary
    link_only = model.link_type == "link_only"
    pairs, clusters = _index_tables(index)
    chosen = model.threshold if threshold is None else threshold
    return IdentityEvaluation(
        dataset=dataset,
        records=len(clusters),
        threshold=chosen,
        pairwise=pairwise_metrics(pairs, labels, chosen, link_only=link_only),
        clusters=cluster_metrics(clusters, labels, link_only=link_only),
        build=summary,
    )


def score_unshared(index: Path, labels: pa.Table, threshold: float) -> dict[str, Any]:
    """Pairwise and cluster figures of `index` over the records `labels` names only."""
    pairs, clusters = _index_tables(index)
    keep = labels["record_id"]
    pairs = pairs.filter(
        pc.and_(pc.is_in(pairs["record_id_l"], keep), pc.is_in(pairs["record_id_r"], keep))
    )
    clusters = clusters.filter(pc.is_in(clusters["record_id"], keep))
    return {
        "records": len(labels),
        "people": len(pc.unique(labels["label"])),
        "pairwise": pairwise_metrics(pairs, labels, threshold).as_dict(),
        "clusters": cluster_metrics(clusters, labels).as_dict(),
    }


def _labelled_build(
    records: pa.Table,
    labels: pa.Table,
    *,
    dataset: str,
    link_type: LinkType,
    model: IdentityModel | None,
    threshold: float | None,
    backend: Backend | None,
    step: Step | None,
) -> IdentityEvaluation:
    with tempfile.TemporaryDirectory(prefix="probable-eval-") as tmp:
        index = Path(tmp) / "index.duckdb"
        build_index(
            records, index, model=model, link_type=link_type, threshold=threshold,
            backend=backend, step=step,
        )  # fmt: skip
        return score_index(index, labels, dataset=dataset)


def _labels(records: pa.Table, column: str) -> pa.Table:
    uids = [
        f"{s}:{r}"
        for s, r in zip(
            records["source"].to_pylist(), records["record_id"].to_pylist(), strict=True
        )
    ]
    return pa.table(
        {
            "record_id": pa.array(uids, pa.string()),
            "label": records[column].cast(pa.string()),
            "source": records["source"],
        }
    )


def evaluate_febrl4(
    *,
    model: IdentityModel | None = None,
    threshold: float | None = None,
    backend: Backend | None = None,
    step: Step | None = None,
) -> IdentityEvaluation:
    """Link FEBRL4's two files (5,000 true pairs) and score the links."""
    raw = load_febrl4()
    records = clean_records(raw.drop_columns(["true_id"]), what="FEBRL4")
    records = records.append_column("true_id", raw["true_id"])
    return _labelled_build(
        records.drop_columns(["true_id"]), _labels(records, "true_id"),
        dataset="febrl4", link_type="link_only", model=model, threshold=threshold,
        backend=backend, step=step,
    )  # fmt: skip


def evaluate_records_file(
    path: Path,
    truth_column: str,
    *,
    model: IdentityModel | None = None,
    threshold: float | None = None,
    link_only: bool = False,
    backend: Backend | None = None,
    step: Step | None = None,
) -> IdentityEvaluation:
    """Deduplicate (or link) a labelled common-schema file and score it by `truth_column`."""
    records = read_records_file(path, keep_columns=[truth_column])
    labels = _labels(records, truth_column)
    return _labelled_build(
        records.drop_columns([truth_column]), labels, dataset=str(path),
        link_type="link_only" if link_only else "dedupe_only", model=model,
        threshold=threshold, backend=backend, step=step,
    )  # fmt: skip


def booking_links(index: IdentityIndex, world_dir: Path) -> pa.Table:
    """Every booking's links as the center sees them: records linked at the threshold
    (fingerprint or biographic), and the rest of each fingerprint-linked record's identity."""
    bookings = read_world_bookings(world_dir)
    results = index.lookup_many(bookings)
    members = index.identities(fingerprint_clusters(results))
    rows: list[tuple[str, str, float | None, str]] = []
    for booking_id, result in zip(bookings["record_id"].to_pylist(), results, strict=True):
        linked, _ = record_links(result, members)
        rows.extend((booking_id, lk.uid, lk.probability, lk.kind) for lk in linked)
    return pa.table(
        {
            "booking_id": pa.array([r[0] for r in rows], pa.string()),
            "record_id": pa.array([r[1] for r in rows], pa.string()),
            "match_probability": pa.array([r[2] for r in rows], pa.float64()),
            "link_kind": pa.array([r[3] for r in rows], pa.string()),
        }
    )


def evaluate_world(
    world_dir: Path,
    *,
    index: Path | None = None,
    model: IdentityModel | None = None,
    threshold: float | None = None,
    backend: Backend | None = None,
    step: Step | None = None,
) -> IdentityEvaluation:
    """Score a world's identity index (built here unless given) and its booking links."""
    labels = world_record_labels(world_dir)
    with tempfile.TemporaryDirectory(prefix="probable-eval-") as tmp:
        if index is None:
            index = Path(tmp) / "index.duckdb"
            build_index(
                read_world_records(world_dir), index, model=model, threshold=threshold,
                backend=backend, step=step,
            )  # fmt: skip
        result = score_index(index, labels, dataset=str(world_dir), threshold=threshold)
        unshared = score_unshared(index, unshared_record_labels(world_dir), result.threshold)
        with IdentityIndex(index) as opened:
            links = booking_links(opened, world_dir)
        if step is not None:
            step("bookings")
        report = wrong_final_order_links(links, world_dir)
    return IdentityEvaluation(
        dataset=result.dataset, records=result.records, threshold=result.threshold,
        pairwise=result.pairwise, clusters=result.clusters, build=result.build,
        bookings=report, unshared=unshared,
    )  # fmt: skip
