"""Links and their explanations: what each comparison added to the match weight.

A `Link` is one scored pair, the subject and a record, with Splink's probability and
match weight and the waterfall of contributions: the prior, then for every
comparison the level it reached (by its readable label), the values compared and the
weight that level (and its term-frequency adjustment) added. A link through the FIN
that the fingerprint match returned is a `fingerprint` link and stays marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pyarrow as pa

from probable.identity.comparisons import CATALOGUE
from probable.identity.prepare import UID
from probable.identity.score import Scorer, probability

#: fingerprint: the record carries the FIN the booking's fingerprints matched, and its
#: biographics agree (probability at the threshold); biographic: linked on biographics
#: alone; fingerprint_conflict: the FIN matches but the biographics say another person
#: (a record-system error to report, never a link).
LinkKind = Literal["fingerprint", "biographic", "fingerprint_conflict"]

#: The prepared column shown for a comparison when it differs from the catalogue's.
_SHOWN = {"date_of_birth": "dob_text"}


@dataclass(frozen=True)
class Contribution:
    """One step of the waterfall: a comparison, the level reached, and its weight."""

    comparison: str
    level: str
    gamma: int
    match_weight: float
    subject_value: Any = None
    record_value: Any = None


@dataclass(frozen=True)
class Link:
    """The subject and one record: probability, weight, kind, and why."""

    subject_id: str
    uid: str
    source: str
    record_id: str
    cluster_id: str | None
    probability: float
    match_weight: float
    kind: LinkKind
    contributions: tuple[Contribution, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def _shown_column(comparison: str) -> str | None:
    if comparison in _SHOWN:
        return _SHOWN[comparison]
    entry = CATALOGUE.get(comparison)
    return entry[0] if entry else None


def links_from_vectors(
    rows: pa.Table | Sequence[Mapping[str, Any]] | None, scorer: Scorer, threshold: float
) -> dict[str, list[Link]]:
    """Links by subject id, strongest first, from comparison-vector rows (l = the subject).

    Each row holds the pair's ids, the record's source, id and identity, every
    `gamma_<comparison>`, the compared values and the term frequencies. `rows` is an
    Arrow table or the same rows as mappings (a single lookup fetches them directly).
    """
    if rows is None or len(rows) == 0:
        return {}
    out: dict[str, list[Link]] = {}
    for row in rows.to_pylist() if isinstance(rows, pa.Table) else rows:
        if row[f"{UID}_l"] == row[f"{UID}_r"]:
            continue  # a record looked up against the index that holds it
        steps = scorer.contributions(row)
        weight = scorer.match_weight(steps)
        contributions = [Contribution("prior", "prior odds of a match", 0, scorer.prior_weight)]
        for name, label, gamma, w in steps:
            shown = _shown_column(name)
            contributions.append(
                Contribution(
                    name, label, gamma, w,
                    row.get(f"{shown}_l") if shown else None,
                    row.get(f"{shown}_r") if shown else None,
                )
            )  # fmt: skip
        fin_l, fin_r = row.get("fin_l"), row.get("fin_r")
        p = probability(weight)
        kind: LinkKind = "biographic"
        if fin_l is not None and fin_l == fin_r:
            kind = "fingerprint" if p >= threshold else "fingerprint_conflict"
        link = Link(
            subject_id=str(row[f"{UID}_l"]),
            uid=str(row[f"{UID}_r"]),
            source=str(row["record_source"]),
            record_id=str(row["record_record_id"]),
            cluster_id=row["record_cluster_id"],
            probability=p,
            match_weight=weight,
            kind=kind,
            contributions=tuple(contributions),
        )
        out.setdefault(link.subject_id, []).append(link)
    for links in out.values():
        links.sort(key=lambda lk: (-lk.match_weight, lk.uid))
    return out
