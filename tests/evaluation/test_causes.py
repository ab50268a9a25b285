"""Tracing a wrongful hold to its cause: whose records the hold rested on."""

from __future__ import annotations

from datetime import date

from probable.evaluation.causes import _cause, _Errors
from probable.evaluation.corroboration import PersonTruth

DAY = date(2015, 9, 1)


def _citizen() -> PersonTruth:
    return PersonTruth(
        booking_id="BK1",
        person_id=7,
        path="usc_born",
        status="usc",
        removable=False,
        birth_country="US",
        lpr_date=None,
        parents=(),
        documents=(),
    )


def test_an_order_resting_on_another_persons_status_record_is_a_wrong_person_link() -> None:
    """A namesake's CIS record showing a final order, linked to a citizen by name and date
    of birth, is another person's record: no EID or EOIR record among those it rested on."""
    theirs = ("cis", "R1")
    cause = _cause(_citizen(), ("final_order",), (theirs,), {theirs}, DAY, _Errors())
    assert cause == ("wrong_person_link", "cis")


def test_an_order_on_their_own_record_is_not_a_wrong_person_link() -> None:
    own = ("cis", "R2")
    found = _Errors(owned={own: DAY})
    cause, _ = _cause(_citizen(), ("final_order",), (own,), {own}, DAY, found)
    assert cause == "wrong_birthplace"  # a U.S.-born citizen: the next cause in order


def test_decisive_records_decide_before_status_records() -> None:
    """With an EOIR order among the records, the order's owner decides, not the CIS record's."""
    own_status, their_order = ("cis", "R3"), ("eoir", "C1")
    found = _Errors(owned={own_status: DAY})
    records = (own_status, their_order)
    cause = _cause(_citizen(), ("final_order",), records, set(records), DAY, found)
    assert cause == ("wrong_person_link", "eoir")
