"""The agency frame: valid, unique ORIs, full coverage, stable under a seed, strict inputs."""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pytest

from probable.world.agencies import (
    DEFAULT_OTHER_OFFICES,
    DEFAULT_PERC_JURISDICTIONS,
    ORI_PATTERN,
    SCHEMA,
    build_agencies,
    jurisdictions,
)

SEED = 20151110


def _build(
    seed: int = SEED,
    *,
    count: int = 600,
    police_share: float = 0.35,
    perc: Sequence[str] = DEFAULT_PERC_JURISDICTIONS,
    others: Mapping[str, str] = DEFAULT_OTHER_OFFICES,
) -> pa.Table:
    return build_agencies(
        np.random.default_rng(seed),
        count=count,
        perc_jurisdictions=perc,
        other_offices=others,
        police_share=police_share,
    )


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return _build()


def test_jurisdictions_are_states_dc_and_territories() -> None:
    found = jurisdictions()
    kinds = Counter(j.kind for j in found)
    assert kinds == {"state": 50, "district": 1, "territory": 5}
    codes = [j.code for j in found]
    assert codes == sorted(codes)
    assert {"AS", "GU", "MP", "PR", "VI"} <= set(codes)
    for j in found:
        assert j.time_zone == j.time_zones[0]


def test_schema_and_row_count(table: pa.Table) -> None:
    assert table.schema.equals(SCHEMA)
    assert table.num_rows == 600


def test_ori_format_unique_and_sorted(table: pa.Table) -> None:
    oris = table.column("ori").to_pylist()
    assert len(set(oris)) == len(oris)
    assert oris == sorted(oris)
    states = table.column("state").to_pylist()
    counties = table.column("county_code").to_pylist()
    for ori, state, county in zip(oris, states, counties, strict=True):
        assert ORI_PATTERN.fullmatch(ori), ori
        assert len(ori) == 9
        assert ori[:2] == state
        assert ori[2:5] == county
        assert len(county) == 3
        assert county.isdigit()


def test_ori_unique_when_counties_are_crowded() -> None:
    # 5000 agencies put many agencies in each county; ORIs must stay distinct.
    oris = _build(count=5000).column("ori").to_pylist()
    assert len(set(oris)) == 5000
    assert all(ORI_PATTERN.fullmatch(ori) for ori in oris)


def test_defaults_perc_serves_42_states_and_2_territories() -> None:
    by_code = {j.code: j for j in jurisdictions()}
    kinds = Counter(by_code[code].kind for code in DEFAULT_PERC_JURISDICTIONS)
    assert kinds == {"state": 42, "territory": 2}
    assert len(set(DEFAULT_PERC_JURISDICTIONS)) == 44
    assert set(DEFAULT_PERC_JURISDICTIONS).isdisjoint(DEFAULT_OTHER_OFFICES)
    assert set(DEFAULT_PERC_JURISDICTIONS) | set(DEFAULT_OTHER_OFFICES) == set(by_code)


def test_offices_follow_the_mapping(table: pa.Table) -> None:
    for row in table.select(["state", "responsible_office", "served_by_perc"]).to_pylist():
        if row["state"] in DEFAULT_PERC_JURISDICTIONS:
            assert row["served_by_perc"] is True
            assert row["responsible_office"] == "PERC"
        else:
            assert row["served_by_perc"] is False
            assert row["responsible_office"] == DEFAULT_OTHER_OFFICES[row["state"]]


def test_time_zones_are_valid_and_belong_to_the_jurisdiction(table: pa.Table) -> None:
    zones = {j.code: j.time_zones for j in jurisdictions()}
    for state, tz in zip(
        table.column("state").to_pylist(), table.column("time_zone").to_pylist(), strict=True
    ):
        zoneinfo.ZoneInfo(tz)
        assert tz in zones[state]


def test_every_jurisdiction_present(table: pa.Table) -> None:
    assert set(table.column("state").to_pylist()) == {j.code for j in jurisdictions()}


def test_exactly_as_many_agencies_as_jurisdictions_covers_each_once() -> None:
    n = len(jurisdictions())
    counts = Counter(_build(count=n).column("state").to_pylist())
    assert set(counts.values()) == {1}
    assert len(counts) == n


def test_fewer_agencies_than_jurisdictions() -> None:
    small = _build(count=10)
    assert small.num_rows == 10
    assert len(set(small.column("state").to_pylist())) == 10
    assert _build(count=0).num_rows == 0


def test_kinds_share_and_weights(table: pa.Table) -> None:
    kinds = Counter(table.column("kind").to_pylist())
    assert set(kinds) == {"jail", "police"}
    assert kinds["police"] == round(0.35 * 600)
    weights = np.asarray(table.column("weight").to_pylist())
    assert (weights > 0).all()
    # Heavy tail: the top 5% of agencies carry far more than 5% of the volume.
    top = np.sort(weights)[-30:].sum() / weights.sum()
    assert top > 0.15
    assert all(_build(count=100, police_share=1.0).column("kind").to_pylist())
    assert set(_build(count=100, police_share=0.0).column("kind").to_pylist()) == {"jail"}


def test_more_agencies_where_more_counties(table: pa.Table) -> None:
    counts = Counter(table.column("state").to_pylist())
    assert counts["TX"] > counts["DE"]
    assert counts["TX"] > counts["DC"]


def test_names_nonempty(table: pa.Table) -> None:
    for name, kind in zip(
        table.column("name").to_pylist(), table.column("kind").to_pylist(), strict=True
    ):
        assert name.strip()
        if kind == "police":
            assert "Police" in name or "Policía" in name


def test_deterministic() -> None:
    assert _build(7).equals(_build(7))
    assert not _build(7).equals(_build(8))


def test_unknown_perc_code_raises() -> None:
    with pytest.raises(ValueError, match="XX"):
        _build(perc=[*DEFAULT_PERC_JURISDICTIONS, "XX"])


def test_unknown_other_office_code_raises() -> None:
    with pytest.raises(ValueError, match="ZZ"):
        _build(others={**DEFAULT_OTHER_OFFICES, "ZZ": "NYC"})


def test_missing_coverage_names_the_codes() -> None:
    others = {k: v for k, v in DEFAULT_OTHER_OFFICES.items() if k not in {"NY", "VI"}}
    with pytest.raises(ValueError, match="NY") as excinfo:
        _build(others=others)
    assert "VI" in str(excinfo.value)


def test_overlap_between_perc_and_others_raises() -> None:
    with pytest.raises(ValueError, match="CA"):
        _build(others={**DEFAULT_OTHER_OFFICES, "CA": "LOS"})


@pytest.mark.parametrize("share", [-0.01, 1.01, float("nan")])
def test_police_share_out_of_range_raises(share: float) -> None:
    with pytest.raises(ValueError, match="police_share"):
        _build(police_share=share)


def test_negative_count_raises() -> None:
    with pytest.raises(ValueError, match="count"):
        _build(count=-1)
