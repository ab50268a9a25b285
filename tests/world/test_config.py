"""Bad configuration stops with one message naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from probable.world.config import (
    PATHS,
    ConfigError,
    default_config_text,
    load_config,
    parse_config,
)


def _with(old: str, new: str) -> str:
    text = default_config_text()
    assert old in text, old
    return text.replace(old, new, 1)


def test_shipped_config_loads() -> None:
    config = load_config()
    assert config.world.persons > 0
    assert len(config.agencies.perc_jurisdictions) == 44


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("typo = 0.03", "typo = -0.03", "'errors.ident.typo'"),
        ("typo = 0.03", "typo = 1.5", "'errors.ident.typo'"),
        ("[world]\n", "[world]\ncolour = 1\n", "unknown key 'world.colour'"),
        ("[errors.eid]\n", "[errors.eid]\ntypos = 0.1\n", "unknown key 'errors.eid.typos'"),
        ("usc_born = 0.69", "usc_born = 0.99", "population.shares must sum to 1"),
        ("typo = 0.03", "typo = 0.98", "typo + name_variant + swapped_surnames sum past 1"),
        ("never = 0.10", "never = 0.95", "late + never sum past 1"),
        ("persons = 400000", "persons = -5", "'world.persons'"),
        ('booking_end = "2016-02-29"', 'booking_end = "2014-02-28"', "booking_end is before"),
        ("usc = false", "usc = true", "citizens are never removable"),
        ("ewi = 1.4", "ewi = -1.4", "'bookings.arrest_weight.ewi'"),
        ("seed = 20151110", 'seed = "abc"', "'world.seed'"),
        # Parameters moved out of the code: rates, ranges, spans and shares.
        (
            "immigrant_entry_share = 0.5",
            "immigrant_entry_share = 1.5",
            "'population.immigrant_entry_share'",
        ),
        (
            "entered_without_inspection_share = 0.7",
            "entered_without_inspection_share = -0.1",
            "'population.entered_without_inspection_share'",
        ),
        (
            "visa_to_lpr_years_max = 8.0",
            "visa_to_lpr_years_max = 0.1",
            "'timeline': visa_to_lpr_years_max is below visa_to_lpr_years_min",
        ),
        (
            "lpr_to_naturalization_years_min = 5.0",
            "lpr_to_naturalization_years_min = 30.0",
            "lpr_to_naturalization_years_max is below lpr_to_naturalization_years_min",
        ),
        (
            "overstay_admission_years_min = 0.1",
            "overstay_admission_years_min = 5.0",
            "overstay_admission_years_max is below overstay_admission_years_min",
        ),
        (
            "nonimmigrant_entry_latest_days_before_window = 30",
            "nonimmigrant_entry_latest_days_before_window = 3000",
            "nonimmigrant_entry_earliest_years_before_window (4.0 years) is shorter than "
            "nonimmigrant_entry_latest_days_before_window",
        ),
        (
            'earliest_entry = "1960-01-01"',
            'earliest_entry = "1960-13-01"',
            "'timeline.earliest_entry'",
        ),
        ("daca_period_years = 2.0", "daca_period_years = 0", "'timeline.daca_period_years'"),
        (
            "two_citizen_parents_share = 0.1",
            "two_citizen_parents_share = 1.5",
            "'families.two_citizen_parents_share'",
        ),
        (
            "acquisition_parent_age_years_max = 42",
            "acquisition_parent_age_years_max = 19",
            "acquisition_parent_age_years_max is below acquisition_parent_age_years_min",
        ),
        (
            "child_lpr_delay_years_max = 6.0",
            "child_lpr_delay_years_max = -1.0",
            "'families.child_lpr_delay_years_max'",
        ),
        (
            "other_parent_oath_offset_years_min = -3.0",
            "other_parent_oath_offset_years_min = 7.0",
            "other_parent_oath_offset_years_max is below other_parent_oath_offset_years_min",
        ),
        (
            "proceedings_encounter_rate = 1.0",
            "proceedings_encounter_rate = 1.5",
            "'ident.proceedings_encounter_rate'",
        ),
        (
            "asylum_in_court_share = 0.4",
            "asylum_in_court_share = 1.5",
            "'records.asylum_in_court_share'",
        ),
        (
            "ident_a_number_share = 0.8",
            "ident_a_number_share = 1.5",
            "'records.ident_a_number_share'",
        ),
        (
            "eid_arrest_days_before_nta_max = 59",
            "eid_arrest_days_before_nta_max = -1",
            "'records.eid_arrest_days_before_nta_max'",
        ),
        (
            "benefit_filing_days_before_decision_min = 60",
            "benefit_filing_days_before_decision_min = 500",
            "'records': benefit_filing_days_before_decision_max is below "
            "benefit_filing_days_before_decision_min",
        ),
        (
            "birth_filing_days_max = 29",
            "birth_filing_days_max = 0",
            "birth_filing_days_max is below birth_filing_days_min",
        ),
        (
            "us_born_birthplace_mexico_share = 0.7",
            "us_born_birthplace_mexico_share = 1.5",
            "'errors.patterns.us_born_birthplace_mexico_share'",
        ),
        (
            "accent_stripping_share = 0.5",
            "accent_stripping_share = 1.5",
            "'bookings.accent_stripping_share'",
        ),
        (
            "charge_count_shares = [0.6, 0.3, 0.1]",
            "charge_count_shares = [0.6, 0.3, 0.2]",
            "bookings.charge_count_shares must sum to 1",
        ),
        (
            "charge_count_shares = [0.6, 0.3, 0.1]",
            "charge_count_shares = [1.5, -0.5]",
            "'bookings.charge_count_shares.0'",
        ),
        (
            "charge_count_shares = [0.6, 0.3, 0.1]",
            "charge_count_shares = []",
            "'bookings.charge_count_shares'",
        ),
        ("rate = 1.0\n", "rate = -0.5\n", "'namesakes.rate'"),
        ("rate = 1.0\n", "rate = nan\n", "'namesakes.rate'"),
        ("rate = 1.0\n", 'rate = "often"\n', "'namesakes.rate'"),
        ("index_identities = 237000000", "index_identities = -1", "'namesakes.index_identities'"),
        ("junior_share = 0.03", "junior_share = 1.5", "'namesakes.junior_share'"),
        (
            "junior_gap_years_max = 40",
            "junior_gap_years_max = 10",
            "'namesakes': junior_gap_years_max is below junior_gap_years_min",
        ),
        ("[namesakes]\n", "[namesakes]\nmean = 2\n", "unknown key 'namesakes.mean'"),
    ],
)
def test_bad_values_name_the_key(old: str, new: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_with(old, new))
    assert expected in str(caught.value)


def test_missing_key_is_named() -> None:
    with pytest.raises(ConfigError, match=r"missing key 'errors\.ident\.typo'"):
        parse_config(_with("typo = 0.03\n", ""))


def test_missing_namesake_key_is_named() -> None:
    with pytest.raises(ConfigError, match=r"missing key 'namesakes\.index_identities'"):
        parse_config(_with("index_identities = 237000000\n", ""))


def _shares_only(kept: dict[str, float]) -> str:
    """The shipped text with every population share zero but `kept`."""
    text = default_config_text()
    start = text.index("[population.shares]\n")
    end = text.index("\n\n", start)
    lines = [f"{path} = {kept.get(path, 0.0)}" for path in PATHS]
    return text[:start] + "[population.shares]\n" + "\n".join(lines) + text[end:]


def test_namesakes_need_a_path_to_take() -> None:
    """Namesakes take foreign-born paths that need no parent (DACA is not open to all);
    Jr./Sr. relatives neither the naturalized path."""
    born_here = {"usc_born": 0.9, "acquisition_candidate": 0.05, "daca": 0.05}
    with pytest.raises(ConfigError, match=r"namesakes\.rate is positive but no path"):
        parse_config(_shares_only(born_here))
    naturalized = _shares_only(born_here | {"usc_born": 0.85, "usc_naturalized": 0.05})
    with pytest.raises(ConfigError, match=r"namesakes\.junior_share is positive but no path"):
        parse_config(naturalized)
    off = naturalized.replace("junior_share = 0.03", "junior_share = 0.0")
    assert parse_config(off).namesakes.junior_share == 0.0
    none = _shares_only(born_here).replace("rate = 1.0\n", "rate = 0.0\n", 1)
    assert parse_config(none.replace("junior_share = 0.03", "junior_share = 0.0"))


def test_overrides_set_the_namesake_rate() -> None:
    config = load_config().with_overrides(namesake_rate=2.5)
    assert config.namesakes.rate == 2.5 and config.world.persons == load_config().world.persons
    with pytest.raises(ValueError, match=r"namesakes\.rate"):
        load_config().with_overrides(namesake_rate=-1.0)


def test_not_toml() -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config("[world\n")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_every_parameter_has_a_provenance_comment() -> None:
    """Each value line follows a comment saying where the value comes from."""
    lines = default_config_text().splitlines()
    uncommented = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "[")) or stripped.startswith('"'):
            continue
        if "=" not in stripped or stripped.startswith(("]", '"')):
            continue
        j = i - 1
        while j >= 0 and lines[j].strip() and not lines[j].strip().startswith("#"):
            j -= 1
        block = "\n".join(lines[max(0, j - 12) : i + 1])
        if "#" not in line and not any(k in block for k in ("assumption", "DOMAIN.md", "INA")):
            uncommented.append(stripped)
    assert not uncommented, uncommented


def test_overrides_validate() -> None:
    config = load_config().with_overrides(persons=10, bookings=0, seed=3)
    assert (config.world.persons, config.world.bookings, config.world.seed) == (10, 0, 3)


def test_moved_parameters_keep_their_values() -> None:
    """The literals moved from the code into world.toml kept the values the code had."""
    config = load_config()
    t, fam, rec = config.timeline, config.families, config.records
    assert (
        config.population.immigrant_entry_share,
        config.population.entered_without_inspection_share,
    ) == (0.5, 0.7)
    assert (t.visa_to_lpr_years_min, t.visa_to_lpr_years_max) == (0.5, 8.0)
    assert (t.lpr_to_naturalization_years_min, t.lpr_to_naturalization_years_max) == (5.0, 25.0)
    assert (t.overstay_admission_years_min, t.overstay_admission_years_max) == (0.1, 4.0)
    assert (t.unauthorized_visa_admission_years_min, t.unauthorized_visa_admission_years_max) == (
        0.1,
        2.0,
    )
    assert (t.tps_first_period_years, t.daca_period_years) == (1.5, 2.0)
    assert fam.two_citizen_parents_share == 0.1
    assert (fam.acquisition_parent_age_years_min, fam.acquisition_parent_age_years_max) == (20, 42)
    assert (fam.derivation_parent_age_years_min, fam.derivation_parent_age_years_max) == (18, 42)
    assert (fam.child_lpr_delay_years_min, fam.child_lpr_delay_years_max) == (0.0, 6.0)
    assert (rec.asylum_in_court_share, rec.asylum_affirmative_share) == (0.4, 0.6)
    assert (rec.duplicate_a_number_use_share, rec.ident_a_number_share) == (0.5, 0.8)
    assert config.errors.patterns.us_born_birthplace_mexico_share == 0.7
    assert config.bookings.accent_stripping_share == 0.5
    assert config.bookings.charge_count_shares == [0.6, 0.3, 0.1]
