"""The legal examples (tests/law/examples/*.yaml), one test each.

Each example names the rule it exercises, a profile (or none, to test selection from
the booking's date and office), the booking, the evidence (facts, built into a file by
`probable.evidence.build.reassess`, or facts with explicit bases and indicators), an
optional interview and documents (`probable.evidence.corroboration.corroborate`), and
what `determine` must return: action, profile, boxes, form, warrant, hold (present,
expiry), neutral review, and rules fired or not fired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from probable.evidence.build import reassess
from probable.evidence.corroboration import Document, Interview, corroborate
from probable.evidence.facts import Fact, Provenance
from probable.evidence.file import EvidenceFile, Indicator, ParentInfo, RemovabilityBasis
from probable.law.determine import determine
from probable.law.rule import all_rules
from probable.sources.bookings import Agency, BookingEvent
from probable.sources.schema import PersonRecord

EXAMPLES_DIR = Path(__file__).parent / "examples"


@dataclass(frozen=True)
class Example:
    """One legal example, ready to decide."""

    file: str
    name: str
    rule: str
    profile: str | None
    booking: BookingEvent
    evidence: EvidenceFile
    expected: dict[str, Any]
    decided_at: datetime | None = None
    """When the example is decided (its `decided_at`); None: as of the booking."""


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def booking(raw: dict[str, Any], booking_id: str = "BK-1") -> BookingEvent:
    """A booking from an example's `booking` mapping."""
    return BookingEvent(
        booking_id=booking_id,
        agency=Agency(
            ori=f"{raw['state']}0000000",
            state=raw["state"],
            time_zone=raw["time_zone"],
            responsible_office=raw["office"],
        ),
        booked_at=_time(raw["booked_at"]),
        scheduled_release_at=_time(raw.get("scheduled_release_at")),
        subject=PersonRecord(record_id=booking_id, source="booking"),
    )


def fact(raw: dict[str, Any], index: int) -> Fact:
    """A fact from an example's fact mapping (source, link, probability, the record's
    identifiers and its tie to the fingerprint identity give provenance)."""
    provenance = Provenance(
        source=raw["source"],
        record_id=str(raw.get("record_id", f"{raw['source']}-{index}")),
        recorded_at=_day(raw.get("recorded_at")),
        link=raw.get("link", "fingerprint"),
        probability=raw.get("probability"),
        a_number=raw.get("a_number"),
        fin=None if raw.get("fin") is None else str(raw["fin"]),
        tie=raw.get("tie"),
        fbi_number=None if raw.get("fbi_number") is None else str(raw["fbi_number"]),
    )
    return Fact(
        kind=raw["kind"],
        provenance=provenance,
        value=None if raw.get("value") is None else str(raw["value"]),
        # YAML 1.1 reads a bare `on` key as the boolean true.
        on=_day(raw.get("on", raw.get(True))),
        until=_day(raw.get("until")),
    )


def evidence(raw: dict[str, Any], as_of: date, example: dict[str, Any]) -> EvidenceFile:
    """The evidence file: derived from the facts, or with the bases and indicators given."""
    facts = tuple(fact(f, i) for i, f in enumerate(raw.get("facts", [])))
    matched = bool(raw.get("fingerprint_matched", True))
    if "bases" in raw or "indicators" in raw:
        file = EvidenceFile(
            subject_id="S-1",
            as_of=as_of,
            fingerprint_matched=matched,
            facts=facts,
            bases=tuple(
                RemovabilityBasis(
                    kind=b["kind"],
                    strength=b["strength"],
                    facts=tuple(facts[i] for i in b.get("facts", [])),
                    summary=b.get("summary", b["kind"]),
                    database_only=bool(b.get("database_only", True)),
                )
                for b in raw.get("bases", [])
            ),
            indicators=tuple(
                Indicator(
                    kind=i["kind"],
                    weight=i["weight"],
                    summary=i.get("summary", i["kind"]),
                    facts=tuple(facts[n] for n in i.get("facts", [])),
                )
                for i in raw.get("indicators", [])
            ),
        )
    else:
        empty = EvidenceFile(
            subject_id="S-1",
            as_of=as_of,
            fingerprint_matched=matched,
            facts=(),
            date_of_birth=_day(raw.get("date_of_birth")),
        )
        file = reassess(empty, facts)
    interview = example.get("interview")
    documents = example.get("documents", [])
    if interview or documents:
        file = corroborate(
            file,
            Interview(
                **{
                    **interview,
                    "conducted_on": _day(interview["conducted_on"]),
                    "lpr_since": _day(interview.get("lpr_since")),
                    "parents": tuple(parent(p) for p in interview.get("parents", ())),
                }
            )
            if interview
            else None,
            [Document(**{**d, "issued_on": _day(d.get("issued_on"))}) for d in documents],
        )
    return file


def parent(raw: dict[str, Any]) -> ParentInfo:
    """A parent as an interview gives it (dates as ISO strings or YAML dates)."""
    return ParentInfo(**{**raw, "naturalized_on": _day(raw.get("naturalized_on"))})


def load_examples() -> list[Example]:
    """Every example of every file, in file order."""
    out = []
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            event = booking(raw["booking"])
            out.append(
                Example(
                    file=path.name,
                    name=raw["name"],
                    rule=raw["rule"],
                    profile=raw.get("profile"),
                    booking=event,
                    evidence=evidence(raw.get("evidence", {}), event.booked_day, raw),
                    expected=raw["expected"],
                    decided_at=_time(raw.get("decided_at")),
                )
            )
    return out


EXAMPLES = load_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.file}:{e.name}" for e in EXAMPLES])
def test_example(example: Example) -> None:
    assert example.rule in all_rules(), f"{example.name}: unknown rule {example.rule}"
    result = determine(
        example.booking, example.evidence, example.profile, decided_at=example.decided_at
    )
    expected = example.expected
    fired = result.fired()
    context = f"{example.name}: {result.action} ({result.reason}) fired {fired}"
    assert result.action == expected["action"], context
    if "profile" in expected:
        assert result.profile == expected["profile"], context
    if "boxes" in expected:
        assert list(result.basis_boxes) == expected["boxes"], context
    if "form" in expected:
        assert result.form == expected["form"], context
    if "warrant" in expected:
        assert result.warrant == expected["warrant"], context
    if "hold" in expected:
        assert result.holds is expected["hold"], context
    if "hold_clock" in expected:
        assert expected["hold_clock"] is None, "only `hold_clock: null` is meaningful"
        assert result.hold is None, context
    if "hold_expires" in expected:
        assert result.hold is not None, context
        assert result.hold.expires_at == datetime.fromisoformat(expected["hold_expires"]), context
    if "neutral_review" in expected:
        assert result.neutral_review_required is expected["neutral_review"], context
    explained = " ".join(
        [result.reason, *(f"{step.step}: {step.outcome}" for step in result.explanation.walk())]
    )
    for text in expected.get("explains", []):
        assert text in explained, f"{context}: the explanation does not say {text!r}"
    for rule_id in expected.get("fired", []):
        assert rule_id in fired, context
    for rule_id in expected.get("not_fired", []):
        assert rule_id not in fired, context


def test_every_rule_has_an_example() -> None:
    named = {e.rule for e in EXAMPLES}
    missing = sorted(set(all_rules()) - named)
    assert not missing, f"rules with no legal example: {missing}"
