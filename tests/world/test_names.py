"""Names: determinism, shapes, per-culture realism and the variants error models use."""

from __future__ import annotations

import numpy as np
import pytest
from nicknames import NickNamer

from probable.world.names import (
    CULTURES,
    SURNAME_VARIANTS,
    NameBatch,
    NameSampler,
    nickname,
    strip_accents,
    surname_variant,
    transliteration_variant,
)

N_PER_CULTURE = 2_000


@pytest.fixture(scope="module")
def sampler() -> NameSampler:
    return NameSampler()


def _people(culture: str, n: int = N_PER_CULTURE) -> tuple[np.ndarray, np.ndarray]:
    sex = np.where(np.arange(n) % 2 == 0, "M", "F").astype(object)
    return np.full(n, culture, dtype=object), sex


@pytest.fixture(scope="module")
def by_culture(sampler: NameSampler) -> dict[str, NameBatch]:
    return {c: sampler.sample(np.random.default_rng(7), *_people(c)) for c in CULTURES}


def test_required_cultures_present() -> None:
    required = {"anglo", "hispanic", "chinese", "indian", "filipino", "vietnamese", "korean"}
    assert required | {"arabic", "slavic", "haitian", "brazilian"} <= set(CULTURES)


def test_same_seed_same_names(sampler: NameSampler) -> None:
    rng = np.random.default_rng(3)
    culture = np.array(CULTURES, dtype=object)[rng.integers(len(CULTURES), size=5_000)]
    sex = np.where(rng.random(5_000) < 0.5, "M", "F").astype(object)
    a = sampler.sample(np.random.default_rng(11), culture, sex)
    b = NameSampler().sample(np.random.default_rng(11), culture, sex)
    c = sampler.sample(np.random.default_rng(12), culture, sex)
    for field in ("given_name", "middle_name", "family_name", "second_family_name"):
        assert getattr(a, field).tolist() == getattr(b, field).tolist()
    assert a.given_name.tolist() != c.given_name.tolist()


def test_shapes_and_types(sampler: NameSampler) -> None:
    culture, sex = _people("anglo", 50)
    batch = sampler.sample(np.random.default_rng(0), culture, sex)
    assert len(batch) == 50
    for field in (batch.given_name, batch.middle_name, batch.family_name, batch.second_family_name):
        assert field.shape == (50,)
        assert field.dtype == object
        assert all(isinstance(v, str) for v in field)


def test_empty_input(sampler: NameSampler) -> None:
    empty = np.array([], dtype=object)
    assert len(sampler.sample(np.random.default_rng(0), empty, empty)) == 0


@pytest.mark.parametrize("culture", CULTURES)
def test_every_culture_names_everyone(by_culture: dict[str, NameBatch], culture: str) -> None:
    batch = by_culture[culture]
    assert all(batch.given_name) and all(batch.family_name)
    assert len(set(batch.given_name)) > 20
    assert len(set(batch.family_name)) > 8  # Vietnamese has few surnames


def test_sexes_get_different_given_names(by_culture: dict[str, NameBatch]) -> None:
    batch = by_culture["anglo"]
    male, female = set(batch.given_name[::2]), set(batch.given_name[1::2])
    assert len(male & female) < 0.2 * min(len(male), len(female))


def test_middle_name_rates(by_culture: dict[str, NameBatch]) -> None:
    def rate(c: str) -> float:
        return float(np.mean(by_culture[c].middle_name != ""))

    assert 0.55 < rate("anglo") < 0.65
    assert 0.45 < rate("hispanic") < 0.55
    assert rate("chinese") == 0.0 and rate("korean") == 0.0


def test_hispanic_names_have_two_distinct_surnames(by_culture: dict[str, NameBatch]) -> None:
    batch = by_culture["hispanic"]
    assert all(batch.second_family_name)
    assert np.mean(batch.second_family_name != batch.family_name) > 0.95
    assert any("á" in s or "é" in s or "í" in s or "ó" in s or "ñ" in s for s in batch.family_name)


def test_hispanic_double_given_names_favour_common_leads(by_culture: dict[str, NameBatch]) -> None:
    batch = by_culture["hispanic"]
    women = batch.given_name[1::2]
    assert 0.1 < np.mean(women == "María") < 0.4


def test_non_compound_cultures_have_no_second_surname(by_culture: dict[str, NameBatch]) -> None:
    for culture in ("anglo", "chinese", "korean", "slavic", "vietnamese"):
        assert not any(by_culture[culture].second_family_name)


@pytest.mark.parametrize("culture", ["chinese", "korean", "vietnamese", "slavic", "arabic"])
def test_romanised_cultures_are_ascii(by_culture: dict[str, NameBatch], culture: str) -> None:
    batch = by_culture[culture]
    names = [*batch.given_name, *batch.middle_name, *batch.family_name]
    if culture == "arabic":  # French spellings from Algeria keep accents (Célia)
        names = [strip_accents(n) for n in names]
    assert all(n.isascii() for n in names)
    assert all(n[:1].isupper() for n in names if n)
    assert not any(c in n for n in names for c in "'`@")


def test_chinese_surnames_look_romanised(by_culture: dict[str, NameBatch]) -> None:
    families = set(by_culture["chinese"].family_name)
    assert {"Wang", "Li", "Zhang"} <= families
    assert "Ceng" not in families  # 曾 reads Zeng as a surname, not unidecode's Ceng


def test_korean_surnames_use_usual_spellings(by_culture: dict[str, NameBatch]) -> None:
    families = set(by_culture["korean"].family_name)
    assert {"Kim", "Lee", "Park"} <= families
    assert not {"Gim", "I", "Bak"} & families


def test_slavic_surnames_agree_with_sex(by_culture: dict[str, NameBatch]) -> None:
    batch = by_culture["slavic"]
    women = batch.family_name[1::2]
    masculine = [n.endswith(("ov", "ev", "in")) for n in women]
    assert np.mean(masculine) < 0.05


def test_unknown_culture_is_named(sampler: NameSampler) -> None:
    culture = np.array(["anglo", "martian"], dtype=object)
    sex = np.array(["M", "F"], dtype=object)
    with pytest.raises(ValueError, match="martian"):
        sampler.sample(np.random.default_rng(0), culture, sex)


def test_unknown_sex_rejected(sampler: NameSampler) -> None:
    culture = np.array(["anglo"], dtype=object)
    with pytest.raises(ValueError, match="'X'"):
        sampler.sample(np.random.default_rng(0), culture, np.array(["X"], dtype=object))


def test_input_order_preserved(sampler: NameSampler) -> None:
    culture = np.array(["korean", "hispanic"] * 100, dtype=object)
    sex = np.array(["M"] * 200, dtype=object)
    batch = sampler.sample(np.random.default_rng(0), culture, sex)
    assert all(batch.second_family_name[1::2]) and not any(batch.second_family_name[::2])


def test_nickname_english() -> None:
    known = {n.capitalize() for n in NickNamer().nicknames_of("william")}
    seen = {nickname("William", np.random.default_rng(i)) for i in range(40)}
    assert seen <= known
    assert seen & {"Bill", "Will", "Billy", "Willie"}


def test_nickname_spanish() -> None:
    seen = {nickname("Francisco", np.random.default_rng(i)) for i in range(20)}
    assert seen <= {"Paco", "Pancho", "Kiko"} and {"Paco", "Pancho"} & seen
    assert nickname("José", np.random.default_rng(0)) in {"Pepe", "Chepe"}
    assert nickname("Guadalupe", np.random.default_rng(0)) in {"Lupe", "Lupita"}
    assert nickname("JOSÉ LUIS", np.random.default_rng(0)) in {"PEPE", "CHEPE"}


def test_nickname_unknown_is_none() -> None:
    assert nickname("Xqzt", np.random.default_rng(0)) is None


def test_nickname_deterministic() -> None:
    assert nickname("Elizabeth", np.random.default_rng(5)) == nickname(
        "Elizabeth", np.random.default_rng(5)
    )


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("Mohammed", {"Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad"}),
        ("Aleksandr", {"Alexander", "Aleksander", "Alexandr"}),
        ("Yevgeny", {"Evgeny"}),
        ("Xu", {"Hsu"}),
        ("Zhanna", {"Janna"}),
        ("Ivanov", {"Ivanoff"}),
        ("Lee", {"Li", "Yi", "Rhee"}),
    ],
)
def test_transliteration_variant(name: str, allowed: set[str]) -> None:
    seen = {transliteration_variant(name, np.random.default_rng(i)) for i in range(30)}
    assert seen <= allowed
    assert name not in seen


def test_transliteration_keeps_case() -> None:
    assert transliteration_variant("MOHAMMED", np.random.default_rng(0)) in {
        "MUHAMMAD",
        "MOHAMED",
        "MOHAMMAD",
        "MUHAMMED",
        "MOHAMAD",
    }


def test_transliteration_with_culture_can_chain_rules() -> None:
    seen = {
        transliteration_variant("Yevgeniy", np.random.default_rng(i), culture="slavic")
        for i in range(60)
    }
    assert "Evgeni" in seen


def test_transliteration_none_when_no_rule() -> None:
    for name in ("Smith", "Juan", "García", "Elizabeth", "Priya"):
        assert transliteration_variant(name, np.random.default_rng(0)) is None


def test_zhang_not_russified() -> None:
    seen = {transliteration_variant("Zhang", np.random.default_rng(i)) for i in range(30)}
    assert "Jang" not in seen


def test_strip_accents() -> None:
    assert strip_accents("Muñoz") == "Munoz"
    assert strip_accents("José Ángel") == "Jose Angel"
    assert strip_accents("Đặng") == "Dang"
    assert strip_accents("Smith") == "Smith"


def test_surname_variant_kinds() -> None:
    rng = np.random.default_rng(0)
    expected = {
        "swapped": ("López", "García"),
        "second_dropped": ("García", ""),
        "first_dropped": ("López", ""),
        "joined": ("García López", ""),
        "hyphenated": ("García-López", ""),
    }
    assert set(expected) == set(SURNAME_VARIANTS)
    for kind, result in expected.items():
        assert surname_variant("García", "López", rng, kind=kind) == result


def test_surname_variant_random_and_degenerate() -> None:
    seen = {surname_variant("García", "López", np.random.default_rng(i)) for i in range(60)}
    assert len(seen) == len(SURNAME_VARIANTS)
    assert surname_variant("Smith", "", np.random.default_rng(0)) == ("Smith", "")
    with pytest.raises(ValueError, match="sideways"):
        surname_variant("García", "López", np.random.default_rng(0), kind="sideways")
