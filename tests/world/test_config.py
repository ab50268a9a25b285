"""Bad configuration stops with one message naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from probable.world.config import ConfigError, default_config_text, load_config, parse_config


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
    ],
)
def test_bad_values_name_the_key(old: str, new: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_with(old, new))
    assert expected in str(caught.value)


def test_missing_key_is_named() -> None:
    with pytest.raises(ConfigError, match=r"missing key 'errors\.ident\.typo'"):
        parse_config(_with("typo = 0.03\n", ""))


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
