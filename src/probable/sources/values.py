"""Cleaning one value: names, surname tokens, dates of birth, sex.

Each returns the clean value and a note saying what was dropped (None when nothing was),
so a caller can record why a field went empty. They never raise on any text: lenient
input is the point, and the caller keeps the raw value. `probable.sources.clean` applies
them to the distinct values of a column; identifiers, unique per row, are cleaned
column-wise in `probable.sources.identifiers` instead.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from unidecode import unidecode

#: Cleaned names and address fields are cut to this many characters.
MAX_NAME_LENGTH = 100

#: Surname particles left out of `surname_tokens` ("de la cruz" -> ("cruz",)).
SURNAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "di", "du", "van", "von"}
    | {"der", "le", "st"}
)

#: Dates of birth before this year are taken as keying errors.
EARLIEST_BIRTH_YEAR = 1880

#: Notes quote at most this many characters of a value.
NOTE_QUOTE_LENGTH = 40

# Work on at most this much of one value: bounds the cost of absurd input (raw is kept).
_MAX_INPUT = 10_000
_SURROGATES = re.compile("[\ud800-\udfff]")
_DROPPED = re.compile(r"['`.]")
_NOT_ALNUM = re.compile(r"[^a-z0-9 ]")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_FEBRL = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})", re.ASCII)
_US = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", re.ASCII)
_SEX = {"m": "M", "male": "M", "f": "F", "female": "F"}

Noted = tuple[str | None, str | None]


def quote(value: str) -> str:
    """`value` in quotes for a note, shortened so a huge input does not make a huge note."""
    if len(value) > NOTE_QUOTE_LENGTH:
        value = value[:NOTE_QUOTE_LENGTH] + "..."
    return f"'{value}'"


def normalise_name(value: str | None) -> Noted:
    """The cleaned name (see `clean_name`) and a note if it was truncated or nothing was left."""
    if value is None:
        return None, None
    text = value[:_MAX_INPUT]
    if not text.isascii():  # NFKC and unidecode leave ASCII as it is
        text = unidecode(_SURROGATES.sub("", unicodedata.normalize("NFKC", text)))
    text = _DROPPED.sub("", text.lower())
    text = " ".join(_NOT_ALNUM.sub(" ", text).split())
    truncated = len(text) > MAX_NAME_LENGTH or len(value) > _MAX_INPUT
    text = text[:MAX_NAME_LENGTH].rstrip()
    if not text:
        return None, (f"no letters or digits in {quote(value)}" if value.strip() else None)
    return text, (f"truncated to {MAX_NAME_LENGTH} characters" if truncated else None)


def clean_name(value: str | None) -> str | None:
    """A name as linkage compares it: ASCII, lower case, letters, digits and single spaces.

    NFKC, then `unidecode` ("Мария" -> "mariia", "José" -> "jose"), lower case, apostrophes
    and dots removed ("O'Brien" -> "obrien"), hyphens and any other character become a space,
    whitespace collapsed, cut to `MAX_NAME_LENGTH`; nothing left -> None.
    """
    return normalise_name(value)[0]


def surname_tokens(
    family_name: str | None, second_family_name: str | None
) -> tuple[str, ...] | None:
    """Every token of two cleaned surnames, in order, particles dropped; None when none is left."""
    words = f"{family_name or ''} {second_family_name or ''}".split()
    tokens = tuple(word for word in words if word not in SURNAME_PARTICLES)
    return tokens or None


def parse_date_of_birth(value: str | None, *, today: date) -> tuple[date | None, str | None]:
    """A date of birth from ISO `YYYY-MM-DD`, FEBRL `YYYYMMDD` or US `MM/DD/YYYY` text.

    Impossible dates (2015-02-30), other text, and dates before `EARLIEST_BIRTH_YEAR` or
    after `today` give None and a note; empty text gives None without one.
    """
    if value is None or not value.strip():
        return None, None
    text = value.strip()
    if match := _ISO.fullmatch(text) or _FEBRL.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _US.fullmatch(text):
        month, day, year = (int(part) for part in match.groups())
    else:
        return None, f"unparseable {quote(value)}"
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None, f"impossible date {quote(value)}"
    if parsed.year < EARLIEST_BIRTH_YEAR or parsed > today:
        return None, f"out of range {quote(value)}"
    return parsed, None


def normalise_sex(value: str | None) -> Noted:
    """ "M", "F" or None from m, male, f, female in any case; anything else None with a note."""
    if value is None or not value.strip():
        return None, None
    sex = _SEX.get(value.strip().lower())
    return sex, (None if sex else f"unrecognised {quote(value)}")
