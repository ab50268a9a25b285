"""The cultures names are drawn for, each one or more naming traditions built from Faker lists.

Shares, middle-name and second-surname rates per tradition are the realism the sampler relies on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from faker.providers.person import (
    bg_BG,
    en_IN,
    en_US,
    es_CO,
    es_ES,
    es_MX,
    fr_DZ,
    fr_FR,
    ko_KR,
    mk_MK,
    pt_BR,
    ru_RU,
    uk_UA,
    vi_VN,
    zh_CN,
    zh_TW,
)
from unidecode import unidecode

from probable.world.names.pools import _both, _by_sex, _Entries, _entries, _mix, _Pool
from probable.world.names.romanise import (
    _capitalise,
    _cyrillic,
    _korean_given,
    _korean_surname,
    _pinyin_name,
    _wade_giles_name,
)

CULTURES: tuple[str, ...] = (
    "anglo",
    "hispanic",
    "chinese",
    "indian",
    "filipino",
    "vietnamese",
    "korean",
    "arabic",
    "slavic",
    "haitian",
    "brazilian",
)
#: Cultures that write the family name first, so records often swap given and family.
FAMILY_NAME_FIRST: frozenset[str] = frozenset({"chinese", "korean", "vietnamese"})


@dataclass(frozen=True, eq=False)
class _Profile:
    """One naming tradition within a culture (e.g. Mexican within hispanic)."""

    share: float
    given: dict[str, _Pool]
    family: dict[str, _Pool]
    middle: dict[str, _Pool] | None = None
    middle_rate: float = 0.0  # share of people with a middle name, compound given names included
    lead_power: float | None = None  # first of two given names favours common ones (María ...)
    second_family_rate: float = 0.0
    alt_rate: float = 0.0  # share written in the pool's alternative rendering (Minjun)
    split_compounds: bool = True  # "José Luis" -> given "José", middle "Luis"


def _sexed(
    provider: Any, attr: str, romanise: Callable[[str], str] | None = None, **kw: Any
) -> tuple[_Entries, _Entries]:
    """The male and female lists `attr`_male / `attr`_female of a Faker provider."""
    return (
        _entries(getattr(provider, f"{attr}_male"), romanise, **kw),
        _entries(getattr(provider, f"{attr}_female"), romanise, **kw),
    )


def _hispanic() -> _Profile:
    """Mexican, Colombian and Spanish lists, all weighted by Colombia's name frequencies."""
    co = es_CO.Provider
    ref = (*_sexed(co, "first_names"), _entries(co.last_names))
    lists: list[_Entries] = [{}, {}, {}]
    for locale, share in ((es_MX, 0.65), (es_CO, 0.2), (es_ES, 0.15)):
        attrs = (*_sexed(locale.Provider, "first_names"), locale.Provider.last_names)
        for i, (data, weights) in enumerate(zip(attrs, ref, strict=True)):
            lists[i] = _mix((lists[i], 1.0), (_entries(data, borrow=weights), share))
    given = _by_sex(lists[0], lists[1])
    return _Profile(1.0, given, _both(lists[2]), given, 0.5, lead_power=1.5, second_family_rate=1.0)


def _chinese() -> tuple[_Profile, ...]:
    """Mainland names in pinyin; Taiwanese in Wade-Giles ("Chia-Hao Chang")."""
    zh, tw = zh_CN.Provider, zh_TW.Provider
    mainland = _Profile(
        0.8,
        _by_sex(*_sexed(zh, "first_names", _pinyin_name)),
        _both(_entries(zh.last_names, _pinyin_name)),
    )
    tw_given = _sexed(tw, "first_romanized_names", lambda s: _capitalise(s.lower()))
    taiwan = _Profile(
        0.2,
        _by_sex(*tw_given, alt=lambda s: s.replace("-", "").capitalize()),
        _both(_entries(tw.last_names, _wade_giles_name)),
        alt_rate=0.1,
    )
    return mainland, taiwan


def _vietnamese() -> _Profile:
    """Diacritics dropped as US records do; Văn/Thị lead the (frequency-ordered) middle names."""
    vi = vi_VN.Provider
    unisex = _entries(vi.first_names_unisex, unidecode)
    given = [_mix((e, 0.7), (unisex, 0.3)) for e in _sexed(vi, "first_names", unidecode)]
    middle = [
        _entries([k for k in vi.middle_names if k != other], unidecode, ranked=1.0)
        for other in ("Thị", "Văn")
    ]
    family = _entries(vi.last_names, unidecode, ranked=1.0)
    return _Profile(
        1.0, _by_sex(given[0], given[1]), _both(family), _by_sex(middle[0], middle[1]), 0.85
    )


def _russian_weights(names: Iterable[str]) -> dict[str, float]:
    """Faker's Russian list is a church calendar (Svyatopolk as likely as Sergey); names that
    other Cyrillic locales share, or that its fathers' names (patronymics) use, get 5x weight."""
    shared = {
        n
        for loc in (uk_UA, bg_BG, mk_MK)
        for attr in ("first_names_male", "first_names_female")
        for n in getattr(loc.Provider, attr, ())
    }
    fathers = ru_RU.Provider.middle_names_male

    def common(name: str) -> bool:
        stem = re.sub("(ий|ей|ай|ь|й)$", "", name)
        return name in shared or any(
            p.startswith(stem) and len(p) - len(stem) <= 6 for p in fathers
        )

    return {n: 5.0 if common(n) else 1.0 for n in names}


def _slavic() -> tuple[_Profile, ...]:
    """Russian (BGN/PCGN) and Ukrainian (national system) names, patronymic as middle name."""
    ru, uk = ru_RU.Provider, uk_UA.Provider

    def ukr(s: str) -> str:
        return _cyrillic(s, ukrainian=True)

    russian = _Profile(
        0.6,
        _by_sex(
            _entries(_russian_weights(ru.first_names_male), _cyrillic),
            _entries(_russian_weights(ru.first_names_female), _cyrillic),
        ),
        _by_sex(*_sexed(ru, "last_names", _cyrillic, ranked=10.0)),
        _by_sex(*_sexed(ru, "middle_names", _cyrillic)),
        0.1,
    )
    ukrainian = _Profile(
        0.4,
        _by_sex(*_sexed(uk, "first_names", ukr)),
        _by_sex(*_sexed(uk, "last_names", ukr)),
        _by_sex(*_sexed(uk, "middle_names", ukr)),
        0.1,
    )
    return russian, ukrainian


def _profiles() -> dict[str, tuple[_Profile, ...]]:
    us = en_US.Provider
    anglo = _by_sex(*_sexed(us, "first_names"))
    hispanic = _hispanic()
    india, dz, fr, br = en_IN.Provider, fr_DZ.Provider, fr_FR.Provider, pt_BR.Provider
    in_m, dz_m = _entries(india.first_names_male), _entries(fr_DZ.Provider.first_names_male)
    # Filipino surnames mostly come from the Spanish catalogue of 1849; given names are
    # American or Spanish; the middle name is the mother's maiden surname.
    ph_given = [
        _mix((us_e, 0.6), (es_e, 0.4))
        for us_e, es_e in zip(
            _sexed(us, "first_names"), _sexed(es_MX.Provider, "first_names"), strict=True
        )
    ]
    ph_family = _both(
        _mix((_entries(es_ES.Provider.last_names), 0.7), (_entries(es_MX.Provider.last_names), 0.3))
    )
    fr_given = _sexed(fr, "first_names")
    # Haitian surnames are very often French given names (Joseph, Pierre, Louis).
    ht_family = _mix((_entries(fr.last_names, ranked=10.0), 0.5), (fr_given[0], 0.5))
    br_given = _by_sex(*_sexed(br, "first_names"))
    ko = ko_KR.Provider
    return {
        "anglo": (_Profile(1.0, anglo, _both(_entries(us.last_names)), anglo, 0.6),),
        "hispanic": (hispanic,),
        "chinese": _chinese(),
        "indian": (
            _Profile(
                1.0,
                _by_sex(in_m, _entries(india.first_names_female)),
                _both(_entries(india.last_names)),
                _by_sex(in_m, in_m),  # the father's given name
                0.2,
            ),
        ),
        "filipino": (
            _Profile(
                1.0,
                _by_sex(ph_given[0], ph_given[1]),
                ph_family,
                ph_family,
                0.85,
                split_compounds=False,
            ),
        ),
        "vietnamese": (_vietnamese(),),
        "korean": (
            _Profile(
                1.0,
                _by_sex(
                    *_sexed(ko, "first_names", _korean_given),
                    alt=lambda s: s.replace("-", "").capitalize(),
                ),
                _both(_entries(ko.last_names, _korean_surname)),
                alt_rate=0.6,
            ),
        ),
        # ar_AA and kin are in Arabic script without short vowels (unidecode turns أحمد into
        # "'Hmd"), so Arab names come from the Latin-script Algerian list.
        "arabic": (
            _Profile(
                1.0,
                _by_sex(dz_m, _entries(dz.first_names_female)),
                _both(_entries(dz.last_names)),
                _by_sex(dz_m, dz_m),  # the father's given name
                0.3,
            ),
        ),
        "slavic": _slavic(),
        "haitian": (_Profile(1.0, _by_sex(*fr_given), _both(ht_family), _by_sex(*fr_given), 0.35),),
        "brazilian": (
            _Profile(
                1.0, br_given, _both(_entries(br.last_names)), br_given, 0.3, second_family_rate=0.6
            ),
        ),
    }
