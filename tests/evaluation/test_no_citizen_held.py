"""A property over many small worlds: no court-ordered profile holds or sends a request
to a citizen, whatever the namesakes and however corroboration fails (issue 14).

Each example simulates a small world of its own (seed, namesake density) and indexes it
with the session's trained model, then runs the what-if at corroboration rates whose
bounds include the sweep's extremes: no A-file, no answers, derived citizens who never
know, no investigation. Truth only scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probable.evaluation.corroboration import CorroborationRates
from probable.evaluation.whatif import run_whatif
from probable.identity import build_index
from probable.sources import read_world_records
from probable.world.config import default_config_text, load_config
from probable.world.simulate import simulate
from tests.conftest import WorldIdentity

PROTECTIVE = ("gonzalez_judgment", "ninth_circuit", "settlement", "settlement_neutral_review")
RATES = st.sampled_from([0.0, 1.0])


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(1, 2**31 - 1),
    namesake_rate=st.sampled_from([0.0, 1.0, 3.0, 10.0]),
    answer_rate=st.sampled_from([0.0, 0.85, 1.0]),
    a_file_rate=RATES,
    derived_knows_rate=RATES,
    investigation_rate=st.sampled_from([0.0, 0.9]),
)
def test_no_covered_citizen_is_held_or_sent_a_request(
    tmp_path_factory: pytest.TempPathFactory,
    world_identity: WorldIdentity,
    seed: int,
    namesake_rate: float,
    answer_rate: float,
    a_file_rate: float,
    derived_knows_rate: float,
    investigation_rate: float,
) -> None:
    out: Path = tmp_path_factory.mktemp("property-world")
    config = load_config().with_overrides(
        persons=4_000, bookings=1_200, seed=seed, namesake_rate=namesake_rate
    )
    simulate(config, out / "world", config_text=default_config_text())
    index = out / "identity.duckdb"
    build_index(read_world_records(out / "world"), index, model=world_identity.model)
    rates = CorroborationRates(
        answer_rate=answer_rate,
        a_file_rate=a_file_rate,
        derived_knows_rate=derived_knows_rate,
        investigation_rate=investigation_rate,
    )
    report = run_whatif(out / "world", index, profiles=("database_only", *PROTECTIVE), rates=rates)
    practice = report.profile("database_only").outcomes
    assert any(o.citizen for o in practice), "the world booked no citizen to protect"
    for name in PROTECTIVE:
        covered = [o for o in report.profile(name).outcomes if o.covered]
        assert covered
        held = [o.booking_id for o in covered if o.citizen and o.held]
        asked = [o.booking_id for o in covered if o.citizen and o.reached]
        assert held == [] and asked == [], (name, held, asked, rates)
