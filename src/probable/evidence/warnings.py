"""Data-quality warnings: why a source or a record deserves less trust than it seems to.

Some warnings follow from the facts alone and are recomputed whenever the file is
(`fact_warnings`: what each contributing source was not designed for and its known
gaps, a foreign birthplace no status system records, records linked only by
biographics below certainty); others are about records that never became facts
(`record_warnings`: entered after the file's day, investigation-only sources reached by
the automated check, records carrying the subject's FIN but another person's
biographics) and are kept as they are. Messages name sources and record ids only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache

from probable.evidence.facts import Fact
from probable.evidence.file import DataWarning
from probable.sources.catalogue import catalogue

#: Warning kinds `fact_warnings` and `probable.evidence.conflicts.find_stale` derive from
#: facts; any other kind describes records and is carried over when a file is reassessed.
DERIVED_KINDS = frozenset({"not_designed_for", "coverage_gap", "weak_link", "stale", "set_aside"})

#: The systems that record lawful status; a foreign-born subject with none of their
#: records gets a "coverage_gap" warning (absence of a record is not evidence).
STATUS_SYSTEMS = ("cis", "claims3", "claims4", "adis", "eoir")

#: A biographic link below this probability gets a "weak_link" warning.
CERTAIN_LINK = 0.999


@cache
def not_designed_for() -> Mapping[str, str]:
    """Each catalogued source's `not_designed_for`, joined into one message (cached)."""
    return {name: "; ".join(info.not_designed_for) for name, info in catalogue().items()}


@cache
def _source_messages() -> Mapping[str, tuple[tuple[str, str], ...]]:
    """Each catalogued source's ("not_designed_for", message) and ("coverage_gap", its
    known flaws) warnings, worded once (every booking's file repeats them)."""
    out = {}
    for name, info in catalogue().items():
        found = [("not_designed_for", f"{name} is not designed for {not_designed_for()[name]}")]
        if info.flaws:
            found.append(
                ("coverage_gap", f"{name}'s known gaps and flaws: {'; '.join(info.flaws)}")
            )
        out[name] = tuple(found)
    return out


def _status_gap(facts: Sequence[Fact]) -> DataWarning | None:
    """A foreign birthplace on file and no record from any status system."""
    foreign = [f for f in facts if f.kind == "birthplace" and f.value and f.value.upper() != "US"]
    if not foreign or any(f.provenance.source in STATUS_SYSTEMS for f in facts):
        return None
    return DataWarning(
        "coverage_gap",
        "a foreign birthplace and no record in any status system "
        f"({', '.join(STATUS_SYSTEMS)}): the absence of a record is not evidence of "
        "removability (Policy 10074.2); the systems miss derived and acquired citizens, "
        "late naturalizations and unpropagated grants",
        facts=tuple(foreign),
    )


def fact_warnings(facts: Sequence[Fact]) -> tuple[DataWarning, ...]:
    """Per contributing catalogued source a "not_designed_for" and a "coverage_gap" (its
    known flaws); a "coverage_gap" for a foreign birthplace with no status record; one
    "weak_link" per record linked below certainty."""
    messages = _source_messages()
    by_source: dict[str, list[Fact]] = {}
    weak: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        p = fact.provenance
        if p.source in messages:
            by_source.setdefault(p.source, []).append(fact)
        if p.link == "biographic" and (p.probability is None or p.probability < CERTAIN_LINK):
            weak.setdefault((p.source, p.record_id), []).append(fact)
    found = [
        DataWarning(kind, message, source=source, facts=tuple(of_source))
        for source, of_source in by_source.items()
        for kind, message in messages[source]
    ]
    gap = _status_gap(facts)
    if gap is not None:
        found.append(gap)
    for (source, record_id), of_record in weak.items():
        probability = of_record[0].provenance.probability
        said = "an unknown probability" if probability is None else f"p = {probability:.3f}"
        found.append(
            DataWarning(
                "weak_link",
                f"{source}:{record_id} is linked by name and date of birth only, at {said}",
                source=source,
                facts=tuple(of_record),
            )
        )
    return tuple(found)


def recorded_after(late: Mapping[str, Sequence[str]], as_of: date) -> tuple[DataWarning, ...]:
    """One "recorded_after" per source: how many of its records were entered after `as_of`."""
    return tuple(
        DataWarning(
            "recorded_after",
            f"{len(ids)} {source} record(s) entered after {as_of.isoformat()} left out:"
            f" {', '.join(ids)}",
            source=source,
        )
        for source, ids in late.items()
    )


def restricted_source(source: str, record_id: str, link: str) -> DataWarning:
    """A record of an investigation-only source that reached the file other than by document."""
    return DataWarning(
        "restricted_source",
        f"{source}:{record_id} left out: {source} is seen only by an investigation,"
        f" not by a {link} link",
        source=source,
    )


def set_aside_by_a_file(facts: Sequence[Fact]) -> DataWarning:
    """Records an A-file review showed to be another person's."""
    records = sorted({(f.provenance.source, f.provenance.record_id, f.provenance.a_number)
                      for f in facts})  # fmt: skip
    which = "; ".join(f"{s}:{r} {a}" for s, r, a in records)
    return DataWarning(
        "set_aside",
        f"the A-file review shows {which} under an A-number the subject's file is not "
        "under: another person's records, set aside (no basis, indicator or conflict)",
        facts=tuple(facts),
    )


def shared_name(identities: int) -> DataWarning:
    """Other identities in the index carry the subject's name and date of birth."""
    whom = "identity" if identities == 1 else "identities"
    return DataWarning(
        "shared_name",
        f"{identities:,} other {whom} in the index carry the subject's name and date of "
        "birth: a record linked on those alone may be theirs; a FIN, an A-number or "
        "corroboration tells which",
    )


def fingerprint_conflict(source: str, record_id: str) -> DataWarning:
    """A record carrying the subject's FIN whose biographics say another person."""
    return DataWarning(
        "fingerprint_conflict",
        f"{source}:{record_id} carries the subject's FIN but its name and date of birth"
        " say another person: a record-system error to report; left out of the facts",
        source=source,
    )
