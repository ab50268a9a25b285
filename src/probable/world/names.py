"""Realistic personal names by culture and sex, sampled in bulk, plus the variants records show.

Names come from Faker's shipped per-locale lists (read as data, never through Faker's own
RNG) and the `nicknames` package; non-Latin scripts are romanised with small rule tables
(Cyrillic, Hangul, pinyin to Wade-Giles) and `unidecode`. Only rules are typed here, never
lists of names. All randomness comes from the caller's `numpy.random.Generator`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
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
from nicknames import NickNamer
from unidecode import unidecode

__all__ = [
    "CULTURES",
    "FAMILY_NAME_FIRST",
    "SURNAME_VARIANTS",
    "NameBatch",
    "NameSampler",
    "nickname",
    "strip_accents",
    "surname_variant",
    "swap_name_order",
    "transliteration_variant",
]

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
#: What `surname_variant` can do to a two-surname name.
SURNAME_VARIANTS: tuple[str, ...] = (
    "swapped",
    "second_dropped",
    "first_dropped",
    "joined",
    "hyphenated",
)
_SURNAME_VARIANT_P = np.array([0.15, 0.35, 0.15, 0.2, 0.15])
_SEXES = ("M", "F")

_Obj = npt.NDArray[np.object_]
_Entries = dict[str, float]


@dataclass(frozen=True, eq=False)
class NameBatch:
    """Names for a batch of people; fields are aligned object arrays of str, "" when absent.

    Surnames are in written order: Hispanic paternal then maternal, Brazilian maternal then
    paternal. Filipino `middle_name` is the mother's maiden surname, as Filipinos write it.
    """

    given_name: _Obj
    middle_name: _Obj
    family_name: _Obj
    second_family_name: _Obj

    def __post_init__(self) -> None:
        sizes = {len(self.given_name), len(self.middle_name), len(self.family_name)}
        if len(sizes | {len(self.second_family_name)}) != 1:
            raise ValueError("NameBatch fields must have equal lengths")

    def __len__(self) -> int:
        return len(self.given_name)


# --- pools: names with weights, drawn by inverse CDF ------------------------------------


@dataclass(frozen=True, eq=False)
class _Pool:
    """A weighted list of names; `heads`/`tails` split compound entries ("José Luis")."""

    names: _Obj
    heads: _Obj
    tails: _Obj
    alt: _Obj  # another rendering of each name (hyphenated/joined); equal to `heads` if none
    cdf: npt.NDArray[np.float64]

    @classmethod
    def of(cls, entries: _Entries, alt: Callable[[str], str] | None = None) -> _Pool:
        names = sorted(entries)
        weights = np.array([entries[k] for k in names], dtype=np.float64)
        split = [k.split(" ", 1) for k in names]
        heads = [s[0] for s in split]
        return cls(
            names=np.array(names, dtype=object),
            heads=np.array(heads, dtype=object),
            tails=np.array([s[1] if len(s) > 1 else "" for s in split], dtype=object),
            alt=np.array([alt(h) if alt else h for h in heads], dtype=object),
            cdf=np.cumsum(weights / weights.sum()),
        )

    def draw(self, rng: np.random.Generator, n: int) -> npt.NDArray[np.intp]:
        idx = np.searchsorted(self.cdf, rng.random(n), side="right")
        return np.minimum(idx, len(self.names) - 1)

    def sharpened(self, power: float) -> _Pool:
        """Same names, weights raised to `power`: common names lead double given names."""
        p = np.diff(self.cdf, prepend=0.0) ** power
        return _Pool(self.names, self.heads, self.tails, self.alt, np.cumsum(p / p.sum()))

    def compound_share(self) -> float:
        return float(np.diff(self.cdf, prepend=0.0)[self.tails != ""].sum())


def _entries(
    data: Mapping[str, float] | Iterable[str],
    romanise: Callable[[str], str] | None = None,
    ranked: float | None = None,
    borrow: _Entries | None = None,
) -> _Entries:
    """Normalised name->probability from a Faker attribute (tuple or name->weight mapping).

    `ranked` treats a frequency-ordered tuple as Zipf-like (weight 1/(rank+ranked));
    `borrow` takes weights from a weighted list of the same language, its minimum for
    names it lacks, so alphabetical lists get realistic frequencies.
    """
    items = list(data.items()) if isinstance(data, Mapping) else [(k, 1.0) for k in data]
    if ranked is not None:
        items = [(k, 1.0 / (r + ranked)) for r, (k, _) in enumerate(items)]
    if borrow:
        floor = min(borrow.values())
        items = [(k, borrow.get(k, floor)) for k, _ in items]
    out: _Entries = {}
    for key, weight in items:
        name = " ".join((romanise(key) if romanise else key).split())
        if name:
            out[name] = out.get(name, 0.0) + float(weight)
    total = sum(out.values())
    return {k: v / total for k, v in out.items()}


def _mix(*parts: tuple[_Entries, float]) -> _Entries:
    out: _Entries = {}
    for entries, share in parts:
        for k, v in entries.items():
            out[k] = out.get(k, 0.0) + share * v
    return out


def _by_sex(m: _Entries, f: _Entries, alt: Callable[[str], str] | None = None) -> dict[str, _Pool]:
    return {"M": _Pool.of(m, alt), "F": _Pool.of(f, alt)}


# --- romanisation rules ------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.replace("_", "") for w in text.split()]


def _table(keys: str, values: str) -> dict[str, str]:
    """A letter table from two aligned strings; "_" stands for "nothing"."""
    return {k: v.replace("_", "") for k, v in zip(keys, values.split(), strict=True)}


_RU = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya",
)
_UK = _RU | _table("гґеєиіїйюя'\u2019\u02bc", "h g e ie y i i i iu ia _ _ _")
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_CYR_VOWELS = frozenset("аеёиоуыэюяєіїьъ")


def _cyrillic(name: str, ukrainian: bool = False) -> str:
    """Russian by BGN/PCGN (Yevgeniy), Ukrainian by the 2010 national system (Serhii)."""
    table = _UK if ukrainian else _RU
    out: list[str] = []
    prev = ""
    for ch in name.lower():
        start = prev == "" or (not prev.isalpha() and prev not in "'\u2019\u02bc")
        if ukrainian and start and ch in _UK_INITIAL:
            latin = _UK_INITIAL[ch]
        elif not ukrainian and ch in "её" and (start or prev in _CYR_VOWELS):
            latin = "y" + table[ch].lstrip("y")
        elif ukrainian and prev + ch == "зг":
            latin = "gh"
        else:
            latin = table.get(ch, ch)
        out.append(latin)
        prev = ch
    return _capitalise(unidecode("".join(out)))


def _capitalise(name: str) -> str:
    return re.sub(r"[^\s-]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:], name)


_HANGUL_INITIAL = _words("g kk n d tt r m b pp s ss _ j jj ch k t p h")
_HANGUL_MEDIAL = _words("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
_HANGUL_FINAL = _words("_ k k k n n n t l k m l l l p l m p p t t ng t t k t p t")
#: Korean surnames whose usual spelling abroad is not the Revised Romanisation:
#: "RR: usual spelling, other spellings".
_KOREAN_SURNAMES: dict[str, tuple[str, ...]] = {
    rr: tuple(spellings.split())
    for rr, _, spellings in (
        line.strip().partition(":")
        for line in """
        gim: Kim Gim
        i: Lee Yi Rhee
        bak: Park Pak Bak
        choe: Choi Choe
        jeong: Jung Jeong Chung
        gang: Kang Gang
        jo: Cho Jo
        yun: Yoon Yun
        jang: Jang Chang
        im: Lim Im
        o: Oh
        seo: Seo Suh
        sin: Shin Sin
        gwon: Kwon Gwon
        an: Ahn An
        ryu: Ryu Yoo
        jeon: Jeon Jun Chun
        go: Ko Koh Go
        mun: Moon Mun
        son: Son Sohn
        baek: Baek Paik
        heo: Heo Huh
        yu: Yoo Yu
        sim: Shim Sim
        no: Noh Roh
        gwak: Kwak Gwak
        seong: Sung Seong
        ju: Joo Ju
        u: Woo
        gu: Koo Gu
        eom: Um Eom
        """.strip().splitlines()
    )
}


def _hangul_syllables(name: str) -> list[str]:
    """Revised Romanisation syllable by syllable, as Korean personal names are written."""
    out = []
    for ch in name:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            out.append(unidecode(ch).strip().lower())
            continue
        parts = (
            _HANGUL_INITIAL[code // 588],
            _HANGUL_MEDIAL[code % 588 // 28],
            _HANGUL_FINAL[code % 28],
        )
        out.append("".join(parts))
    return out


def _korean_surname(name: str) -> str:
    rr = "".join(_hangul_syllables(name))
    return _KOREAN_SURNAMES.get(rr, (rr.capitalize(),))[0]


def _korean_given(name: str) -> str:
    """'Min-jun', the hyphenated form many Korean passports use; the pool's alt joins it."""
    return "-".join(_hangul_syllables(name)).capitalize()


#: Hanzi whose reading as a name differs from unidecode's default reading.
_NAME_READINGS = {
    "叶": "ye", "葉": "ye", "曾": "zeng", "沈": "shen", "单": "shan", "單": "shan", "万": "wan",
    "翟": "zhai", "宁": "ning", "寧": "ning", "解": "xie", "缪": "miao", "繆": "miao", "仇": "qiu",
    "区": "ou", "區": "ou", "朴": "piao", "盖": "ge", "蓋": "ge", "乐": "yue", "樂": "yue",
    "查": "zha", "柏": "bai", "覃": "qin", "娜": "na", "洁": "jie", "潔": "jie",
}  # fmt: skip


def _pinyin(hanzi: str) -> list[str]:
    return [_NAME_READINGS.get(ch) or unidecode(ch).strip().lower() for ch in hanzi]


def _pinyin_name(hanzi: str) -> str:
    return "".join(_pinyin(hanzi)).capitalize()


_WG_INITIALS = {"b": "p", "d": "t", "g": "k", "j": "ch", "q": "ch", "x": "hs", "zh": "ch",
                "r": "j", "z": "ts", "c": "ts"}  # fmt: skip
_WG_WHOLE = {"zi": "tzu", "ci": "tzu", "si": "ssu", "ri": "jih", "zhi": "chih", "chi": "chih",
             "shi": "shih", "er": "erh", "yi": "i", "ye": "yeh", "yan": "yen", "you": "yu",
             "yong": "yung", "yue": "yueh"}  # fmt: skip


def _wade_giles(syllable: str) -> str:
    """One pinyin syllable in Wade-Giles without apostrophes, as Taiwan passports write it."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    m = re.match(r"(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]?)(.*)", syllable)
    initial, final = m.groups() if m else ("", syllable)
    final = re.sub(r"^(i?)ong$", r"\1ung", final)
    final = re.sub(r"ian$", "ien", final)
    final = re.sub(r"ie$", "ieh", final)
    if initial in ("j", "q", "x"):
        final = re.sub(r"^ue$", "ueh", final)
    if final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"
    if final == "e" and initial in ("g", "k", "h"):
        final = "o"
    if final == "ui" and initial in ("g", "k"):
        final = "uei"
    return _WG_INITIALS.get(initial, initial) + final


def _wade_giles_name(hanzi: str) -> str:
    return "".join(_wade_giles(s) for s in _pinyin(hanzi)).capitalize()


@cache
def _pinyin_syllable_set() -> frozenset[str]:
    """Every Mandarin syllable unidecode knows, read from the CJK Unified Ideographs block."""
    shape = re.compile(r"(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]+(ng|n|r)?")
    found = {unidecode(chr(c)).strip().lower() for c in range(0x4E00, 0xA000)}
    return frozenset(s for s in found if shape.fullmatch(s))


def _segment(word: str, syllables: frozenset[str]) -> list[str] | None:
    """Split `word` into the fewest syllables from `syllables`, or None if it cannot be."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            prev = best[start]
            if prev is not None and word[start:end] in syllables:
                cand = [*prev, word[start:end]]
                current = best[end]
                if current is None or len(cand) < len(current):
                    best[end] = cand
    return best[len(word)]


# --- cultures ---------------------------------------------------------------------------


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


def _both(entries: _Entries) -> dict[str, _Pool]:
    return dict.fromkeys(_SEXES, _Pool.of(entries))


def _sample_profile(
    rng: np.random.Generator, p: _Profile, sex: str, m: int
) -> tuple[_Obj, _Obj, _Obj, _Obj]:
    pool = p.given[sex]
    compound = pool.compound_share() if p.split_compounds else 0.0
    rate = max(0.0, (p.middle_rate - compound) / (1.0 - compound)) if p.middle else 0.0
    double = rng.random(m) < rate
    gi = pool.draw(rng, m)
    if p.lead_power is not None:
        gi = np.where(double, pool.sharpened(p.lead_power).draw(rng, m), gi)
    given = pool.heads[gi] if p.split_compounds else pool.names[gi]
    if p.alt_rate:
        given = np.where(rng.random(m) < p.alt_rate, pool.alt[gi], given)
    family = p.family[sex].names[p.family[sex].draw(rng, m)]
    middle = np.full(m, "", dtype=object)
    if p.middle is not None:
        mpool = p.middle[sex]
        middle[double] = mpool.heads[mpool.draw(rng, int(double.sum()))]
        for _ in range(4):  # a middle name repeating the given or family name is rare; redraw
            clash = double & ((middle == given) | (middle == family))
            if not clash.any():
                break
            middle[clash] = mpool.heads[mpool.draw(rng, int(clash.sum()))]
    if p.split_compounds:
        tails = pool.tails[gi]
        middle = np.where(tails != "", tails, middle)
    second = np.full(m, "", dtype=object)
    if p.second_family_rate:
        has = rng.random(m) < p.second_family_rate
        fam = p.family[sex]
        second[has] = fam.names[fam.draw(rng, int(has.sum()))]
    return given, middle, family, second


class NameSampler:
    """Loads the locale lists once; samples names by culture and sex, vectorised."""

    def __init__(self) -> None:
        self._profiles = _profiles()
        self._shares = {
            c: np.cumsum([p.share for p in ps]) / sum(p.share for p in ps)
            for c, ps in self._profiles.items()
        }

    def sample(
        self, rng: np.random.Generator, culture: npt.ArrayLike, sex: npt.ArrayLike
    ) -> NameBatch:
        """Names for people of these cultures and sexes ("M"/"F"), in input order.

        Raises ValueError naming any unknown culture or sex.
        """
        cult = np.asarray(culture, dtype=object)
        sexes = np.asarray(sex, dtype=object)
        if cult.ndim != 1 or cult.shape != sexes.shape:
            raise ValueError(
                f"culture and sex must be 1-D and equal length, got {cult.shape} and {sexes.shape}"
            )
        n = len(cult)
        masks = {c: cult == c for c in CULTURES}
        known = np.logical_or.reduce(list(masks.values())) if n else np.zeros(0, dtype=bool)
        if not known.all():
            bad = sorted({str(c) for c in cult[~known]})
            raise ValueError(
                f"unknown culture {', '.join(map(repr, bad))}; known: {', '.join(CULTURES)}"
            )
        male = sexes == "M"
        if not (male | (sexes == "F")).all():
            bad = sorted({str(s) for s in sexes[~(male | (sexes == "F"))]})
            raise ValueError(f"unknown sex {', '.join(map(repr, bad))}; expected 'M' or 'F'")
        out = [np.full(n, "", dtype=object) for _ in range(4)]
        for code in CULTURES:
            profiles, shares = self._profiles[code], self._shares[code]
            for s, in_sex in (("M", male), ("F", ~male)):
                rows = np.flatnonzero(masks[code] & in_sex)
                if not rows.size:
                    continue
                which = np.searchsorted(shares, rng.random(rows.size), side="right")
                which = np.minimum(which, len(profiles) - 1)
                for j, profile in enumerate(profiles):
                    sub = rows[which == j]
                    if sub.size:
                        for field, values in zip(
                            out, _sample_profile(rng, profile, s, sub.size), strict=True
                        ):
                            field[sub] = values
        return NameBatch(*out)


# --- variants used by the error models ----------------------------------------------------

#: Spanish hypocorísticos, "name: nickname ..."; the `nicknames` package covers English only.
_SPANISH_NICKNAMES: dict[str, tuple[str, ...]] = {
    key.strip(): tuple(values.split())
    for key, values in (
        line.split(":")
        for line in """
        jose: Pepe Chepe
        francisco: Paco Pancho Kiko
        guadalupe: Lupe Lupita
        jesus: Chuy Chucho
        ignacio: Nacho
        alejandro: Alex Jandro
        alejandra: Ale Alex
        enrique: Quique
        roberto: Beto
        alberto: Beto
        humberto: Beto
        guillermo: Memo
        eduardo: Lalo
        manuel: Manolo
        rafael: Rafa
        concepcion: Concha Conchita
        dolores: Lola
        rosario: Chayo
        consuelo: Chelo
        antonio: Toño Tony
        fernando: Nando
        ramon: Moncho
        santiago: Santi Chago
        salvador: Chava
        isabel: Chabela
        vicente: Chente
        gregorio: Goyo
        rodolfo: Rudy Fito
        adolfo: Fito
        mercedes: Meche
        graciela: Chela
        teresa: Tere
        josefina: Pepa Chepina
        javier: Javi
        margarita: Mago
        daniel: Dani
        gerardo: Gera
        soledad: Chole
        """.strip().splitlines()
    )
}


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def _match_case(template: str, name: str) -> str:
    if template.isupper():
        return name.upper()
    if template.islower():
        return name.lower()
    return name[:1].upper() + name[1:]


def nickname(given: str, rng: np.random.Generator) -> str | None:
    """A nickname the person may go by (William->Bill, Francisco->Paco); None if none known.

    English ones come from the `nicknames` package, which also lists archaic forms (Robert ->
    Dobbin); those that look current (listed both ways, sharing the name's start, or used as
    US given names) are drawn four times as often.
    """
    for name in dict.fromkeys([given, given.split(" ", maxsplit=1)[0]]):
        options = _nickname_weights(strip_accents(name).lower())
        options.pop(name.lower(), None)
        if options:
            keys = sorted(options)
            p = np.array([options[k] for k in keys])
            pick = keys[int(rng.choice(len(keys), p=p / p.sum()))]
            return _match_case(name, pick[:1].upper() + pick[1:])
    return None


@cache
def _us_given_names() -> frozenset[str]:
    return frozenset(k.lower() for k in en_US.Provider.first_names)


def _nickname_weights(key: str) -> dict[str, float]:
    namer = _nicknamer()
    out = {k.lower(): 4.0 for k in _SPANISH_NICKNAMES.get(key, ())}
    for nick in namer.nicknames_of(key):
        current = (
            key in namer.nicknames_of(nick) or nick[:2] == key[:2] or nick in _us_given_names()
        )
        out.setdefault(nick, 4.0 if current else 1.0)
    return out


def strip_accents(name: str) -> str:
    """The name without diacritics ("Muñoz" -> "Munoz"), as jails and old systems store it."""
    if name.isascii():
        return name
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare if bare.isascii() else unidecode(bare)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    replacement: str
    cultures: frozenset[str]
    guess: bool  # may fire when the caller does not say the culture


#: Spellings of one name in different romanisations: "cultures: spelling ...".
_SPELLINGS = """
arabic: mohammed muhammad mohamed mohammad muhammed mohamad
arabic: ahmed ahmad
arabic: mahmoud mahmud
arabic: mustapha mustafa mostafa
arabic: youcef youssef yousef yusuf
arabic: hocine hussein hussain husain
arabic: hassan hasan
arabic: omar umar
arabic: oussama osama usama
arabic: khaled khalid
arabic: said saeed sayed
arabic: rachid rashid
slavic: aleksandr alexander aleksander alexandr
chinese: li lee
chinese: chen chan
chinese: wang wong
chinese: huang wong
chinese: zhang cheung
chinese: liu lau
chinese: lin lam
chinese: wu ng
chinese: zhou chow
chinese: he ho
chinese: guo kwok
"""
#: Spelling rules, "pattern replacement cultures [guess]": lower-case regex -> text; "guess"
#: marks rules safe to apply when the caller does not say the name's culture.
_REGEX_RULES = r"""
\babdel abdul arabic guess
\babdul abdel arabic guess
\babder abdur arabic guess
dj j arabic guess
\bel- al- arabic guess
\bal- el- arabic guess
ou u arabic
ch sh arabic
q k arabic
ee i arabic,indian
ah\b a arabic,indian
a\b ah arabic
oo u indian,korean
ksh x indian
tha\b ta indian
\bye e slavic guess
\be(?=[vlkg]) ye slavic
iy\b y slavic guess
iy\b i slavic guess
ii\b y slavic guess
ii\b iy slavic guess
y\b i slavic
(?<=[^aeiou])y\b iy slavic
ey\b ei slavic
ei\b ey slavic
ks(?=[aeiou]) x slavic guess
x(?=[aeiou]) ks slavic
ksandr\b xander slavic guess
kh h slavic,arabic guess
ov\b off slavic guess
ev\b eff slavic guess
\bzh j slavic guess
\byu iu slavic
\biu yu slavic guess
\bya ia slavic
\bia ya slavic
(?<=[a-z])ya ia slavic
iya\b ia slavic
yo e slavic
shch sch slavic guess
(?<![kzcs])h g slavic
eo u korean
"""


def _rules() -> tuple[_Rule, ...]:
    rules = []
    spellings = [
        (c, t) for c, _, t in (ln.partition(":") for ln in _SPELLINGS.strip().splitlines())
    ]
    spellings += [("korean", " ".join(v).lower()) for v in _KOREAN_SURNAMES.values() if len(v) > 1]
    for culture, text in spellings:
        names = text.split()
        rules += [
            _Rule(re.compile(rf"\b{a}\b"), b, frozenset({culture}), True)
            for a in names
            for b in names
            if a != b
        ]
    for line in _REGEX_RULES.strip().splitlines():
        pattern, replacement, cultures, *guess = line.split()
        rules.append(
            _Rule(re.compile(pattern), replacement, frozenset(cultures.split(",")), bool(guess))
        )
    return tuple(rules)


_TRANSLIT_RULES = _rules()


def _to_wade_giles(word: str, culture: str | None) -> str | None:
    """Pinyin -> Wade-Giles for a name made of pinyin syllables (Xu -> Hsu, Xiuying -> Hsiu-ying).

    Without a culture only names with letters peculiar to pinyin qualify (x, q; zh in one
    syllable), so Juan and Zhanna stay.
    """
    if culture not in (None, "chinese"):
        return None
    syllables = _segment(word, _pinyin_syllable_set())
    if not syllables:
        return None
    if culture is None and not (
        (re.search(r"[xq]", word) and len(syllables) <= 2) or ("zh" in word and len(syllables) == 1)
    ):
        return None
    return "-".join(_wade_giles(s) for s in syllables)


def _is_one_syllable(word: str) -> bool:
    syllables = _segment(word, _pinyin_syllable_set())
    return syllables is not None and len(syllables) == 1


def _candidates(lower: str, culture: str | None) -> list[str]:
    out = []
    for rule in _TRANSLIT_RULES:
        if (culture in rule.cultures if culture else rule.guess) and rule.pattern.search(lower):
            if rule.pattern.pattern == r"\bzh" and culture is None and _is_one_syllable(lower):
                continue  # Zhanna -> Janna, but Zhang is Chinese, not Russian
            out.append(rule.pattern.sub(rule.replacement, lower))
    wg = _to_wade_giles(lower, culture)
    if wg:
        out.append(wg)
    return [c for c in dict.fromkeys(out) if c != lower]


def transliteration_variant(
    name: str, rng: np.random.Generator, culture: str | None = None
) -> str | None:
    """Another plausible romanisation of `name` (Mohammed->Muhammad, Yevgeny->Evgeny, Xu->Hsu).

    Pass `culture` to use that culture's rules only; without it only rules that rarely
    misfire on other cultures' names apply. Returns None when no rule applies.
    """
    lower = name.lower()
    options = _candidates(lower, culture)
    if not options:
        return None
    new = options[int(rng.integers(len(options)))]
    # Sometimes two rules at once (Yevgeniy -> Evgeni); only within a known culture, as
    # chaining across cultures yields hybrids (Zhang -> Chang -> Korean Jang).
    if culture and rng.random() < 0.25:
        more = [c for c in _candidates(new, culture) if c != lower]
        if more:
            new = more[int(rng.integers(len(more)))]
    return _recase(name, new)


def _recase(original: str, new: str) -> str:
    if original.isupper():
        return new.upper()
    caps = [w[:1].isupper() for w in re.split(r"[\s-]+", original)]
    words = re.split(r"([\s-]+)", new)
    return "".join(
        w[:1].upper() + w[1:]
        if i % 2 == 0 and (caps[i // 2] if i // 2 < len(caps) else caps[0])
        else w
        for i, w in enumerate(words)
    )


def surname_variant(
    family: str, second: str, rng: np.random.Generator, kind: str | None = None
) -> tuple[str, str]:
    """Two surnames as another record keeps them: swapped, one dropped, joined or hyphenated.

    `kind` forces one of `SURNAME_VARIANTS`. With no second surname the name is returned as is.
    """
    if not second:
        return family, second
    if kind is None:
        kind = SURNAME_VARIANTS[int(rng.choice(len(SURNAME_VARIANTS), p=_SURNAME_VARIANT_P))]
    variants = {
        "swapped": (second, family),
        "second_dropped": (family, ""),
        "first_dropped": (second, ""),
        "joined": (f"{family} {second}", ""),
        "hyphenated": (f"{family}-{second}", ""),
    }
    if kind not in variants:
        raise ValueError(f"unknown surname variant {kind!r}; known: {', '.join(SURNAME_VARIANTS)}")
    return variants[kind]


def swap_name_order(given: str, family: str) -> tuple[str, str]:
    """Given and family exchanged, as when a family-name-first name is read Western-style."""
    return family, given
