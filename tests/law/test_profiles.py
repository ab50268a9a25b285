"""Legal profiles: the timeline, selection by date and office, and the rule registry's hygiene."""

from __future__ import annotations

from datetime import date

import pytest

from probable.law.errors import NoProfileInForceError, UnknownProfileError
from probable.law.profiles import COVERED_OFFICES, PROFILES, get_profile, profile_in_force
from probable.law.rule import STAGES, all_rules, get_rule


@pytest.mark.parametrize(
    ("day", "office", "name"),
    [
        (date(2008, 10, 27), "PERC", "database_only"),
        (date(2015, 11, 9), "NYC", "database_only"),
        (date(2015, 11, 10), "PERC", "directive_16001"),
        (date(2017, 4, 1), "PERC", "directive_16001"),
        (date(2017, 4, 2), "PERC", "policy_10074"),
        (date(2020, 2, 4), "PERC", "policy_10074"),
        (date(2020, 2, 5), "PERC", "gonzalez_judgment"),
        (date(2020, 2, 5), "NYC", "policy_10074"),
        (date(2020, 9, 11), "PERC", "ninth_circuit"),
        (date(2025, 3, 3), "PERC", "ninth_circuit"),
        (date(2025, 3, 4), "PERC", "settlement"),
        (date(2025, 3, 4), "BOS", "policy_10074"),
        (date(2030, 3, 3), "PERC", "settlement"),
        (date(2030, 3, 4), "PERC", "ninth_circuit"),
        (date(2040, 1, 1), "NYC", "policy_10074"),
    ],
)
def test_profile_in_force(day: date, office: str, name: str) -> None:
    assert profile_in_force(day, office).name == name


def test_before_the_first_profile_names_the_date() -> None:
    with pytest.raises(NoProfileInForceError, match="2008-10-26"):
        profile_in_force(date(2008, 10, 26), "PERC")


def test_unknown_profile_lists_the_known_names() -> None:
    with pytest.raises(UnknownProfileError) as error:
        get_profile("gonzales")
    for name in PROFILES:
        assert name in str(error.value)


def test_profiles_in_timeline_order() -> None:
    starts = [p.effective_from for p in PROFILES.values()]
    assert starts == sorted(starts)
    assert next(iter(PROFILES)) == "database_only"


def test_neutral_review_profile_is_only_used_when_named() -> None:
    profile = get_profile("settlement_neutral_review")
    assert not profile.selectable
    assert profile.periods == get_profile("settlement").periods


def test_covered_profiles_cover_perc_only() -> None:
    for name in ("gonzalez_judgment", "ninth_circuit", "settlement", "settlement_neutral_review"):
        profile = get_profile(name)
        assert profile.covered_offices == COVERED_OFFICES
        assert profile.covers("PERC") and not profile.covers("NYC")


@pytest.mark.parametrize("name", list(PROFILES))
def test_profile_rules_exist_and_cover_its_periods(name: str) -> None:
    profile = PROFILES[name]
    assert len(set(profile.rules)) == len(profile.rules)
    clock = [get_rule(r) for r in profile.rules if get_rule(r).stage == "clock"]
    assert len(clock) == 1, "one clock rule per profile"
    for rule_id in profile.rules:
        rule = get_rule(rule_id)
        if rule_id.startswith("state."):
            continue  # they read the dated jurisdiction table, which says when each law applies
        assert rule.effective_from <= profile.effective_from, rule_id
        for start, end in profile.periods:
            assert rule.effective_to is None or (end is not None and end <= rule.effective_to), (
                rule_id,
                start,
            )
    assert sum(len(profile.stages[s]) for s in STAGES) == len(profile.rules)
    assert [r for r, _ in profile.consulted] == [r.id for s in STAGES for r in profile.stages[s]]


def test_clock_setting_matches_the_clock_rule() -> None:
    expected = {
        "regulation.hold_clock": "8 CFR 287.7(d)",
        "policy_10074.hold_clock": "I-247A (02/17)",
    }
    for profile in PROFILES.values():
        clock = next(r for r in profile.rules if get_rule(r).stage == "clock")
        assert expected[clock] == profile.clock_rule, profile.name


def test_every_rule_is_cited_and_dated() -> None:
    for rule_id, rule in all_rules().items():
        assert rule.citation.instrument.strip(), rule_id
        assert rule.citation.url.startswith("https://"), rule_id
        assert rule.effective_to is None or rule.effective_to > rule.effective_from, rule_id
        assert rule.version.strip(), rule_id
        assert rule.stage in STAGES, rule_id


def test_every_rule_is_used_by_a_profile() -> None:
    used = {r for p in PROFILES.values() for r in p.rules}
    assert set(all_rules()) == used
