"""The simulator and the evidence calculators agree on the same people (issue 14, item 4).

Every derivation and acquisition family the small world made is read back from its truth
(the parents, their naturalization, marriage, legal separation, custody, presence) and
given to the calculators a citizenship investigation would feed. Where the statute's
facts are all there, the calculator reaches the simulator's answer; only the routes that
turn on what neither models (legitimation, INA 309) may stay "possible".
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from probable.evaluation.corroboration import (
    CorroborationRates,
    _parents_documented,
    read_person_truth,
)
from probable.evidence.acquisition import acquisition_at_birth
from probable.evidence.derivation import derivation, eighteenth_birthday
from probable.sources import read_world_booking_events
from probable.world.simulate import SimulationResult
from probable.world.truth import TruthReader

_FAMILIES = """
SELECT DISTINCT b.booking_id, p.path, p.date_of_birth, p.lpr_date, f.provision
FROM booking_truth b JOIN persons p USING (person_id) JOIN families f USING (person_id)
"""


@pytest.fixture(scope="module")
def families(small_world: SimulationResult) -> list[tuple[object, ...]]:
    with TruthReader(small_world.out) as truth:
        rows = truth.connection.execute(_FAMILIES).fetchall()
    assert rows, "the small world booked no acquisition or derivation family"
    return rows


def test_the_calculators_reach_the_simulators_answer_on_complete_facts(
    small_world: SimulationResult, families: list[tuple[object, ...]]
) -> None:
    ids = [str(r[0]) for r in families]
    people = read_person_truth(small_world.out, ids)
    booked = {e.booking_id: e for e in read_world_booking_events(small_world.out)}
    outcomes: Counter[tuple[str, str]] = Counter()
    for booking_id, path, born, lpr, provision in families:
        person = people[str(booking_id)]
        assert person.family is not None
        parents = list(_parents_documented(person))
        assert {p.relation for p in parents} == {"mother", "father"}, parents
        assert isinstance(born, date)
        if eighteenth_birthday(born) < date(1952, 12, 24):
            continue
        citizen = path in ("usc_derived", "usc_acquired")
        if provision.startswith("INA 301"):
            country = booked[str(booking_id)].subject.birth_country or "MX"
            found = acquisition_at_birth(born, country if country != "US" else "MX", parents)
        else:
            found = derivation(born, lpr if isinstance(lpr, date) else None, parents)
        outcomes[(path, found.assessment)] += 1
        if found.assessment == "possible":
            # Only what neither side models: legitimation (an unmarried mother's route).
            assert not person.family.parents_married, (provision, found.reason)
        elif citizen:
            assert found.assessment == "citizen", (provision, found.reason)
        else:
            assert found.assessment == "not_citizen", (provision, found.reason)
    assert sum(outcomes.values()) >= 20, outcomes
    decided = sum(n for (_, a), n in outcomes.items() if a != "possible")
    assert decided / sum(outcomes.values()) >= 0.8, outcomes


def test_an_investigation_is_seeded_and_bounded_by_its_rate(
    small_world: SimulationResult, families: list[tuple[object, ...]]
) -> None:
    from probable.evaluation.corroboration import simulate_investigation

    people = read_person_truth(small_world.out, [str(r[0]) for r in families])
    person = next(iter(people.values()))
    day = date(2020, 1, 1)
    never = CorroborationRates(investigation_rate=0.0)
    always = CorroborationRates(investigation_rate=1.0)
    assert simulate_investigation(person, day, never) is None
    first = simulate_investigation(person, day, always)
    assert first is not None and first == simulate_investigation(person, day, always)
    assert first.parents and all(p.married_to_other_parent is not None for p in first.parents)
    with pytest.raises(ValueError, match="investigation_rate"):
        CorroborationRates(investigation_rate=1.5)
