"""The jurisdiction table: complete, dated, cited, checked, and answering by day."""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import us

from probable.law.citation import Citation
from probable.law.errors import LawError, RuleDataError, UnknownJurisdictionError
from probable.law.jurisdictions import (
    DATA_FILE,
    data_restrictions,
    jurisdiction_codes,
    jurisdiction_table,
    parse_jurisdictions,
    state_law,
)
from probable.world.agencies import jurisdictions as world_jurisdictions


def _raw() -> dict[str, Any]:
    text = resources.files("probable.law").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_world_jurisdiction_has_an_entry_with_its_name() -> None:
    world = {j.code: j.name for j in world_jurisdictions()}
    assert set(jurisdiction_codes()) == set(world)
    for code, name in world.items():
        assert state_law(code, date(2020, 1, 1)).name == name


def test_the_table_covers_states_dc_and_the_inhabited_territories() -> None:
    expected = {str(s.abbr) for s in us.states.STATES_AND_TERRITORIES} | {"DC"}
    expected -= {str(s.abbr) for s in us.states.OBSOLETE}
    assert expected <= set(jurisdiction_codes())
    assert len(jurisdiction_codes()) == 56
    assert jurisdiction_codes() == tuple(sorted(jurisdiction_codes()))


def test_every_provision_is_cited_over_https() -> None:
    for entry in jurisdiction_table().values():
        for provision in (*entry.statutes, *entry.data_restrictions):
            assert provision.citations, provision.id
            assert all(c.url.startswith("https://") for c in provision.citations)


def test_a_confirmed_provision_has_a_confirmed_citation() -> None:
    for entry in jurisdiction_table().values():
        for provision in (*entry.statutes, *entry.data_restrictions):
            if provision.confirmed:
                assert any(c.confirmed for c in provision.citations), provision.id


def test_texas_sb4_requires_honouring_from_1_september_2017() -> None:
    before = state_law("TX", date(2017, 8, 31))
    after = state_law("TX", date(2017, 9, 1))
    assert not before.requires_honouring and before.statutes == ()
    assert after.requires_honouring
    # Read as authorising civil arrests, unconfirmed from the text: counts as none.
    assert after.authorisation_unconfirmed
    assert after.authorises_civil_arrest is None
    assert after.unconfirmed, "authorisation of civil arrests is not confirmed"
    assert any("2.251" in c.section for c in after.citations())


def test_texas_duties_continue_after_the_recodification() -> None:
    law = state_law("TX", date(2025, 6, 1))
    assert law.requires_honouring
    assert [s.id for s in law.statutes] == ["tx.sb4.recodified"]


def test_florida_detainer_duties_start_later_than_chapter_908() -> None:
    july = state_law("FL", date(2019, 7, 1))
    october = state_law("FL", date(2019, 10, 1))
    assert [s.id for s in july.statutes] == ["fl.sb168.sanctuary_ban"]
    assert not july.requires_honouring
    assert july.authorises_civil_arrest is None
    assert october.requires_honouring and october.unconfirmed


@pytest.mark.parametrize(("state", "start"), [("MS", date(2017, 3, 27)), ("TN", date(2019, 1, 1))])
def test_mississippi_and_tennessee_require_honouring_unconfirmed(state: str, start: date) -> None:
    assert not state_law(state, start.replace(year=start.year - 1)).requires_honouring
    law = state_law(state, start)
    assert law.requires_honouring
    assert law.authorises_civil_arrest is None
    assert law.unconfirmed


def test_california_trust_act_then_values_act() -> None:
    assert state_law("CA", date(2013, 12, 31)).statutes == ()
    trust = state_law("CA", date(2017, 12, 31))
    values = state_law("CA", date(2018, 1, 1))
    assert [s.id for s in trust.statutes] == ["ca.trust_act"]
    assert trust.restricts_holds and not trust.restricts_notices
    assert [s.id for s in values.statutes] == ["ca.values_act"]
    assert values.restricts_holds and values.restricts_notices
    assert values.authorises_civil_arrest is False
    assert not values.requires_honouring
    assert not values.unconfirmed


def test_an_unresearched_state_has_no_statute_and_says_so() -> None:
    law = state_law("WY", date(2022, 5, 1))
    assert law.statutes == () and law.citations() == ()
    assert not law.requires_honouring and not law.restricts_holds
    assert law.authorises_civil_arrest is False
    assert not law.researched
    assert "not researched" in jurisdiction_table()["WY"].note.lower()


def test_new_york_green_light_restricts_dmv_records() -> None:
    assert data_restrictions(date(2019, 12, 13)) == ()
    for day in (date(2019, 12, 14), date(2020, 7, 23), date(2025, 1, 1)):
        (restriction,) = data_restrictions(day)
        assert restriction.state == "NY"
        assert restriction.restricted_sources == ("ny_dmv",)
        assert restriction.allowed_with == "judicial warrant or order"
        assert state_law("NY", day).data_restrictions == (restriction,)
    assert data_restrictions(date(2020, 5, 1))[0].id == "ny.green_light.2020"
    assert state_law("NJ", date(2020, 5, 1)).data_restrictions == ()


def test_unknown_jurisdiction_names_the_code_and_the_fix() -> None:
    with pytest.raises(UnknownJurisdictionError) as info:
        state_law("XX", date(2020, 1, 1))
    assert isinstance(info.value, LawError) and isinstance(info.value, KeyError)
    message = str(info.value)
    assert "'XX'" in message and "TX" in message and DATA_FILE in message
    with pytest.raises(UnknownJurisdictionError):
        state_law("tx", date(2020, 1, 1))


def test_citations_of_state_law_are_unique_citations() -> None:
    citations = state_law("CA", date(2019, 1, 1)).citations()
    assert citations and all(isinstance(c, Citation) for c in citations)
    assert len(set(citations)) == len(citations)


def test_the_table_is_loaded_once() -> None:
    assert jurisdiction_table() is jurisdiction_table()


# Validation: each error names the entry and the field.


def _broken(path: tuple[Any, ...], value: Any, *, delete: bool = False) -> dict[str, Any]:
    raw = copy.deepcopy(_raw())
    node: Any = raw
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return raw


TX_0 = ("jurisdictions", "TX", "statutes", 0)


@pytest.mark.parametrize(
    ("path", "value", "delete", "expected"),
    [
        ((*TX_0, "effective_from"), None, True, "missing field(s) effective_from"),
        ((*TX_0, "effective_from"), "2017-09-01", False, "'effective_from' must be a date"),
        ((*TX_0, "requires_honouring"), "yes", False, "'requires_honouring' must be true"),
        ((*TX_0, "authorises_civil_arrest"), "maybe", False, '"unknown"'),
        ((*TX_0, "effective_to"), date(2017, 1, 1), False, "must come after effective_from"),
        ((*TX_0, "restricts_holds"), True, False, "cannot both be true"),
        ((*TX_0, "colour"), "red", False, "unknown field(s) colour"),
        ((*TX_0, "citations"), [], False, "at least one citation"),
        ((*TX_0, "citations", 0, "url"), "http://example.org", False, "https"),
        (("jurisdictions", "TX", "name"), "", False, "'name' must not be empty"),
        (("jurisdictions", "tx"), {"name": "x", "researched": False}, False, "two upper-case"),
    ],
)
def test_malformed_data_is_refused_naming_entry_and_field(
    path: tuple[Any, ...], value: Any, delete: bool, expected: str
) -> None:
    with pytest.raises(RuleDataError) as info:
        parse_jurisdictions(_broken(path, value, delete=delete))
    message = str(info.value)
    assert expected in message
    if path[1] == "TX" and len(path) > 3:
        assert "jurisdictions.TX.statutes[0]" in message and "tx.sb4.art_2_251" in message


def test_overlapping_requiring_and_restricting_statutes_are_refused() -> None:
    raw = copy.deepcopy(_raw())
    restricting = copy.deepcopy(raw["jurisdictions"]["CA"]["statutes"][1])
    restricting["id"] = "tx.imaginary"
    raw["jurisdictions"]["TX"]["statutes"].append(restricting)
    with pytest.raises(RuleDataError, match=r"jurisdictions\.TX: tx\.sb4\.art_2_251 requires"):
        parse_jurisdictions(raw)


def test_duplicate_ids_are_refused() -> None:
    raw = copy.deepcopy(_raw())
    raw["jurisdictions"]["TX"]["statutes"][1]["id"] = "tx.sb4.art_2_251"
    with pytest.raises(RuleDataError, match=r"duplicate provision ids: tx\.sb4\.art_2_251"):
        parse_jurisdictions(raw)


def test_data_restrictions_need_source_names() -> None:
    path = ("jurisdictions", "NY", "data_restrictions", 0, "restricted_sources")
    with pytest.raises(RuleDataError, match=r"NY\.data_restrictions\[0\] \(ny\.green_light\)"):
        parse_jurisdictions(_broken(path, []))


def test_the_doc_lists_every_provision_and_jurisdiction() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "jurisdictions.md").read_text(
        encoding="utf-8"
    )
    for entry in jurisdiction_table().values():
        assert entry.code in doc, entry.code
        for provision in (*entry.statutes, *entry.data_restrictions):
            assert f"`{provision.id}`" in doc, provision.id
