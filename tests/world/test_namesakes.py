"""Namesakes: the index's other people under a person's name and birth date, never booked."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from probable.world import days as d
from probable.world.config import NAMESAKE_PATHS, WorldConfig, load_config
from probable.world.names import NameSampler
from probable.world.namesakes import (
    CITIZEN_PATHS,
    RELATIVE_PATHS,
    add_namesakes,
    expected_namesakes,
)
from probable.world.output import WORLD_FILE
from probable.world.population import NO_PERSON, Population, draw_population
from probable.world.simulate import SimulationResult
from probable.world.truth import TRUTH_FILE

_NAMES = ("given_name", "middle_name", "family_name", "second_family_name")
_DACA_BORN_AFTER = date(1981, 6, 16)


def _truth(world: SimulationResult, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{world.out / TRUTH_FILE}' AS t (READ_ONLY)")
        con.execute("USE t")
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _config(
    persons: int = 3000, *, rate: float = 1.0, junior_share: float = 0.0, seed: int = 5
) -> WorldConfig:
    config = load_config().with_overrides(persons=persons, bookings=0, seed=seed)
    namesakes = config.namesakes.model_copy(update={"rate": rate, "junior_share": junior_share})
    return config.model_copy(update={"namesakes": namesakes})


@pytest.fixture(scope="module")
def drawn() -> tuple[WorldConfig, Population, Population]:
    """A drawn population of 3,000, and it with namesakes and Jr./Sr. relatives."""
    config = _config(junior_share=0.2)
    people = draw_population(np.random.default_rng(3), config, NameSampler())
    return config, people, add_namesakes(np.random.default_rng(4), config, people)


def test_the_mean_is_the_formula() -> None:
    """rate * c * index_identities / (persons * birth_days), c the others of that name."""
    config = _config(4, rate=2.0)
    pop = Population.blank(
        path=np.full(4, "lpr", dtype=object),
        sex=np.array(["M", "M", "M", "F"], dtype=object),
        dob=np.zeros(4, dtype=np.int64),
        birth_country=np.full(4, "MX", dtype=object),
        culture=np.full(4, "hispanic", dtype=object),
    )
    pop.given_name[:] = ["Juan", "Juan", "Juan", "Juan"]
    pop.family_name[:] = ["Pérez", "Pérez", "Pérez", "Pérez"]
    # The second surname is part of the full name; the middle name is not.
    pop.second_family_name[:] = ["López", "López", "Ruiz", "López"]
    pop.middle_name[:] = ["", "Carlos", "", ""]
    world = config.world
    birth_days = (date(world.birth_year_max, 12, 31) - date(world.birth_year_min, 1, 1)).days + 1
    unit = 2.0 * config.namesakes.index_identities / (4 * birth_days)
    assert expected_namesakes(config, pop) == pytest.approx([2 * unit, 2 * unit, 0, 2 * unit])
    # A namesake has none of their own, and is not one of the world's people.
    pop.namesake_of[3] = 1
    among_three = unit * 4 / 3  # one other of that name among three people
    assert expected_namesakes(config, pop) == pytest.approx([among_three, among_three, 0, 0])


def test_namesakes_share_name_sex_birth_date_and_country(
    drawn: tuple[WorldConfig, Population, Population],
) -> None:
    config, people, pop = drawn
    n = len(people)
    extra = np.flatnonzero(pop.namesake_kind == "namesake")
    assert len(extra) > 0
    assert np.array_equal(pop.person_id, np.arange(1, len(pop) + 1))
    assert np.all(pop.namesake_of[:n] == NO_PERSON)
    original = pop.namesake_of[extra] - 1
    assert np.all(original < n) and np.all(pop.person_id[extra] > n)
    for field in (*_NAMES, "sex", "dob", "culture"):
        assert np.array_equal(getattr(pop, field)[extra], getattr(pop, field)[original]), field
    # Born where the person was; a U.S.-born person's namesake abroad, where names of
    # the person's culture are given.
    us_born = pop.birth_country[original] == "US"
    assert np.array_equal(pop.birth_country[extra][~us_born], pop.birth_country[original][~us_born])
    assert us_born.any() and not np.any(pop.birth_country[extra] == "US")
    cultures = {code: country.culture for code, country in config.countries.items()}
    for i in extra[us_born]:
        assert cultures[pop.birth_country[i]] == pop.culture[i]


def test_namesakes_take_unlinked_foreign_born_paths(
    drawn: tuple[WorldConfig, Population, Population],
) -> None:
    _, people, pop = drawn
    extra = pop.namesake_of != NO_PERSON
    outcomes = set(NAMESAKE_PATHS) | {"lpr_deportable"}  # a conviction makes an LPR deportable
    assert set(pop.path[extra].tolist()) <= outcomes
    assert np.all(pop.parent1[extra] == NO_PERSON) and np.all(pop.parent2[extra] == NO_PERSON)
    daca = extra & (pop.path == "daca")
    assert np.all(pop.dob[daca] >= d.to_day(_DACA_BORN_AFTER))
    # Their lives are drawn like everyone's: all entered, the residents became LPRs.
    assert np.all(d.present(pop.entry_date[extra]))
    residents = extra & np.isin(pop.path, ("lpr", "usc_naturalized"))
    assert np.all(d.present(pop.lpr_date[residents]))
    # The people drawn first are untouched.
    for field in (*_NAMES, "path", "dob", "entry_date", "conviction_date"):
        assert np.array_equal(getattr(pop, field)[: len(people)], getattr(people, field)), field


def test_juniors_and_seniors(drawn: tuple[WorldConfig, Population, Population]) -> None:
    config, _, pop = drawn
    kin = np.flatnonzero(np.isin(pop.namesake_kind, ("father", "son")))
    assert {"father", "son"} <= set(pop.namesake_kind[kin].tolist())
    original = pop.namesake_of[kin] - 1
    assert np.all(pop.sex[kin] == "M") and np.all(pop.sex[original] == "M")
    for field in _NAMES:
        assert np.array_equal(getattr(pop, field)[kin], getattr(pop, field)[original]), field
    gap = (pop.dob[kin] - pop.dob[original]) / d.YEAR
    gap = np.where(pop.namesake_kind[kin] == "son", gap, -gap)
    ns = config.namesakes
    assert np.all(gap >= ns.junior_gap_years_min - 0.01)
    assert np.all(gap <= ns.junior_gap_years_max + 0.01)
    sons = kin[pop.namesake_kind[kin] == "son"]
    last = d.to_day(date(config.world.birth_year_max, 12, 31))
    assert np.all(pop.dob[sons] <= last)
    assert not np.isin(pop.path[pop.namesake_of[sons] - 1], CITIZEN_PATHS).any()
    assert set(pop.path[kin].tolist()) <= set(RELATIVE_PATHS) | {"lpr_deportable"}


def test_rate_zero_gives_no_namesakes(drawn: tuple[WorldConfig, Population, Population]) -> None:
    _, people, _ = drawn
    none = add_namesakes(np.random.default_rng(4), _config(rate=0.0), people)
    assert len(none) == len(people)
    kin_only = add_namesakes(np.random.default_rng(4), _config(rate=0.0, junior_share=0.2), people)
    assert len(kin_only) > len(people)
    assert "namesake" not in set(kin_only.namesake_kind.tolist())
    assert load_config().with_overrides(namesake_rate=0.0).namesakes.rate == 0.0


def test_same_generator_same_namesakes(drawn: tuple[WorldConfig, Population, Population]) -> None:
    config, people, pop = drawn
    again = add_namesakes(np.random.default_rng(4), config, people)
    for field in ("person_id", "namesake_of", "path", "birth_country", "entry_date"):
        assert np.array_equal(getattr(again, field), getattr(pop, field)), field


def test_count_is_the_expected_number(small_world: SimulationResult) -> None:
    """The world's namesakes number sum(lambda_i), within four Poisson standard deviations."""
    config = load_config()
    world = config.world
    birth_days = (date(world.birth_year_max, 12, 31) - date(world.birth_year_min, 1, 1)).days + 1
    ((persons, sharing, namesakes, relatives),) = _truth(
        small_world,
        """WITH people AS (SELECT * FROM persons WHERE namesake_of IS NULL),
        names AS (SELECT count(*) OVER (PARTITION BY given_name, family_name,
                                        second_family_name) - 1 AS c FROM people)
        SELECT (SELECT count(*) FROM people), (SELECT sum(c) FROM names),
               (SELECT count(*) FROM persons WHERE namesake_kind = 'namesake'),
               (SELECT count(*) FROM persons WHERE namesake_kind IN ('father', 'son'))""",
    )
    assert isinstance(persons, int) and isinstance(sharing, int | float)
    assert persons == small_world.summary["persons"] == 20_000
    ns = config.namesakes
    expected = ns.rate * float(sharing) * ns.index_identities / (persons * birth_days)
    assert abs(namesakes - expected) <= 4 * math.sqrt(expected)
    assert small_world.summary["namesakes"] == namesakes
    assert small_world.summary["namesake_relatives"] == relatives


def test_no_booking_is_of_a_namesake(small_world: SimulationResult) -> None:
    ((booked, of_namesakes),) = _truth(
        small_world,
        """SELECT count(*), count(p.namesake_of)
        FROM booking_truth b JOIN persons p USING (person_id)""",
    )
    assert booked == small_world.summary["bookings"] and of_namesakes == 0


def test_namesakes_have_records_of_their_own(small_world: SimulationResult) -> None:
    """Their A-numbers, FINs, orders and convictions are in the record systems."""
    rows = dict(
        _truth(
            small_world,
            """SELECT o.source, count(*) FROM record_owners o JOIN persons p USING (person_id)
            WHERE p.namesake_of IS NOT NULL GROUP BY 1""",
        )
    )
    assert {"ident", "cis", "eoir", "eid", "iii", "adis", "claims3", "claims4"} <= set(rows)
    ((orders,),) = _truth(
        small_world,
        """SELECT count(*) FROM persons n JOIN persons o ON o.person_id = n.namesake_of
        WHERE n.path = 'final_order' AND o.path LIKE 'usc%'""",
    )
    assert isinstance(orders, int) and orders > 0  # a citizen's namesake under a removal order


def test_only_the_truth_says_who_is_a_namesake(small_world: SimulationResult) -> None:
    columns = dict(
        _truth(
            small_world,
            """SELECT column_name, data_type FROM duckdb_columns()
            WHERE table_name = 'persons' AND column_name LIKE 'namesake%'""",
        )
    )
    assert columns == {"namesake_of": "BIGINT", "namesake_kind": "VARCHAR"}
    con = duckdb.connect(str(small_world.out / WORLD_FILE), read_only=True)
    try:
        visible = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE column_name LIKE '%namesake%'"
        ).fetchall()
    finally:
        con.close()
    assert visible == []


def test_command_line_rate(tmp_path: Path) -> None:
    """`probable simulate --namesake-rate 0` builds a world without namesakes."""
    from typer.testing import CliRunner

    from probable.cli.app import app

    result = CliRunner().invoke(
        app,
        [
            "simulate", "--persons", "1500", "--bookings", "50", "--namesake-rate", "0",
            "--out", str(tmp_path / "w"), "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"namesakes": 0' in result.stdout
    refused = CliRunner().invoke(
        app, ["simulate", "--namesake-rate", "-1", "--out", str(tmp_path / "x")]
    )
    assert refused.exit_code != 0 and "namesake-rate" in refused.output
