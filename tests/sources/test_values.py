"""Cleaning single values: names, surname tokens and dates of birth."""

from __future__ import annotations

from datetime import date

import pytest

from probable.sources import clean_name, surname_tokens
from probable.sources.values import MAX_NAME_LENGTH, parse_date_of_birth

TODAY = date(2025, 6, 1)

#: 1985-03-07 in Arabic-Indic digits, which Python's int() would accept.
ARABIC_INDIC_DATE = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in "1985-03-07")


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        pytest.param("José", "jose", id="accent"),
        pytest.param("Müller", "muller", id="umlaut"),
        pytest.param("Nguyễn Văn", "nguyen van", id="vietnamese"),
        pytest.param("Jose\u0301", "jose", id="combining-mark"),
        pytest.param("\uff2a\uff2f\uff33\uff25", "jose", id="fullwidth-nfkc"),
        pytest.param("Мария", "mariia", id="cyrillic"),
        pytest.param("محمد", "mhmd", id="arabic"),
        pytest.param("李小龙", "li xiao long", id="cjk"),
        pytest.param("  María-José  ", "maria jose", id="hyphen-and-padding"),
        pytest.param("Arias   Rodríguez", "arias rodriguez", id="compound-surname-kept-whole"),
        pytest.param("O'Brien", "obrien", id="apostrophe"),
        pytest.param("D\u2019Angelo", "dangelo", id="curly-apostrophe"),
        pytest.param("St. John", "st john", id="dot"),
        pytest.param("Ana 😀", "ana", id="emoji-dropped"),
        pytest.param("Louis XIV 2nd", "louis xiv 2nd", id="digits-kept"),
        pytest.param("😀", None, id="emoji-only"),
        pytest.param("\t \n", None, id="whitespace-only"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="null"),
    ],
)
def test_clean_name(given: str | None, cleaned: str | None) -> None:
    assert clean_name(given) == cleaned


@pytest.mark.parametrize("length", [MAX_NAME_LENGTH + 1, 5_000, 1_000_000])
def test_long_names_are_truncated(length: int) -> None:
    cleaned = clean_name("Ab" * (length // 2))
    assert cleaned is not None
    assert len(cleaned) == MAX_NAME_LENGTH
    assert cleaned == "ab" * (MAX_NAME_LENGTH // 2)


def test_truncation_leaves_no_trailing_space() -> None:
    cleaned = clean_name("a" * (MAX_NAME_LENGTH - 1) + " bcd")
    assert cleaned == "a" * (MAX_NAME_LENGTH - 1)


def test_lone_surrogates_do_not_crash() -> None:
    assert clean_name("Ana\ud800") == "ana"


@pytest.mark.parametrize(
    ("family", "second", "tokens"),
    [
        pytest.param("arias rodriguez", None, ("arias", "rodriguez"), id="compound"),
        pytest.param("garcia marquez", "de los santos", ("garcia", "marquez", "santos"), id="two"),
        pytest.param("de la cruz", None, ("cruz",), id="particles-dropped"),
        pytest.param("van der berg", None, ("berg",), id="dutch-particles"),
        pytest.param(None, "lopez", ("lopez",), id="second-only"),
        pytest.param("de la", None, None, id="only-particles"),
        pytest.param(None, None, None, id="none"),
    ],
)
def test_surname_tokens(
    family: str | None, second: str | None, tokens: tuple[str, ...] | None
) -> None:
    assert surname_tokens(family, second) == tokens


def test_hyphenated_surname_gives_one_token_per_part() -> None:
    assert surname_tokens(clean_name("García-Márquez"), None) == ("garcia", "marquez")


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        pytest.param("1985-03-07", date(1985, 3, 7), id="iso"),
        pytest.param("19850307", date(1985, 3, 7), id="febrl"),
        pytest.param("03/07/1985", date(1985, 3, 7), id="us"),
        pytest.param("3/7/1985", date(1985, 3, 7), id="us-short"),
        pytest.param(" 1985-03-07 ", date(1985, 3, 7), id="padded"),
        pytest.param("1880-01-01", date(1880, 1, 1), id="earliest"),
        pytest.param("2025-06-01", TODAY, id="today"),
    ],
)
def test_accepted_date_formats(given: str, parsed: date) -> None:
    assert parse_date_of_birth(given, today=TODAY) == (parsed, None)


@pytest.mark.parametrize(
    ("given", "note"),
    [
        pytest.param("2015-02-30", "impossible date '2015-02-30'", id="impossible"),
        pytest.param("13/01/1985", "impossible date '13/01/1985'", id="day-month-order"),
        pytest.param("1700-01-01", "out of range '1700-01-01'", id="too-early"),
        pytest.param("2025-06-02", "out of range '2025-06-02'", id="future"),
        pytest.param("07.03.1985", "unparseable '07.03.1985'", id="other-format"),
        pytest.param(
            ARABIC_INDIC_DATE, f"unparseable '{ARABIC_INDIC_DATE}'", id="non-ascii-digits"
        ),
        pytest.param("yesterday", "unparseable 'yesterday'", id="text"),
    ],
)
def test_unusable_dates_are_null_with_a_note(given: str, note: str) -> None:
    assert parse_date_of_birth(given, today=TODAY) == (None, note)


@pytest.mark.parametrize("given", [None, "", "   "])
def test_empty_dates_are_null_without_a_note(given: str | None) -> None:
    assert parse_date_of_birth(given, today=TODAY) == (None, None)


def test_notes_quote_only_the_start_of_a_huge_value() -> None:
    _, note = parse_date_of_birth("x" * 100_000, today=TODAY)
    assert note is not None
    assert len(note) < 80
