"""Keeping records that carry conflicting hard identifiers in separate identities.

Splink's clustering joins every pair linked at the threshold, so a chain of name and
date-of-birth links can put two people who share both (namesakes, a Jr. and his Sr.)
into one identity even where their FINs or A-numbers say they are two. A FIN is one
fingerprint identity; two A-numbers more than a typing slip apart are two files. Such a
cluster is rebuilt here from its own links, strongest first, joining two parts only
when their hard identifiers agree (a cannot-link constraint, applied greedily as in
constrained agglomerative clustering). Clusters without a conflict, nearly all, are
left as Splink made them.

A person with two A-numbers (a duplicate file) is split too: the cost is a second
identity an officer can see through its biographic links, where the merge would put a
stranger's order inside the fingerprint identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from probable.identity.prepare import UID
from probable.sources.slips import all_within_one_slip

__all__ = ["ConstrainedClusters", "keep_conflicts_apart"]


@dataclass(slots=True)
class _Part:
    """A part being built: its records' FIN and A-numbers."""

    fins: set[str]
    a_numbers: set[str]

    def agrees(self, other: _Part) -> bool:
        if self.fins and other.fins and self.fins != other.fins:
            return False
        return all_within_one_slip(self.a_numbers, other.a_numbers)


@dataclass(frozen=True)
class ConstrainedClusters:
    """The clusters after splitting, and how many Splink clusters were split."""

    clusters: pa.Table
    split: int
    added: int


def _conflicted(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Clusters holding two FINs or two A-numbers (typing slips are sorted out later)."""
    rows = con.execute(
        f"""SELECT c.cluster_id FROM clusters_in c JOIN hard h USING ({UID})
            GROUP BY c.cluster_id
            HAVING count(DISTINCT h.fin) > 1 OR count(DISTINCT h.a_number) > 1
            ORDER BY c.cluster_id"""
    ).fetchall()
    return [str(r[0]) for r in rows]


#: A record with no FIN or A-number whose link into another, conflicting part is within
#: this many bits of its best link into its own (a factor of ten) cannot be told apart
#: between them and joins neither.
AMBIGUITY_BITS = 3.32

#: Links fetched from DuckDB at a time.
_BATCH = 50_000


def _split_one(
    uids: Sequence[str],
    hard: dict[str, tuple[str | None, str | None]],
    edges: Sequence[tuple[str, str, float]],
) -> dict[str, str]:
    """Each record's new cluster id: the parts joined greedily along `edges` (strongest
    first), then each record without a hard identifier that links as strongly into a
    conflicting part taken out on its own."""
    parent = {u: u for u in uids}
    parts = {
        u: _Part({f} if (f := hard[u][0]) else set(), {a} if (a := hard[u][1]) else set())
        for u in uids
    }

    def root(u: str) -> str:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for left, right, _ in edges:
        a, b = root(left), root(right)
        if a == b or not parts[a].agrees(parts[b]):
            continue
        keep, gone = (a, b) if a < b else (b, a)
        parent[gone] = keep
        parts[keep].fins |= parts[gone].fins
        parts[keep].a_numbers |= parts[gone].a_numbers
    home = {u: root(u) for u in uids}
    best: dict[tuple[str, str], float] = {}
    for left, right, weight in edges:
        for u, v in ((left, right), (right, left)):
            if hard[u] == (None, None):
                key = (u, home[v])
                best[key] = max(best.get(key, weight), weight)
    alone: set[str] = set()
    for (u, part), weight in best.items():
        own = home[u]
        if part == own or parts[own].agrees(parts[part]):
            continue
        if weight >= best.get((u, own), float("-inf")) - AMBIGUITY_BITS:
            alone.add(u)
    members: dict[str, list[str]] = {}
    for u in uids:
        members.setdefault(u if u in alone else home[u], []).append(u)
    return {u: min(group) for group in members.values() for u in group}


def keep_conflicts_apart(
    clusters: pa.Table, links: pa.Table, prepared: pa.Table, threshold: float
) -> ConstrainedClusters:
    """`clusters` (uid, cluster_id) with each conflicted cluster rebuilt from its links.

    `links` are the scored pairs (uid_l, uid_r, match_probability, match_weight); only
    those at the `threshold` join records, by match weight, strongest first (the
    probability rounds to 1 long before the weight stops telling links apart; ties by
    uid, so a build is repeatable).
    A new part's id is its smallest uid, as Splink names its clusters.
    """
    con = duckdb.connect()
    try:
        con.register("clusters_in", clusters.select([UID, "cluster_id"]))
        con.register("hard", prepared.select([UID, "fin", "a_number"]))
        scored = ["uid_l", "uid_r", "match_probability", "match_weight"]
        con.register("links_in", links.select(scored))
        conflicted = _conflicted(con)
        if not conflicted:
            return ConstrainedClusters(clusters.select([UID, "cluster_id"]), 0, 0)
        con.register("conflicted", pa.table({"cluster_id": pa.array(conflicted, pa.string())}))
        records = con.execute(
            f"""SELECT c.cluster_id, c.{UID}, h.fin, h.a_number
                FROM clusters_in c JOIN conflicted USING (cluster_id) JOIN hard h USING ({UID})
                ORDER BY c.cluster_id, c.{UID}"""
        ).fetchall()
        unchanged = con.sql(
            f"""SELECT c.{UID}, c.cluster_id FROM clusters_in c
                ANTI JOIN conflicted USING (cluster_id)"""
        ).to_arrow_table()
        by_cluster: dict[str, list[str]] = {}
        hard: dict[str, tuple[str | None, str | None]] = {}
        for cluster_id, uid, fin, a_number in records:
            by_cluster.setdefault(cluster_id, []).append(uid)
            hard[uid] = (fin, a_number)
        new_ids: dict[str, str] = {}
        split = added = 0

        def rebuild(cluster_id: str, edges: Sequence[tuple[str, str, float]]) -> None:
            nonlocal split, added
            ids = _split_one(by_cluster.pop(cluster_id), hard, edges)
            parts = len(set(ids.values()))
            if parts > 1:
                split += 1
                added += parts - 1
            new_ids.update(ids)

        # One cluster's links at a time, in cluster order: the conflicted clusters' links
        # can be millions where namesakes are dense, and are never all held at once.
        cursor = con.execute(
            f"""SELECT a.cluster_id, l.uid_l, l.uid_r, l.match_weight FROM links_in l
                JOIN clusters_in a ON a.{UID} = l.uid_l JOIN clusters_in b ON b.{UID} = l.uid_r
                JOIN conflicted k ON k.cluster_id = a.cluster_id
                WHERE a.cluster_id = b.cluster_id AND l.match_probability >= ?
                ORDER BY a.cluster_id, l.match_weight DESC, l.uid_l, l.uid_r""",
            [threshold],
        )
        current: str | None = None
        edges: list[tuple[str, str, float]] = []
        while rows := cursor.fetchmany(_BATCH):
            for cluster_id, left, right, weight in rows:
                if cluster_id != current:
                    if current is not None:
                        rebuild(current, edges)
                    current, edges = cluster_id, []
                edges.append((left, right, weight))
        if current is not None:
            rebuild(current, edges)
        for cluster_id in list(by_cluster):  # a conflicted cluster with no link left
            rebuild(cluster_id, [])
    finally:
        con.close()
    rebuilt = pa.table(
        {
            UID: pa.array(list(new_ids), pa.string()),
            "cluster_id": pa.array(list(new_ids.values()), pa.string()),
        }
    )
    return ConstrainedClusters(
        pa.concat_tables([unchanged.cast(rebuilt.schema), rebuilt]), split, added
    )
