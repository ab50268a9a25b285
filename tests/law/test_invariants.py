"""Invariants of `determine` over random evidence files (Hypothesis).

Random bases (every kind, strength, database-only or not), random indicators, random
states from the jurisdiction table, random release times; under every profile:

- no hold is ever requested on database checks alone for a covered (PERC) booking under
  the judgment and the settlement;
- from the directive on, a person with probative citizenship evidence is never held;
- only a detainer carries a hold, a form I-247A, boxes or a warrant;
- every determination has an explanation whose fired rules all have citations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from probable.evidence.facts import Fact, Provenance
from probable.evidence.file import EvidenceFile, Indicator, RemovabilityBasis
from probable.law.determine import determine
from probable.law.jurisdictions import jurisdiction_codes
from probable.law.profiles import PROFILES
from probable.sources.bookings import Agency, BookingEvent
from probable.sources.schema import PersonRecord

_KINDS = (
    "final_order",
    "pending_proceedings",
    "no_status_records",
    "removable_conviction",
    "statements",
)
_FACT_OF = {
    "final_order": "final_order",
    "pending_proceedings": "proceedings",
    "no_status_records": "status_expired",
    "removable_conviction": "conviction",
    "statements": "statement",
}
_INDICATORS = (
    "claim_of_citizenship",
    "us_birth_evidence",
    "naturalization_record",
    "citizenship_document",
)
_ZONES = ("America/Los_Angeles", "America/Chicago", "America/New_York", "Pacific/Guam")


@st.composite
def bases(draw: st.DrawFn) -> RemovabilityBasis:
    kind = draw(st.sampled_from(_KINDS))
    database_only = draw(st.booleans())
    link = "fingerprint" if database_only else "interview"
    fact = Fact(
        _FACT_OF[kind],
        Provenance(draw(st.sampled_from(("eoir", "adis", "cis"))), f"R{kind}", None, link),
    )
    return RemovabilityBasis(
        kind, draw(st.sampled_from(("strong", "moderate", "weak"))), (fact,), kind, database_only
    )


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    kind = draw(st.sampled_from(_INDICATORS))
    fact = Fact("citizenship_claim", Provenance("interview", "I1", None, "interview"), "US")
    return Indicator(kind, draw(st.sampled_from(("probative", "indicator"))), kind, (fact,))


@st.composite
def cases(draw: st.DrawFn) -> tuple[BookingEvent, EvidenceFile]:
    booked = draw(
        st.datetimes(
            min_value=datetime(2008, 11, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
        )
    )
    release = draw(st.none() | st.integers(0, 400).map(lambda h: booked + timedelta(hours=h)))
    booking = BookingEvent(
        booking_id="BK",
        agency=Agency(
            ori="X",
            state=draw(st.sampled_from(jurisdiction_codes())),
            time_zone=draw(st.sampled_from(_ZONES)),
            responsible_office=draw(st.sampled_from(("PERC", "NYC"))),
        ),
        booked_at=booked,
        scheduled_release_at=release,
        subject=PersonRecord(record_id="BK", source="booking"),
    )
    found = tuple(draw(st.lists(bases(), max_size=4)))
    signs = tuple(draw(st.lists(indicators(), max_size=2)))
    birth = draw(st.sampled_from((None, "MX", "US")))
    facts = tuple(f for b in found for f in b.facts) + tuple(f for i in signs for f in i.facts)
    if birth:
        facts += (Fact("birthplace", Provenance("ident", "I", None, "fingerprint"), birth),)
    evidence = EvidenceFile(
        "S", booking.booked_day, draw(st.booleans()), facts, indicators=signs, bases=found
    )
    return booking, evidence


_COURT = ("gonzalez_judgment", "settlement", "settlement_neutral_review")
_FROM_DIRECTIVE = [p for p in PROFILES if p != "database_only"]
_ORDERS = {"final_order", "pending_proceedings"}


@settings(max_examples=300, deadline=None)
@given(cases(), st.sampled_from([*PROFILES, None]))
def test_invariants(case: tuple[BookingEvent, EvidenceFile], name: str | None) -> None:
    booking, evidence = case
    result = determine(booking, evidence, name)
    # Only a detainer holds, or carries the I-247A's boxes and a warrant.
    if result.action != "issue_detainer":
        assert result.hold is None
        assert not result.basis_boxes and result.warrant is None
        assert result.form != "I-247A"
        assert not result.neutral_review_required
    # Every fired rule is cited; one node per stage.
    assert len(result.explanation.children) == 6
    for node in result.explanation.walk():
        if "." in node.step:
            assert node.citation is not None, node.step
    assert result.reason
    covered = booking.agency.responsible_office == "PERC"
    # No hold on database checks alone for covered bookings under the court orders.
    if result.profile in _COURT and covered and result.holds:
        supports = [b for b in evidence.bases if b.strength != "weak"]
        assert any(b.kind in _ORDERS or not b.database_only for b in supports)
        if result.profile == "settlement_neutral_review":
            assert result.neutral_review_required
            assert any(b.kind in _ORDERS for b in supports)
    if result.profile == "settlement" and covered:
        assert not result.holds
    # A person with probative citizenship evidence is never held, from the directive on.
    if result.profile in _FROM_DIRECTIVE and evidence.probative_citizenship():
        assert result.action == "no_action"
        assert not result.holds


def test_profile_list_is_complete() -> None:
    assert set(_COURT) | {"database_only"} <= set(PROFILES)
    assert date(2008, 10, 27) == PROFILES["database_only"].effective_from
