"""Why a wrongful hold happened, traced through the world's truth and error log.

For each hold on a U.S. citizen or a person who could not be removed, the truth says
which records were really theirs and which errors the simulator applied to them; the
first cause in `CAUSES` order that explains the hold is reported (another person's
record linked to them, a wrong birthplace, a citizenship no record shows...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from probable.evaluation.world_truth import attach_world
from probable.evidence.file import EvidenceFile
from probable.law.determination import Determination
from probable.world.schemas import RECORD_COLUMNS
from probable.world.truth import TruthReader

if TYPE_CHECKING:
    from probable.evaluation.corroboration import PersonTruth
    from probable.evaluation.whatif import Outcome

#: Causes of a wrongful hold, in the order they are tested.
CAUSES = (
    "wrong_person_link",
    "wrong_birthplace",
    "derived_citizenship",
    "acquired_citizenship",
    "missing_naturalization",
    "stale_status",
    "name_or_dob_error",
    "coverage_gap",
    "other",
)

#: Each cause in a sentence, for people reading a report.
CAUSE_TEXT = {
    "wrong_person_link": "another person's record was linked to them",
    "wrong_birthplace": "a U.S.-born citizen whose record gives a foreign birthplace",
    "derived_citizenship": "a citizen by derivation; no record says so",
    "acquired_citizenship": "a citizen from birth abroad; no record says so",
    "missing_naturalization": "naturalized, but the records still show a resident",
    "stale_status": "a status record never updated",
    "name_or_dob_error": "their own status record was not linked to them",
    "coverage_gap": "their status record was never made",
    "other": "no traced cause",
}

#: The systems whose records show status.
_STATUS_SOURCES = ("cis", "claims3", "claims4", "adis", "eoir")
#: The systems whose records can carry an order, proceedings or a conviction.
_DECISIVE_SOURCES = ("eid", "eoir", "iii")
_LINK_ERRORS = ("typo", "name_variant", "swapped_surnames", "dob_day_month_swap")


@dataclass(frozen=True)
class WrongfulHold:
    """One wrongful hold, who it fell on (truth), what it rested on, and why."""

    booking_id: str
    person_id: int
    label: str
    bases: tuple[str, ...]
    records: tuple[tuple[str, str], ...]
    """(source, record id) of the records the hold rested on."""
    held_on: tuple[str, ...]
    """Each basis of the hold in a sentence, citing its records."""
    cause: str
    detail: str = ""

    def explain(self) -> str:
        """The cause in a sentence."""
        text = CAUSE_TEXT[self.cause]
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class _Errors:
    owned: dict[tuple[str, str], date] = field(default_factory=dict)
    errors: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    record_errors: defaultdict[tuple[str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )


def _read_errors(world_dir: Path, people: Sequence[int]) -> dict[int, _Errors]:
    out: dict[int, _Errors] = defaultdict(_Errors)
    if not people:
        return out
    recorded = " UNION ALL ".join(
        f"SELECT '{s}' AS source, {RECORD_COLUMNS[s].record_id} AS record_id, recorded_at "
        f"FROM w.{s}"
        for s in dict.fromkeys((*_STATUS_SOURCES, *_DECISIVE_SOURCES))
    )
    with TruthReader(world_dir) as truth:
        con = truth.connection
        attach_world(con, world_dir)
        for person_id, source, record_id, when in con.execute(
            f"""SELECT o.person_id, o.source, o.record_id, r.recorded_at
            FROM record_owners o JOIN ({recorded}) r USING (source, record_id)
            WHERE o.person_id IN (SELECT unnest($1::BIGINT[]))""",
            [list(people)],
        ).fetchall():
            out[int(person_id)].owned[(source, record_id)] = when
        for person_id, source, record_id, error_type in con.execute(
            """SELECT person_id, source, record_id, error_type FROM errors
            WHERE person_id IN (SELECT unnest($1::BIGINT[]))""",
            [list(people)],
        ).fetchall():
            found = out[int(person_id)]
            found.errors[error_type].add(source)
            if record_id is not None:
                found.record_errors[(source, record_id)].add(error_type)
    return out


def trace_causes(
    world_dir: Path,
    wrongful: Sequence[tuple[Outcome, Determination, EvidenceFile]],
    truth: Mapping[str, PersonTruth],
) -> list[WrongfulHold]:
    """The cause of each wrongful hold, first match in `CAUSES` order."""
    errors = _read_errors(
        world_dir, sorted({truth[o.booking_id].person_id for o, _, _ in wrongful})
    )
    out = []
    for outcome, determination, evidence in wrongful:
        person = truth[outcome.booking_id]
        records = tuple(
            sorted(
                {(f.provenance.source, f.provenance.record_id) for b in determination.bases
                 for f in b.facts}
            )
        )  # fmt: skip
        linked = {(f.provenance.source, f.provenance.record_id) for f in evidence.facts}
        cause, detail = _cause(person, outcome.bases, records, linked, evidence.as_of,
                               errors[person.person_id])  # fmt: skip
        out.append(
            WrongfulHold(
                booking_id=outcome.booking_id,
                person_id=person.person_id,
                label=outcome.label,
                bases=outcome.bases,
                records=records,
                held_on=tuple(b.summary for b in determination.bases),
                cause=cause,
                detail=detail,
            )
        )
    return out


def _cause(
    person: PersonTruth,
    bases: tuple[str, ...],
    records: tuple[tuple[str, str], ...],
    linked: set[tuple[str, str]],
    day: date,
    found: _Errors,
) -> tuple[str, str]:
    """The first cause, in `CAUSES` order, that explains a wrongful hold."""
    owned = found.owned
    if set(bases) & {"final_order", "pending_proceedings", "removable_conviction"}:
        # An order may rest on a status record alone (CIS showing a final order): then
        # that record decides whose it was (a namesake's, say).
        decisive = [r for r in records if r[0] in _DECISIVE_SOURCES] or list(records)
        if decisive and not any(r in owned for r in decisive):
            return "wrong_person_link", ",".join(sorted({r[0] for r in decisive}))
    if person.path == "usc_born":
        return "wrong_birthplace", ""
    if person.path == "usc_derived":
        return "derived_citizenship", ""
    if person.path == "usc_acquired":
        return "acquired_citizenship", ""
    if person.path == "usc_naturalized" and person.citizen:
        return "missing_naturalization", ",".join(
            sorted(k for k in found.errors if k.startswith("naturalization") or k == "stale_status")
        )
    if found.errors.get("stale_status"):
        return "stale_status", ",".join(sorted(found.errors["stale_status"]))
    missed = [
        key
        for key, when in owned.items()
        if key[0] in _STATUS_SOURCES and key not in linked and when <= day
    ]
    if missed:
        kinds = sorted(
            {e for key in missed for e in found.record_errors.get(key, ())} & set(_LINK_ERRORS)
        )
        return "name_or_dob_error", ",".join(kinds) or "not linked"
    if found.errors.get("coverage_gap"):
        return "coverage_gap", ",".join(sorted(found.errors["coverage_gap"]))
    return "other", ""
