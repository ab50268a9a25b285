"""Romanisation of Cyrillic, Hangul and Chinese names by small rule tables and `unidecode`.

Records abroad hold names in Latin letters, spelled the way passports and US records write them.
"""

from __future__ import annotations

import re
from functools import cache

from unidecode import unidecode


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
