"""Record errors: the flaws each record system introduces, and their log.

Every error applied to a record is written to an `ErrorLog` (truth): which
source, which record, whose record it really is, the type and the field. The
log also counts how many records could have received each error, so the
realised rate of every error type can be checked against its configured rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from probable.world import days as d
from probable.world.config import ErrorPatterns, SourceErrors
from probable.world.names import nickname, surname_variant, transliteration_variant

Column = npt.NDArray[np.object_]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class ErrorLog:
    """Errors applied, one row each, and per (source, type) how many records were exposed."""

    source: list[str] = field(default_factory=list)
    record_id: list[str | None] = field(default_factory=list)
    person_id: list[int] = field(default_factory=list)
    error_type: list[str] = field(default_factory=list)
    detail: list[str] = field(default_factory=list)
    exposed: dict[tuple[str, str], int] = field(default_factory=dict)
    configured: dict[tuple[str, str], float] = field(default_factory=dict)

    def expose(self, source: str, error_type: str, count: int, rate: float) -> None:
        """Count `count` records that could have received `error_type` at `rate`."""
        key = (source, error_type)
        self.exposed[key] = self.exposed.get(key, 0) + count
        self.configured[key] = rate

    def add(
        self,
        source: str,
        error_type: str,
        record_ids: Column | list[str | None],
        person_ids: npt.NDArray[np.int64],
        details: Column | list[str],
    ) -> None:
        """Log one error per record."""
        n = len(person_ids)
        self.source.extend([source] * n)
        self.record_id.extend(list(record_ids))
        self.person_id.extend(int(p) for p in person_ids)
        self.error_type.extend([error_type] * n)
        self.detail.extend(str(x) for x in details)

    def table(self) -> pa.Table:
        """The applied errors as a table (truth)."""
        return pa.table(
            {
                "source": pa.array(self.source, pa.string()),
                "record_id": pa.array(self.record_id, pa.string()),
                "person_id": pa.array(self.person_id, pa.int64()),
                "error_type": pa.array(self.error_type, pa.string()),
                "detail": pa.array(self.detail, pa.string()),
            }
        )

    def rates_table(self) -> pa.Table:
        """Per source and error type: records exposed, errors applied, configured rate."""
        counts: dict[tuple[str, str], int] = {}
        for key in zip(self.source, self.error_type, strict=True):
            counts[key] = counts.get(key, 0) + 1
        keys = sorted(self.exposed)
        return pa.table(
            {
                "source": [k[0] for k in keys],
                "error_type": [k[1] for k in keys],
                "exposed": pa.array([self.exposed[k] for k in keys], pa.int64()),
                "applied": pa.array([counts.get(k, 0) for k in keys], pa.int64()),
                "configured_rate": pa.array([self.configured[k] for k in keys], pa.float64()),
            }
        )


def typo(value: str, rng: np.random.Generator) -> str:
    """One keying error: a substitution, deletion, insertion or transposition."""
    if not value:
        return value
    i = int(rng.integers(len(value)))
    kind = int(rng.integers(4))
    letter = _LETTERS[int(rng.integers(26))]
    if value[i].isupper():
        letter = letter.upper()
    if kind == 0:
        out = value[:i] + letter + value[i + 1 :]
    elif kind == 1 and len(value) > 2:
        out = value[:i] + value[i + 1 :]
    elif kind == 2:
        out = value[:i] + letter + value[i:]
    else:
        j = min(i + 1, len(value) - 1)
        chars = list(value)
        chars[i], chars[j] = chars[j], chars[i]
        out = "".join(chars)
    return out if out != value else value + letter


@dataclass
class Biographics:
    """The biographic columns of a record table, mutable while errors are applied."""

    record_id: Column
    person_id: npt.NDArray[np.int64]
    given_name: Column
    middle_name: Column
    family_name: Column
    second_family_name: Column
    dob: npt.NDArray[np.int64]
    birth_country: Column


def apply_record_errors(
    rng: np.random.Generator,
    source: str,
    bio: Biographics,
    rates: SourceErrors,
    log: ErrorLog,
    foreign_countries: list[str],
    patterns: ErrorPatterns,
) -> None:
    """Apply one source's per-record errors in place and log each one.

    Name errors (typo, name variant, swapped surnames) are exclusive per
    record; date-of-birth swaps and wrong birthplaces are independent.
    `patterns` says which name a typo hits and how often a U.S.-born
    person's wrong birthplace is Mexico.
    """
    n = len(bio.record_id)
    u = rng.random(n)
    cut1 = rates.typo
    cut2 = cut1 + rates.name_variant
    cut3 = cut2 + rates.swapped_surnames
    for error_type, rate in (
        ("typo", rates.typo),
        ("name_variant", rates.name_variant),
        ("swapped_surnames", rates.swapped_surnames),
        ("dob_day_month_swap", rates.dob_day_month_swap),
        ("wrong_birthplace", rates.wrong_birthplace),
    ):
        log.expose(source, error_type, n, rate)
    _typos(rng, source, bio, np.flatnonzero(u < cut1), log, patterns.typo_given_name_share)
    _variants(rng, source, bio, np.flatnonzero((u >= cut1) & (u < cut2)), log)
    _surnames(rng, source, bio, np.flatnonzero((u >= cut2) & (u < cut3)), log)

    chosen = rng.random(n) < rates.dob_day_month_swap
    swapped, changed = d.swap_day_month(bio.dob)
    # A date whose day and month are equal or whose day is over 12 cannot be
    # swapped; pick among the swappable ones so the realised rate matches.
    swappable = np.flatnonzero(changed)
    want = int(chosen.sum())
    picks = rng.choice(swappable, size=min(want, len(swappable)), replace=False)
    picks.sort()
    bio.dob[picks] = swapped[picks]
    log.add(
        source, "dob_day_month_swap", bio.record_id[picks], bio.person_id[picks], [""] * len(picks)
    )

    wrong = np.flatnonzero(rng.random(n) < rates.wrong_birthplace)
    details = []
    for i in wrong:
        was = str(bio.birth_country[i])
        # A U.S.-born person's birthplace is most often written as Mexico (Gonzalez).
        options = [c for c in foreign_countries if c != was]
        as_mexico = was == "US" and rng.random() < patterns.us_born_birthplace_mexico_share
        new = "MX" if as_mexico else options[int(rng.integers(len(options)))]
        bio.birth_country[i] = new
        details.append(f"{was}->{new}")
    log.add(source, "wrong_birthplace", bio.record_id[wrong], bio.person_id[wrong], details)


def _typos(
    rng: np.random.Generator,
    source: str,
    bio: Biographics,
    rows: npt.NDArray[np.intp],
    log: ErrorLog,
    given_name_share: float,
) -> None:
    details = []
    for i in rows:
        if rng.random() < given_name_share:
            bio.given_name[i] = typo(str(bio.given_name[i]), rng)
            details.append("given_name")
        else:
            bio.family_name[i] = typo(str(bio.family_name[i]), rng)
            details.append("family_name")
    log.add(source, "typo", bio.record_id[rows], bio.person_id[rows], details)


def _variants(
    rng: np.random.Generator,
    source: str,
    bio: Biographics,
    rows: npt.NDArray[np.intp],
    log: ErrorLog,
) -> None:
    details = []
    for i in rows:
        given = str(bio.given_name[i])
        new = nickname(given, rng) or transliteration_variant(given, rng)
        if new and new != given:
            bio.given_name[i] = new
            details.append("given_name")
            continue
        family = str(bio.family_name[i])
        new = transliteration_variant(family, rng)
        if new and new != family:
            bio.family_name[i] = new
            details.append("family_name")
        else:
            # No known variant: the middle name is used as the given name instead.
            middle = str(bio.middle_name[i])
            if middle:
                bio.given_name[i], bio.middle_name[i] = middle, given
            else:
                bio.given_name[i] = given[0]
            details.append("given_name")
    log.add(source, "name_variant", bio.record_id[rows], bio.person_id[rows], details)


def _surnames(
    rng: np.random.Generator,
    source: str,
    bio: Biographics,
    rows: npt.NDArray[np.intp],
    log: ErrorLog,
) -> None:
    details = []
    for i in rows:
        second = str(bio.second_family_name[i])
        if second:
            fam, sec = surname_variant(str(bio.family_name[i]), second, rng)
            bio.family_name[i], bio.second_family_name[i] = fam, sec
            details.append("surnames")
        else:
            bio.given_name[i], bio.family_name[i] = bio.family_name[i], bio.given_name[i]
            details.append("given_family_order")
    log.add(source, "swapped_surnames", bio.record_id[rows], bio.person_id[rows], details)
