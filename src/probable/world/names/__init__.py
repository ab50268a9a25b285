"""Realistic personal names by culture and sex, sampled in bulk, plus the variants records show.

Names come from Faker's shipped per-locale lists (read as data, never through Faker's own
RNG) and the `nicknames` package; non-Latin scripts are romanised with small rule tables
(Cyrillic, Hangul, pinyin to Wade-Giles) and `unidecode`. Only rules are typed here, never
lists of names. All randomness comes from the caller's `numpy.random.Generator`.

`sampler` draws names from the pools `cultures` builds (with `pools` and `romanise`);
`variants` makes the other spellings and orders records show.
"""

from __future__ import annotations

from probable.world.names.cultures import CULTURES, FAMILY_NAME_FIRST
from probable.world.names.sampler import NameBatch, NameSampler
from probable.world.names.variants import (
    SURNAME_VARIANTS,
    nickname,
    strip_accents,
    surname_variant,
    swap_name_order,
    transliteration_variant,
)

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
