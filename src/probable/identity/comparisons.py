"""The comparisons of Probable's linkage model, each a Splink comparison with named levels.

They answer the ways this population's records disagree (see docs/identity.md):
compound surnames recorded whole, in the other order or in part; given and family
names swapped; nicknames and transliterations; day and month swapped or a digit
mistyped in the date of birth; mistyped A-numbers and SSNs. Exact name levels carry
term-frequency adjustments, so "maria garcia" counts for less than a rare name.
Every level uses Splink's library, so the SQL is right on DuckDB and on Spark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator


def _either_way(a: str, b: str) -> cll.Or:
    """a on one record equals b on the other, in either direction."""
    return cll.Or(cll.ColumnsReversedLevel(a, b), cll.ColumnsReversedLevel(b, a))


def given_name() -> ComparisonCreator:
    """Given names: exact, nickname, near spelling, transliteration, swapped with surname."""
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_description="Given name",
        comparison_levels=[
            cll.NullLevel("given_name"),
            cll.ExactMatchLevel("given_name", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("given_name", 0.92),
            cll.ArrayIntersectLevel("given_aliases", 1).configure(
                label_for_charts="Nickname or formal name of each other"
            ),
            cll.ExactMatchLevel("given_phonetic").configure(
                label_for_charts="Sound alike (transliteration)"
            ),
            _either_way("given_name", "middle_name").configure(
                label_for_charts="Given and middle names swapped"
            ),
            _either_way("given_initial_only", "given_initial").configure(
                label_for_charts="Initial only, and it matches"
            ),
            _either_way("given_name", "surname_first").configure(
                label_for_charts="Given name recorded as the family name"
            ),
            cll.JaroWinklerLevel("given_name", 0.8),
            cll.ElseLevel(),
        ],
    )


def middle_name() -> ComparisonCreator:
    """Middle names, often missing: exact, initial only, different."""
    return cl.CustomComparison(
        output_column_name="middle_name",
        comparison_description="Middle name",
        comparison_levels=[
            cll.NullLevel("middle_name"),
            cll.ExactMatchLevel("middle_name", term_frequency_adjustments=True),
            _either_way("middle_name", "given_name").configure(
                label_for_charts="Given and middle names swapped"
            ),
            cll.ExactMatchLevel("middle_initial").configure(label_for_charts="Same initial"),
            cll.ElseLevel(),
        ],
    )


def surname() -> ComparisonCreator:
    """Surnames: whole, same surnames in another order, first surname, one shared, swapped."""
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_description="Family name(s)",
        comparison_levels=[
            cll.NullLevel("family_name"),
            cll.ExactMatchLevel("family_name", term_frequency_adjustments=True),
            cll.ExactMatchLevel("surnames_key").configure(
                label_for_charts="Same surnames in another order"
            ),
            cll.ExactMatchLevel("surname_first").configure(label_for_charts="Same first surname"),
            cll.JaroWinklerLevel("family_name", 0.92),
            cll.ArrayIntersectLevel("surnames", 1).configure(label_for_charts="One surname shared"),
            cll.ExactMatchLevel("family_phonetic").configure(
                label_for_charts="Sound alike (transliteration)"
            ),
            _either_way("surname_first", "given_name").configure(
                label_for_charts="Family name recorded as the given name"
            ),
            cll.JaroWinklerLevel("family_name", 0.8),
            cll.ElseLevel(),
        ],
    )


def date_of_birth() -> ComparisonCreator:
    """Dates of birth: exact, day and month swapped, one character off."""
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel("dob_text"),
            cll.ExactMatchLevel("dob_text"),
            _either_way("dob_text", "dob_swapped").configure(
                label_for_charts="Day and month swapped"
            ),
            cll.DamerauLevenshteinLevel("dob_text", 1),
            cll.ElseLevel(),
        ],
    )


def _identifier(column: str, description: str, typo: bool) -> ComparisonCreator:
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column),
    ]
    if typo:
        levels.append(cll.DamerauLevenshteinLevel(column, 1))
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(
        output_column_name=column, comparison_description=description, comparison_levels=levels
    )


def _exact(column: str, description: str) -> ComparisonCreator:
    return _identifier(column, description, typo=False)


def street() -> ComparisonCreator:
    """Street address: exact, near spelling, different."""
    return cl.CustomComparison(
        output_column_name="street",
        comparison_description="Street address",
        comparison_levels=[
            cll.NullLevel("street"),
            cll.ExactMatchLevel("street"),
            cll.JaroWinklerLevel("street", 0.9),
            cll.ElseLevel(),
        ],
    )


def postcode() -> ComparisonCreator:
    """Postcode: exact (common ones count less), one digit off, different."""
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="Postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode", term_frequency_adjustments=True),
            cll.DamerauLevenshteinLevel("postcode", 1),
            cll.ElseLevel(),
        ],
    )


#: Each comparison with the column whose presence in the data switches it on.
CATALOGUE: dict[str, tuple[str, Callable[[], ComparisonCreator]]] = {
    "given_name": ("given_name", given_name),
    "middle_name": ("middle_name", middle_name),
    "surname": ("family_name", surname),
    "date_of_birth": ("date_of_birth", date_of_birth),
    "sex": ("sex", lambda: _exact("sex", "Sex")),
    "birth_country": ("birth_country", lambda: _exact("birth_country", "Country of birth")),
    "a_number": ("a_number", lambda: _identifier("a_number", "A-number", typo=True)),
    "fin": ("fin", lambda: _exact("fin", "FIN (IDENT fingerprint identity)")),
    "ssn": ("ssn", lambda: _identifier("ssn", "Social Security number", typo=True)),
    "street": ("street", street),
    "postcode": ("postcode", postcode),
}


def comparisons_for(present: Sequence[str]) -> list[ComparisonCreator | dict[str, Any]]:
    """The comparisons whose column the data holds, in catalogue order."""
    return [make() for column, make in CATALOGUE.values() if column in present]


def comparison_names_for(present: Sequence[str]) -> list[str]:
    """The names of the comparisons `comparisons_for(present)` returns."""
    return [name for name, (column, _) in CATALOGUE.items() if column in present]
