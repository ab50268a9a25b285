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
    en_IN,
    en_US,
    es_CO,
    es_ES,
    es_MX,
    fr_DZ,
    fr_FR,
    ko_KR,
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

Obj = npt.NDArray[np.object_]
Entries = dict[str, float]


@dataclass(frozen=True, eq=False)
class NameBatch:
    """Names for a batch of people; fields are aligned object arrays of str, "" when absent.

    Surnames are in written order: Hispanic paternal then maternal, Brazilian maternal then
    paternal. Filipino `middle_name` is the mother's maiden surname, as Filipinos write it.
    """

    given_name: Obj
    middle_name: Obj
    family_name: Obj
    second_family_name: Obj

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

    names: Obj
    heads: Obj
    tails: Obj
    alt: Obj  # another rendering of each name (hyphenated/joined); equal to `heads` if none
    cdf: npt.NDArray[np.float64]

    @classmethod
    def of(cls, entries: Entries, alt: Callable[[str], str] | None = None) -> _Pool:
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
    borrow: Entries | None = None,
) -> Entries:
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
    out: Entries = {}
    for key, weight in items:
        name = " ".join((romanise(key) if romanise else key).split())
        if name:
            out[name] = out.get(name, 0.0) + float(weight)
    total = sum(out.values())
    return {k: v / total for k, v in out.items()}


def _mix(*parts: tuple[Entries, float]) -> Entries:
    out: Entries = {}
    for entries, share in parts:
        for k, v in entries.items():
            out[k] = out.get(k, 0.0) + share * v
    return out


def _by_sex(m: Entries, f: Entries, alt: Callable[[str], str] | None = None) -> dict[str, _Pool]:
    return {"M": _Pool.of(m, alt), "F": _Pool.of(f, alt)}


# --- romanisation rules ------------------------------------------------------------------

_RU = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)
_UK = _RU | dict(zip("гґеєиіїйюя'’", "h g e ie y i i i iu ia _ _".split(), strict=True))
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_CYR_VOWELS = frozenset("аеёиоуыэюяєіїьъ")


def _cyrillic(name: str, ukrainian: bool = False) -> str:
    """Russian by BGN/PCGN (Yevgeniy), Ukrainian by the 2010 national system (Serhii)."""
    table = _UK if ukrainian else _RU
    out: list[str] = []
    prev = ""
    for ch in name.lower():
        start = not prev.isalpha() and prev not in "'’"
        if ukrainian and start and ch in _UK_INITIAL:
            latin = _UK_INITIAL[ch]
        elif not ukrainian and ch in "её" and (start or prev in _CYR_VOWELS):
            latin = "y" + table[ch].lstrip("y")
        elif ukrainian and ch == "г" and prev == "з":
            latin = "gh"
        else:
            latin = table.get(ch, ch).replace("_", "")
        out.append(latin)
        prev = ch
    return _capitalise(unidecode("".join(out)))


def _capitalise(name: str) -> str:
    return re.sub(r"[^\s-]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:], name)


_HANGUL_INITIAL = "g kk n d tt r m b pp s ss _ j jj ch k t p h".split()
_HANGUL_MEDIAL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_HANGUL_FINAL = "_ k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()
#: Korean surnames whose usual spelling abroad is not the Revised Romanisation.
_KOREAN_SURNAMES: dict[str, tuple[str, ...]] = {
    "gim": ("Kim", "Gim"),
    "i": ("Lee", "Yi", "Rhee"),
    "bak": ("Park", "Pak", "Bak"),
    "choe": ("Choi", "Choe"),
    "jeong": ("Jung", "Jeong", "Chung"),
    "gang": ("Kang", "Gang"),
    "jo": ("Cho", "Jo"),
    "yun": ("Yoon", "Yun"),
    "jang": ("Jang", "Chang"),
    "im": ("Lim", "Im"),
    "o": ("Oh",),
    "seo": ("Seo", "Suh"),
    "sin": ("Shin", "Sin"),
    "gwon": ("Kwon", "Gwon"),
    "an": ("Ahn", "An"),
    "ryu": ("Ryu", "Yoo"),
    "jeon": ("Jeon", "Jun", "Chun"),
    "go": ("Ko", "Koh", "Go"),
    "mun": ("Moon", "Mun"),
    "son": ("Son", "Sohn"),
    "baek": ("Baek", "Paik"),
    "heo": ("Heo", "Huh"),
    "yu": ("Yoo", "Yu"),
    "sim": ("Shim", "Sim"),
    "no": ("Noh", "Roh"),
    "gwak": ("Kwak", "Gwak"),
    "seong": ("Sung", "Seong"),
    "ju": ("Joo", "Ju"),
    "u": ("Woo",),
    "gu": ("Koo", "Gu"),
    "eom": ("Um", "Eom"),
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
        out.append("".join(parts).replace("_", ""))
    return out


def _korean_surname(name: str) -> str:
    rr = "".join(_hangul_syllables(name))
    return _KOREAN_SURNAMES.get(rr, (rr.capitalize(),))[0]


def _korean_given(name: str) -> str:
    return "".join(_hangul_syllables(name)).capitalize()


def _korean_hyphenated(joined: str) -> str:
    """'Minjun' -> 'Min-jun' (the form many Korean passports use)."""
    syllables = _segment(joined.lower(), _korean_syllable_set())
    return "-".join(syllables).capitalize() if syllables else joined


@cache
def _korean_syllable_set() -> frozenset[str]:
    return frozenset("".join(_hangul_syllables(chr(0xAC00 + c))) for c in range(11172))


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
    alt_rate: float = 0.0  # share written in the pool's alternative rendering (Min-jun)


def _hispanic_lists() -> dict[str, Entries]:
    """Mexican, Colombian and Spanish lists, all weighted by Colombia's name frequencies."""
    ref = {
        a: _entries(getattr(es_CO.Provider, a))
        for a in ("first_names_male", "first_names_female", "last_names")
    }
    out: dict[str, Entries] = {}
    for loc, share in ((es_MX, 0.65), (es_CO, 0.2), (es_ES, 0.15)):
        for attr, weights in ref.items():
            entries = _entries(getattr(loc.Provider, attr), borrow=weights)
            out[attr] = _mix((out.get(attr, {}), 1.0), (entries, share))
    return out


def _profiles() -> dict[str, tuple[_Profile, ...]]:
    us, hisp = en_US.Provider, _hispanic_lists()
    hm, hf, hl = hisp["first_names_male"], hisp["first_names_female"], hisp["last_names"]
    us_m, us_f = _entries(us.first_names_male), _entries(us.first_names_female)
    anglo = _by_sex(us_m, us_f)
    hispanic = _by_sex(hm, hf)

    zh, tw = zh_CN.Provider, zh_TW.Provider
    zh_family = _Pool.of(_entries(zh.last_names, _pinyin_name))
    tw_family = _Pool.of(_entries(tw.last_names, _wade_giles_name))
    tw_given = _by_sex(
        _entries(tw.first_romanized_names_male, lambda s: _capitalise(s.lower())),
        _entries(tw.first_romanized_names_female, lambda s: _capitalise(s.lower())),
        alt=lambda s: s.replace("-", "").capitalize(),
    )

    ko = ko_KR.Provider
    ko_family = _Pool.of(_entries(ko.last_names, _korean_surname))

    vi = vi_VN.Provider
    vi_unisex = _entries(vi.first_names_unisex, unidecode)
    vi_mid = {
        s: [k for k in vi.middle_names if k != ("Thị" if s == "M" else "Văn")] for s in _SEXES
    }

    ru, uk = ru_RU.Provider, uk_UA.Provider

    def ukr(s: str) -> str:
        return _cyrillic(s, ukrainian=True)

    india = en_IN.Provider
    in_m = _entries(india.first_names_male)
    dz = fr_DZ.Provider
    dz_m = _entries(dz.first_names_male)
    fr = fr_FR.Provider
    fr_m, fr_f = _entries(fr.first_names_male), _entries(fr.first_names_female)
    br = pt_BR.Provider
    es_last = _mix(
        (_entries(es_ES.Provider.last_names), 0.7), (_entries(es_MX.Provider.last_names), 0.3)
    )
    both = dict.fromkeys(_SEXES, _Pool.of(_entries(br.last_names)))

    return {
        "anglo": (_Profile(1.0, anglo, _both(_entries(us.last_names)), anglo, 0.6),),
        "hispanic": (_Profile(1.0, hispanic, _both(hl), hispanic, 0.5, 2.0, 1.0),),
        "chinese": (
            _Profile(0.8, _by_sex(_entries(zh.first_names_male, _pinyin_name),
                                  _entries(zh.first_names_female, _pinyin_name)),
                     dict.fromkeys(_SEXES, zh_family)),
            _Profile(0.2, tw_given, dict.fromkeys(_SEXES, tw_family), alt_rate=0.1),
        ),
        "indian": (
            _Profile(1.0, _by_sex(in_m, _entries(india.first_names_female)),
                     _both(_entries(india.last_names)), _by_sex(in_m, in_m), 0.2),
        ),
        "filipino": (
            _Profile(1.0, _by_sex(_mix((us_m, 0.6), (hm, 0.4)), _mix((us_f, 0.6), (hf, 0.4))),
                     _both(es_last), _both(es_last), 0.85),
        ),
        "vietnamese": (
            _Profile(1.0, _by_sex(_mix((_entries(vi.first_names_male, unidecode), 0.7), (vi_unisex, 0.3)),
                                  _mix((_entries(vi.first_names_female, unidecode), 0.7), (vi_unisex, 0.3))),
                     _both(_entries(vi.last_names, unidecode, ranked=1.0)),
                     _by_sex(*(_entries(vi_mid[s], unidecode, ranked=1.0) for s in _SEXES)), 0.85),
        ),
        "korean": (
            _Profile(1.0, _by_sex(_entries(ko.first_names_male, _korean_given),
                                  _entries(ko.first_names_female, _korean_given), _korean_hyphenated),
                     dict.fromkeys(_SEXES, ko_family), alt_rate=0.4),
        ),
        "arabic": (
            # The middle name is the father's given name, hence male names for both sexes.
            _Profile(1.0, _by_sex(dz_m, _entries(dz.first_names_female)), _both(_entries(dz.last_names)),
                     _by_sex(dz_m, dz_m), 0.3),
        ),
        "slavic": (
            _Profile(0.6, _by_sex(_entries(ru.first_names_male, _cyrillic), _entries(ru.first_names_female, _cyrillic)),
                     _by_sex(_entries(ru.last_names_male, _cyrillic, ranked=10.0),
                             _entries(ru.last_names_female, _cyrillic, ranked=10.0)),
                     _by_sex(_entries(ru.middle_names_male, _cyrillic), _entries(ru.middle_names_female, _cyrillic)),
                     0.1),
            _Profile(0.4, _by_sex(_entries(uk.first_names_male, ukr), _entries(uk.first_names_female, ukr)),
                     _by_sex(_entries(uk.last_names_male, ukr), _entries(uk.last_names_female, ukr)),
                     _by_sex(_entries(uk.middle_names_male, ukr), _entries(uk.middle_names_female, ukr)), 0.1),
        ),
        "haitian": (
            # Haitian surnames are very often French given names (Joseph, Pierre, Louis).
            _Profile(1.0, _by_sex(fr_m, fr_f), _both(_mix((_entries(fr.last_names, ranked=10.0), 0.5), (fr_m, 0.5))),
                     _by_sex(fr_m, fr_f), 0.35),
        ),
        "brazilian": (
            _Profile(1.0, _by_sex(_entries(br.first_names_male), _entries(br.first_names_female)), both,
                     _by_sex(_entries(br.first_names_male), _entries(br.first_names_female)), 0.3,
                     second_family_rate=0.6),
        ),
    }  # fmt: skip


def _both(entries: Entries) -> dict[str, _Pool]:
    return dict.fromkeys(_SEXES, _Pool.of(entries))


def _sample_profile(
    rng: np.random.Generator, p: _Profile, sex: str, m: int
) -> tuple[Obj, Obj, Obj, Obj]:
    pool = p.given[sex]
    compound = pool.compound_share()
    rate = max(0.0, (p.middle_rate - compound) / (1.0 - compound)) if p.middle else 0.0
    double = rng.random(m) < rate
    gi = pool.draw(rng, m)
    if p.lead_power is not None:
        gi = np.where(double, pool.sharpened(p.lead_power).draw(rng, m), gi)
    given = pool.heads[gi]
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
        """culture: array of culture codes; sex: array of "M"/"F". Raises ValueError naming an unknown culture."""
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
                for j, profile in enumerate(profiles):
                    sub = rows[which == j]
                    if sub.size:
                        for field, values in zip(
                            out, _sample_profile(rng, profile, s, sub.size), strict=True
                        ):
                            field[sub] = values
        return NameBatch(*out)


# --- variants used by the error models ----------------------------------------------------

#: Spanish hypocorísticos; the `nicknames` package covers English only.
_SPANISH_NICKNAMES: dict[str, tuple[str, ...]] = {
    "jose": ("Pepe", "Chepe"), "francisco": ("Paco", "Pancho", "Kiko"), "guadalupe": ("Lupe", "Lupita"),
    "jesus": ("Chuy", "Chucho"), "ignacio": ("Nacho",), "alejandro": ("Alex", "Jandro"),
    "alejandra": ("Ale", "Alex"), "enrique": ("Quique",), "roberto": ("Beto",), "alberto": ("Beto",),
    "humberto": ("Beto",), "guillermo": ("Memo",), "eduardo": ("Lalo",), "manuel": ("Manolo",),
    "rafael": ("Rafa",), "concepcion": ("Concha", "Conchita"), "dolores": ("Lola",), "rosario": ("Chayo",),
    "consuelo": ("Chelo",), "antonio": ("Toño", "Tony"), "fernando": ("Nando",), "ramon": ("Moncho",),
    "santiago": ("Santi", "Chago"), "salvador": ("Chava",), "isabel": ("Chabela",), "vicente": ("Chente",),
    "gregorio": ("Goyo",), "rodolfo": ("Rudy", "Fito"), "adolfo": ("Fito",), "mercedes": ("Meche",),
    "graciela": ("Chela",), "teresa": ("Tere",), "josefina": ("Pepa", "Chepina"), "javier": ("Javi",),
    "margarita": ("Mago",), "daniel": ("Dani",), "gerardo": ("Gera",), "soledad": ("Chole",),
}  # fmt: skip


@cache
def _nicknamer() -> Any:
    return NickNamer()


def _match_case(template: str, name: str) -> str:
    if template.isupper():
        return name.upper()
    if template.islower():
        return name.lower()
    return name[:1].upper() + name[1:]


def nickname(given: str, rng: np.random.Generator) -> str | None:
    """A nickname the person may go by (William->Bill, Francisco->Paco); None if none known."""
    for name in dict.fromkeys([given, given.split(" ")[0]]):
        found = set(_SPANISH_NICKNAMES.get(strip_accents(name).lower(), ()))
        found |= {n.capitalize() for n in _nicknamer().nicknames_of(name)}
        found.discard(name.capitalize())
        if found:
            options = sorted(found)
            return _match_case(name, options[int(rng.integers(len(options)))])
    return None


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


def _rules() -> tuple[_Rule, ...]:
    classes: list[tuple[str, tuple[str, ...]]] = [
        ("arabic", ("mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad")),
        ("arabic", ("ahmed", "ahmad")), ("arabic", ("mahmoud", "mahmud")),
        ("arabic", ("mustapha", "mustafa", "mostafa")), ("arabic", ("youcef", "youssef", "yousef", "yusuf")),
        ("arabic", ("hocine", "hussein", "hussain", "husain")), ("arabic", ("hassan", "hasan")),
        ("arabic", ("omar", "umar")), ("arabic", ("oussama", "osama", "usama")), ("arabic", ("khaled", "khalid")),
        ("arabic", ("said", "saeed", "sayed")), ("arabic", ("rachid", "rashid")),
        ("slavic", ("aleksandr", "alexander", "aleksander", "alexandr")),
        ("chinese", ("li", "lee")), ("chinese", ("chen", "chan")), ("chinese", ("wang", "wong")),
        ("chinese", ("huang", "wong")), ("chinese", ("zhang", "cheung")), ("chinese", ("liu", "lau")),
        ("chinese", ("lin", "lam")), ("chinese", ("wu", "ng")), ("chinese", ("zhou", "chow")),
        ("chinese", ("he", "ho")), ("chinese", ("guo", "kwok")),
        *(("korean", tuple(s.lower() for s in v)) for v in _KOREAN_SURNAMES.values() if len(v) > 1),
    ]  # fmt: skip
    rules = [
        _Rule(re.compile(rf"\b{a}\b"), b, frozenset({c}), True)
        for c, names in classes
        for a in names
        for b in names
        if a != b
    ]
    regex: list[tuple[str, str, str, bool]] = [
        (r"\babdel", "abdul", "arabic", True), (r"\babdul", "abdel", "arabic", True),
        (r"\babder", "abdur", "arabic", True), (r"dj", "j", "arabic", True),
        (r"\bel-", "al-", "arabic", True), (r"\bal-", "el-", "arabic", True),
        (r"ou", "u", "arabic", False), (r"ch", "sh", "arabic", False), (r"q", "k", "arabic", False),
        (r"ee", "i", "arabic indian", False), (r"ah\b", "a", "arabic indian", False),
        (r"a\b", "ah", "arabic", False), (r"oo", "u", "indian korean", False),
        (r"ksh", "x", "indian", False), (r"tha\b", "ta", "indian", False),
        (r"\bye", "e", "slavic", True), (r"\be(?=[vlkg])", "ye", "slavic", False),
        (r"iy\b", "y", "slavic", True), (r"iy\b", "i", "slavic", True), (r"ii\b", "y", "slavic", True),
        (r"ii\b", "iy", "slavic", True), (r"y\b", "i", "slavic", False), (r"(?<=[^aeiou])y\b", "iy", "slavic", False),
        (r"ey\b", "ei", "slavic", False), (r"ei\b", "ey", "slavic", False),
        (r"ks(?=[aeiou])", "x", "slavic", True), (r"x(?=[aeiou])", "ks", "slavic", False),
        (r"ksandr\b", "xander", "slavic", True), (r"kh", "h", "slavic arabic", True),
        (r"ov\b", "off", "slavic", True), (r"ev\b", "eff", "slavic", True), (r"\bzh", "j", "slavic", True),
        (r"\byu", "iu", "slavic", False), (r"\biu", "yu", "slavic", True), (r"\bya", "ia", "slavic", False),
        (r"\bia", "ya", "slavic", False), (r"(?<=[a-z])ya", "ia", "slavic", False),
        (r"iya\b", "ia", "slavic", True), (r"yo", "e", "slavic", False), (r"shch", "sch", "slavic", True),
        (r"(?<![kzcs])h", "g", "slavic", False), (r"eo", "u", "korean", False),
    ]  # fmt: skip
    rules += [_Rule(re.compile(p), r, frozenset(c.split()), g) for p, r, c, g in regex]
    return tuple(rules)


_TRANSLIT_RULES = _rules()


def _to_wade_giles(word: str, culture: str | None) -> str | None:
    """Pinyin -> Wade-Giles for a name made of pinyin syllables (Xu -> Hsu, Xiuying -> Hsiu-ying).

    Without a culture only short names with letters peculiar to pinyin qualify, so Juan stays.
    """
    if culture not in (None, "chinese"):
        return None
    syllables = _segment(word, _pinyin_syllable_set())
    if not syllables or (
        culture is None and (len(syllables) > 2 or not re.search(r"zh|x|q|^[zc](?!h)", word))
    ):
        return None
    return "-".join(_wade_giles(s) for s in syllables)


def _candidates(lower: str, culture: str | None) -> list[str]:
    out = []
    for rule in _TRANSLIT_RULES:
        if (culture in rule.cultures if culture else rule.guess) and rule.pattern.search(lower):
            if (
                rule.pattern.pattern == r"\bzh"
                and culture is None
                and _segment(lower, _pinyin_syllable_set())
            ):
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
    if rng.random() < 0.25:  # sometimes two rules at once (Yevgeniy -> Evgeni)
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
