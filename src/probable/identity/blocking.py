"""Blocking rules: which pairs of records the model compares at all.

Each rule is a tuple of prepared columns that must all be equal (and not null) on
both records. Splink receives them as `block_on(...)`; the identity index stores the
same rules as precomputed keys, so a lookup finds its candidates with an index probe
instead of a join. Together the rules must catch every true pair that the errors in
these systems produce: an identifier in common, or the same date of birth with some
shared initial or name, or the same names with any date of birth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from probable.identity.prepare import UID

#: Separates a blocking rule's name and values in a key (no cleaned value contains it).
KEY_SEP = "\x1f"

#: Rules used to generate predictions, each with a short name for reports.
PREDICTION_RULES: dict[str, tuple[str, ...]] = {
    "fin": ("fin",),
    "a_number": ("a_number",),
    "ssn": ("ssn",),
    "dob_initials": ("dob_text", "initials_key"),
    "dob_surname": ("dob_text", "surname_first"),
    "dob_given": ("dob_text", "given_name"),
    # Names with part of the date: a whole-name block alone holds every "maria
    # rodriguez" (hundreds at a million records); a day/month swap keeps the year,
    # a mistyped year keeps the month and day.
    "names_year": ("given_name", "surname_first", "birth_year"),
    "names_month_day": ("given_name", "surname_first", "birth_month_day"),
    "street": ("street",),
    "postcode_dob": ("postcode", "birth_year"),
    "postcode_initials": ("postcode", "initials_key"),
    "postcode_surname": ("postcode", "surname_first"),
}

#: Rules for expectation maximisation, best first. Pairs sharing an identifier are
#: nearly all true matches, so they show how often names and dates disagree within
#: one person's records; each session leaves every comparison but its own free.
TRAINING_RULES: tuple[tuple[str, ...], ...] = (
    ("fin",),
    ("a_number",),
    ("ssn",),
    ("dob_text",),
    ("given_name", "surname_first"),
)

#: Rules whose pairs are near-certainly matches, for the prior probability of a match.
DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (
    ("given_name", "family_name", "dob_text"),
    ("ssn",),
)

#: The input column each prepared column of a rule is derived from.
_SOURCE_COLUMN: dict[str, str] = {
    "dob_text": "date_of_birth",
    "birth_year": "date_of_birth",
    "birth_month_day": "date_of_birth",
    "initials_key": "family_name",
    "surname_first": "family_name",
}


def _usable(rule: Sequence[str], present: Sequence[str]) -> bool:
    return all(_SOURCE_COLUMN.get(col, col) in present for col in rule)


def prediction_rules_for(present: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The prediction rules the data can use (identifier rules need the identifier)."""
    return {name: rule for name, rule in PREDICTION_RULES.items() if _usable(rule, present)}


def rules_for(rules: Sequence[tuple[str, ...]], present: Sequence[str]) -> list[tuple[str, ...]]:
    """The rules among `rules` the data can use."""
    return [rule for rule in rules if _usable(rule, present)]


def training_rules_for(present: Sequence[str]) -> list[tuple[str, ...]]:
    """EM sessions for the data: its identifiers, then date of birth; names only if no identifier.

    Every comparison is left free in at least one session, so each gets trained.
    """
    usable = rules_for(TRAINING_RULES, present)
    identifiers = [r for r in usable if r[0] in ("fin", "a_number", "ssn")]
    others = [r for r in usable if r not in identifiers]
    return identifiers + (others[:1] if identifiers else others)


def to_splink(rules: Sequence[tuple[str, ...]]) -> list[BlockingRuleCreator | dict[str, Any]]:
    """The rules as Splink blocking-rule creators."""
    return [block_on(*rule) for rule in rules]


def blocking_keys_sql(
    rules: Mapping[str, Sequence[str]], table: str, id_column: str = f"{UID} AS uid"
) -> str:
    """SQL giving (key, id) for each row of `table` and each rule it can be blocked on."""
    parts = []
    for name, columns in rules.items():
        values = ", ".join(f"CAST({c} AS VARCHAR)" for c in columns)
        not_null = " AND ".join(f"{c} IS NOT NULL" for c in columns)
        parts.append(
            f"SELECT concat_ws(chr(31), '{name}', {values}) AS key, {id_column} "
            f"FROM {table} WHERE {not_null}"
        )
    return "\nUNION ALL\n".join(parts)
