"""`determine`: scope, the explanation tree, the reason, the edges (unknown state, no release)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from probable.evidence.facts import Fact, Provenance
from probable.evidence.file import EvidenceFile, RemovabilityBasis
from probable.law.determine import determine
from probable.law.errors import NoProfileInForceError, UnknownProfileError
from probable.law.profiles import get_profile
from probable.law.rule import STAGES
from probable.sources.bookings import Agency, BookingEvent
from probable.sources.schema import PersonRecord

LA = ZoneInfo("America/Los_Angeles")
CHICAGO = ZoneInfo("America/Chicago")


def _booking(
    state: str = "TX",
    office: str = "PERC",
    booked: datetime = datetime(2021, 3, 1, 9, tzinfo=CHICAGO),
    release: datetime | None = datetime(2021, 3, 2, 17, tzinfo=CHICAGO),
    zone: str = "America/Chicago",
) -> BookingEvent:
    return BookingEvent(
        booking_id="BK-9",
        agency=Agency(ori="X", state=state, time_zone=zone, responsible_office=office),
        booked_at=booked,
        scheduled_release_at=release,
        subject=PersonRecord(record_id="BK-9", source="booking"),
    )


def _final_order(day: date = date(2021, 3, 1), source: str = "eoir") -> EvidenceFile:
    order = Fact("final_order", Provenance(source, "E1", None, "fingerprint"), on=date(2015, 1, 1))
    basis = RemovabilityBasis("final_order", "strong", (order,), "final order (eoir:E1)")
    return EvidenceFile("S", day, True, (order,), bases=(basis,))


def test_detainer_carries_everything() -> None:
    result = determine(_booking(), _final_order(), "policy_10074")
    assert result.action == "issue_detainer"
    assert result.booking_id == "BK-9"
    assert result.profile == "policy_10074"
    assert result.profile_version == "2017-04-02"
    assert result.form == "I-247A"
    assert result.basis_boxes == (1,)
    assert result.warrant == "I-205"
    assert result.hold is not None and result.hold.rule == "I-247A (02/17)"
    assert result.hold.hours == 48
    assert result.reason.startswith("Issue a detainer under policy_10074")
    assert ("policy_10074.warrant", "2017-04-02") in result.rules
    assert [b.kind for b in result.bases] == ["final_order"]
    assert result.bases[0].facts[0].provenance.record_id == "E1"


def test_only_a_detainer_carries_bases() -> None:
    notice = determine(_booking(), _final_order(), "settlement")
    assert notice.action == "request_notification"
    assert notice.bases == () and notice.basis_boxes == ()


def test_explanation_has_one_node_per_stage_and_cites_fired_rules() -> None:
    result = determine(_booking(), _final_order(), "policy_10074")
    root = result.explanation
    assert [c.step for c in root.children] == list(STAGES)
    for node in root.walk():
        if "." in node.step:
            assert node.citation is not None, node.step
    basis = next(n for n in root.walk() if n.step == "policy_10074.probable_cause")
    assert basis.facts == _final_order().facts
    assert root.as_dict()["children"][0]["step"] == "scope"


def test_unknown_state_is_an_explicit_no_action_naming_it() -> None:
    result = determine(_booking(state="ZZ"), _final_order(), "policy_10074")
    assert result.action == "no_action"
    assert "'ZZ'" in result.reason
    assert not result.holds


def test_profile_chosen_from_the_booking() -> None:
    result = determine(_booking(), _final_order())
    assert result.profile == "ninth_circuit"
    assert result.neutral_review_required
    assert "in force on 2021-03-01" in result.explanation.children[0].children[0].outcome


def test_named_profile_outside_its_period_is_applied_and_noted() -> None:
    result = determine(_booking(), _final_order(), get_profile("database_only"))
    assert result.profile == "database_only"
    assert result.action == "issue_detainer"
    assert result.warrant is None
    assert result.hold is not None and result.hold.rule == "8 CFR 287.7(d)"
    profile_node = result.explanation.children[0].children[0]
    assert "NOT in force" in profile_node.outcome


def test_unknown_profile_name() -> None:
    with pytest.raises(UnknownProfileError, match="database_only"):
        determine(_booking(), _final_order(), "no_such_profile")


def test_no_scheduled_release_issues_without_a_hold() -> None:
    result = determine(_booking(release=None), _final_order(), "policy_10074")
    assert result.action == "issue_detainer"
    assert result.hold is None
    assert "no release time" in result.reason
    clock = result.explanation.children[-1]
    assert "no scheduled release" in clock.children[0].outcome


def test_restricted_source_is_left_out_with_a_node() -> None:
    day = date(2020, 1, 6)
    booking = _booking(
        state="NY",
        office="NYC",
        booked=datetime(2020, 1, 6, 9, tzinfo=ZoneInfo("America/New_York")),
        zone="America/New_York",
    )
    result = determine(booking, _final_order(day, source="ny_dmv"), "policy_10074")
    assert result.action == "no_action"
    node = next(n for n in result.explanation.walk() if n.step == "state.data_access")
    assert node.facts and node.facts[0].provenance.source == "ny_dmv"
    assert node.citation is not None and "201(12)" in node.citation.section
    # The same record before the law: a detainer.
    before = determine(
        booking.model_copy(update={"booked_at": datetime(2019, 6, 3, 9, tzinfo=CHICAGO)}),
        _final_order(date(2019, 6, 3), source="ny_dmv"),
        "policy_10074",
    )
    assert before.action == "issue_detainer"


def test_california_notification_notes_limited_notices() -> None:
    booking = _booking(
        state="CA",
        booked=datetime(2025, 6, 2, 9, tzinfo=LA),
        release=None,
        zone="America/Los_Angeles",
    )
    result = determine(booking, _final_order(date(2025, 6, 2)), "settlement")
    assert result.action == "request_notification"
    assert result.form == "I-247G"
    node = next(n for n in result.explanation.walk() if n.step == "state.restricts_holds")
    assert "listed serious convictions" in node.outcome


def test_citizenship_comes_before_the_basis() -> None:
    from probable.evidence.file import Indicator

    evidence = _final_order()
    claim = Fact("citizenship_claim", Provenance("interview", "I1", None, "interview"), "US")
    indicator = Indicator("claim_of_citizenship", "indicator", "claims citizenship", (claim,))
    file = EvidenceFile(
        "S",
        evidence.as_of,
        True,
        (*evidence.facts, claim),
        bases=evidence.bases,
        indicators=(indicator,),
    )
    result = determine(_booking(), file, "policy_10074")
    assert result.action == "refer_citizenship_investigation"
    assert result.explanation.children[2].outcome == "nothing applied"


def test_a_date_before_every_profile_is_a_clear_error() -> None:
    booked = datetime(2001, 6, 1, 9, tzinfo=CHICAGO)
    with pytest.raises(NoProfileInForceError, match="2001-06-01"):
        determine(_booking(booked=booked, release=None), _final_order(date(2001, 6, 1)))
