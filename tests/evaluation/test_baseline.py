"""The database-only baseline: its rule, and its calibration against the trial record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from probable.evaluation.baseline import Finding, decide, run_baseline
from probable.evaluation.whatif import CAUSES, baseline_report, wilson_interval
from probable.world.simulate import SimulationResult


def _record(reference: str) -> tuple[str, str]:
    source, record_id = reference.split(":", 1)
    return source, record_id


def _finding(*births: str) -> Finding:
    return Finding(booking_id="BK1", booked_day=date(2015, 6, 1), birth_countries=set(births))


@pytest.mark.parametrize(
    ("case", "births", "facts", "basis"),
    [
        (
            "Gonzalez: one database says born in Mexico, no record of entry",
            ("MX",),
            {},
            "foreign_birth_no_record",
        ),
        ("records say born in the U.S., nothing else", ("US",), {}, None),
        ("a final order", ("MX",), {"final_order": ["eoir:C1"]}, "final_order"),
        (
            "a final order outranks a lawful record",
            ("MX",),
            {"final_order": ["eid:E1"], "lpr": ["cis:R1"]},
            "final_order",
        ),
        ("pending proceedings", ("GT",), {"pending": ["eoir:C1"]}, "pending_proceedings"),
        (
            "pending but a grant is on record",
            ("GT",),
            {"pending": ["eoir:C1"], "lawful": ["claims3:X"]},
            None,
        ),
        ("an LPR", ("IN",), {"lpr": ["cis:R1"]}, None),
        (
            "an LPR with a removable conviction",
            ("IN",),
            {"lpr": ["cis:R1"], "removable_conviction": ["iii:C"]},
            "removable_conviction",
        ),
        ("an expired admission", ("IN",), {"status_record": ["adis:1"]}, "no_lawful_status"),
        ("a current admission", ("IN",), {"lawful": ["adis:1"]}, None),
        (
            "a naturalization on record",
            ("MX",),
            {"citizen": ["claims4:N"], "final_order": ["eid:E"]},
            None,
        ),
    ],
)
def test_officer_rule(
    case: str, births: tuple[str, ...], facts: dict[str, list[str]], basis: str | None
) -> None:
    finding = _finding(*births)
    decide(finding, {fact: [_record(r) for r in records] for fact, records in facts.items()})
    assert finding.basis == basis, case
    assert finding.detainer is (basis is not None)


def test_missing_world_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no world file"):
        run_baseline(tmp_path)


def test_only_fingerprint_matches_are_decided(small_world: SimulationResult) -> None:
    findings = run_baseline(small_world.out)
    assert len(findings) == small_world.summary["bookings_fingerprint_matched"]
    assert all(f.basis is not None for f in findings if f.detainer)


def test_calibration_matches_trial_record(calibration_world: SimulationResult) -> None:
    """Default config: 5-7% of detainers fall on citizens or non-removable people (trial: 6%)."""
    figures = baseline_report(calibration_world.out).as_dict()
    assert figures["detainers"] > 2000
    assert 0.05 <= figures["wrongful_share"] <= 0.07, figures
    assert (
        figures["wrongful"] == figures["on_us_citizens"] + figures["on_not_removable_noncitizens"]
    )
    assert sum(figures["wrongful_by_cause"].values()) == figures["wrongful"]
    assert sum(figures["wrongful_by_true_status"].values()) == figures["wrongful"]
    assert "other" not in figures["wrongful_by_cause"], "every wrongful detainer has a traced cause"
    for cause in (
        "wrong_birthplace",
        "derived_citizenship",
        "missing_naturalization",
        "stale_status",
    ):
        assert figures["wrongful_by_cause"].get(cause, 0) > 0, cause
    assert set(figures["wrongful_by_cause"]) <= set(CAUSES)
    assert figures["removable_reach"] > 0.9


def test_us_citizens_are_held_by_the_baseline(calibration_world: SimulationResult) -> None:
    """The practice the court struck down does hold U.S. citizens in a flawed world."""
    report = baseline_report(calibration_world.out)
    held = [o for o in report.outcomes if o.finding.detainer and o.citizen]
    assert held
    assert {o.path for o in held} <= {"usc_born", "usc_acquired", "usc_naturalized", "usc_derived"}


def test_each_wrongful_detainer_is_explained_with_who_and_where(
    calibration_world: SimulationResult,
) -> None:
    report = baseline_report(calibration_world.out)
    wrongful = [o for o in report.outcomes if o.wrongful]
    assert wrongful
    for outcome in wrongful:
        assert outcome.booked_as.strip()
        assert len(outcome.agency_state) == 2
        assert outcome.explain() and outcome.explain() != "no traced cause"


def test_wilson_interval() -> None:
    low, high = wilson_interval(771, 12797)
    assert low < 771 / 12797 < high
    assert (round(low, 3), round(high, 3)) == (0.056, 0.065)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(0, 10)[0] == 0.0
