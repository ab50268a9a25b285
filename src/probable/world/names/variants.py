"""The variants records show of one name: nicknames, other romanisations, surname forms.

Used by the error models; all randomness comes from the caller's generator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
from faker.providers.person import en_US
from nicknames import NickNamer
from unidecode import unidecode

from probable.world.names.romanise import (
    _KOREAN_SURNAMES,
    _pinyin_syllable_set,
    _segment,
    _wade_giles,
)

#: What `surname_variant` can do to a two-surname name.
SURNAME_VARIANTS: tuple[str, ...] = (
    "swapped",
    "second_dropped",
    "first_dropped",
    "joined",
    "hyphenated",
)
_SURNAME_VARIANT_P = np.array([0.15, 0.35, 0.15, 0.2, 0.15])


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
