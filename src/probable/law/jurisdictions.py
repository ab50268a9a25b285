"""The jurisdiction table: each state's statutes on detainers and data sharing, by date.

Whether a jail must honour a detainer, may not hold on one, may only give notice for
listed convictions, or whether its state's statute expressly authorises civil
immigration arrests (the question Gonzalez v. ICE turned on) depends on the state and
the day. That is data, not code: it lives in `jurisdictions.toml` beside this module,
every provision dated and cited, and marked unconfirmed where no text we read confirms
it. This module loads and checks that file once and answers `state_law(state, on)`.

Data-access restrictions (New York's "Green Light" law) are kept apart: a restricted
source stays restricted wherever the booking is, so `data_restrictions(on)` lists every
restriction in force anywhere.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from probable.law.citation import Citation
from probable.law.errors import RuleDataError, UnknownJurisdictionError

__all__ = [
    "DATA_FILE",
    "DataRestriction",
    "JurisdictionEntry",
    "StateLaw",
    "StateStatute",
    "data_restrictions",
    "jurisdiction_codes",
    "jurisdiction_table",
    "parse_jurisdictions",
    "state_law",
]

#: The shipped table, a resource of this package.
DATA_FILE = "jurisdictions.toml"


@dataclass(frozen=True)
class StateStatute:
    """One dated provision of a jurisdiction's law on detainers."""

    id: str
    title: str
    requires_honouring: bool
    """Agencies must comply with detainers."""
    authorises_civil_arrest: bool | None
    """The statute expressly authorises civil immigration arrests on detainers; None: unknown."""
    restricts_holds: bool
    """Agencies may not hold on ICE requests (or only for listed convictions)."""
    restricts_notices: bool
    """Notice of release or transfer only for listed serious convictions."""
    effective_from: date
    effective_to: date | None
    """The first day no longer in force; None while in force."""
    citations: tuple[Citation, ...]
    confirmed: bool
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Whether the provision is in force on the day."""
        return _in_force(self.effective_from, self.effective_to, on)


@dataclass(frozen=True)
class DataRestriction:
    """A law closing a record source to immigration decisions without a stated legal basis."""

    id: str
    title: str
    state: str
    restricted_sources: tuple[str, ...]
    """Source names ("ny_dmv") that must not reach a decision without `allowed_with`."""
    allowed_with: str
    """The legal basis that allows use: "judicial warrant or order"."""
    effective_from: date
    effective_to: date | None
    citations: tuple[Citation, ...]
    confirmed: bool
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Whether the restriction is in force on the day."""
        return _in_force(self.effective_from, self.effective_to, on)


@dataclass(frozen=True)
class JurisdictionEntry:
    """One row of the table: a state, DC or territory with all its dated provisions."""

    code: str
    name: str
    researched: bool
    """False: nobody has checked this jurisdiction's statutes (no statute encoded)."""
    note: str
    statutes: tuple[StateStatute, ...]
    data_restrictions: tuple[DataRestriction, ...]


@dataclass(frozen=True)
class StateLaw:
    """One jurisdiction's law on one day: the provisions in force and what they add up to."""

    state: str
    name: str
    on: date
    statutes: tuple[StateStatute, ...]
    requires_honouring: bool
    authorises_civil_arrest: bool | None
    """True if a statute in force authorises and that reading is confirmed from its text;
    None if any is unknown or an authorisation is unconfirmed (which counts as none:
    deny by default); else False."""
    restricts_holds: bool
    restricts_notices: bool
    data_restrictions: tuple[DataRestriction, ...]
    unconfirmed: bool
    """Some statute or restriction used is not confirmed by a text we read."""
    researched: bool
    """False: the jurisdiction was never researched; "no statute" may just be unknown."""
    authorisation_unconfirmed: bool = False
    """A statute in force is read as authorising civil arrests, unconfirmed from its text."""

    def citations(self) -> tuple[Citation, ...]:
        """Every citation of the statutes in force, in table order, without repeats."""
        seen: dict[Citation, None] = {}
        for statute in self.statutes:
            for citation in statute.citations:
                seen.setdefault(citation, None)
        return tuple(seen)


def state_law(state: str, on: date) -> StateLaw:
    """The law of `state` (a two-letter code) in force on `on`."""
    table = jurisdiction_table()
    entry = table.get(state)
    if entry is None:
        raise UnknownJurisdictionError(
            f"jurisdiction {state!r} is not in the jurisdiction table; use one of "
            f"{', '.join(table)} (two upper-case letters), or add a "
            f"[jurisdictions.{state}] entry to probable/law/{DATA_FILE}"
        )
    statutes = tuple(s for s in entry.statutes if s.in_force(on))
    restrictions = tuple(r for r in entry.data_restrictions if r.in_force(on))
    return StateLaw(
        state=entry.code,
        name=entry.name,
        on=on,
        statutes=statutes,
        requires_honouring=any(s.requires_honouring for s in statutes),
        authorises_civil_arrest=_authorises(statutes),
        restricts_holds=any(s.restricts_holds for s in statutes),
        restricts_notices=any(s.restricts_notices for s in statutes),
        data_restrictions=restrictions,
        unconfirmed=not all(s.confirmed for s in statutes)
        or not all(r.confirmed for r in restrictions),
        researched=entry.researched,
        authorisation_unconfirmed=any(
            s.authorises_civil_arrest is True and not s.confirmed for s in statutes
        ),
    )


def jurisdiction_codes() -> tuple[str, ...]:
    """Every code in the table, sorted."""
    return tuple(jurisdiction_table())


def data_restrictions(on: date) -> tuple[DataRestriction, ...]:
    """Every data restriction in force on `on`, in any jurisdiction."""
    return tuple(
        r
        for entry in jurisdiction_table().values()
        for r in entry.data_restrictions
        if r.in_force(on)
    )


def closed_sources(
    on: date, legal_bases: frozenset[str] = frozenset()
) -> dict[str, DataRestriction]:
    """Each source a restriction in force closes on `on`, with the first that closes it.

    A restriction whose `allowed_with` is among the recorded `legal_bases` closes nothing.
    The law (`rules/state.py`) and the center's record reader both ask this.
    """
    out: dict[str, DataRestriction] = {}
    for restriction in data_restrictions(on):
        if restriction.allowed_with in legal_bases:
            continue
        for source in restriction.restricted_sources:
            out.setdefault(source, restriction)
    return out


@cache
def jurisdiction_table() -> Mapping[str, JurisdictionEntry]:
    """The shipped table, loaded and checked once."""
    text = resources.files("probable.law").joinpath(DATA_FILE).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{DATA_FILE}: not valid TOML: {exc}") from exc
    return parse_jurisdictions(data)


def parse_jurisdictions(data: Mapping[str, Any]) -> Mapping[str, JurisdictionEntry]:
    """Check and convert a parsed table; `RuleDataError` names the entry and field."""
    _keys(data, "the table", required={"jurisdictions"}, optional=set())
    rows = data["jurisdictions"]
    if not isinstance(rows, dict) or not rows:
        raise RuleDataError("the table: 'jurisdictions' must be a non-empty table")
    entries = {code: _entry(code, raw) for code, raw in sorted(rows.items())}
    ids = [s.id for e in entries.values() for s in e.statutes]
    ids += [r.id for e in entries.values() for r in e.data_restrictions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuleDataError(f"duplicate provision ids: {', '.join(duplicates)}")
    return MappingProxyType(entries)


def _entry(code: str, raw: Any) -> JurisdictionEntry:
    where = f"jurisdictions.{code}"
    if len(code) != 2 or not code.isalpha() or not code.isupper():
        raise RuleDataError(f"{where}: the code must be two upper-case letters")
    row = _table(raw, where)
    _keys(
        row,
        where,
        required={"name", "researched"},
        optional={"note", "statutes", "data_restrictions"},
    )
    statutes = tuple(
        _statute(f"{where}.statutes[{i}]", s) for i, s in enumerate(_list(row, "statutes", where))
    )
    restrictions = tuple(
        _restriction(f"{where}.data_restrictions[{i}]", code, r)
        for i, r in enumerate(_list(row, "data_restrictions", where))
    )
    entry = JurisdictionEntry(
        code=code,
        name=_str(row, "name", where),
        researched=_bool(row, "researched", where),
        note=_str(row, "note", where, default=""),
        statutes=statutes,
        data_restrictions=restrictions,
    )
    _check_conflicts(entry)
    return entry


_DATED = {"id", "title", "effective_from", "citations", "confirmed"}


def _statute(where: str, raw: Any) -> StateStatute:
    row = _table(raw, where)
    where = f"{where} ({row.get('id', '?')})"
    flags = {"requires_honouring", "authorises_civil_arrest", "restricts_holds"}
    _keys(
        row,
        where,
        required=_DATED | flags | {"restricts_notices"},
        optional={"effective_to", "note"},
    )
    statute = StateStatute(
        id=_str(row, "id", where),
        title=_str(row, "title", where),
        requires_honouring=_bool(row, "requires_honouring", where),
        authorises_civil_arrest=_tristate(row, "authorises_civil_arrest", where),
        restricts_holds=_bool(row, "restricts_holds", where),
        restricts_notices=_bool(row, "restricts_notices", where),
        effective_from=_date(row, "effective_from", where),
        effective_to=_optional_date(row, "effective_to", where),
        citations=_citations(row, where),
        confirmed=_bool(row, "confirmed", where),
        note=_str(row, "note", where, default=""),
    )
    _check_period(statute.effective_from, statute.effective_to, where)
    if statute.requires_honouring and statute.restricts_holds:
        raise RuleDataError(f"{where}: requires_honouring and restricts_holds cannot both be true")
    return statute


def _restriction(where: str, state: str, raw: Any) -> DataRestriction:
    row = _table(raw, where)
    where = f"{where} ({row.get('id', '?')})"
    _keys(
        row,
        where,
        required=_DATED | {"restricted_sources", "allowed_with"},
        optional={"effective_to", "note"},
    )
    sources = row["restricted_sources"]
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s.strip() for s in sources)
    ):
        raise RuleDataError(f"{where}: 'restricted_sources' must be a non-empty list of names")
    restriction = DataRestriction(
        id=_str(row, "id", where),
        title=_str(row, "title", where),
        state=state,
        restricted_sources=tuple(sources),
        allowed_with=_str(row, "allowed_with", where),
        effective_from=_date(row, "effective_from", where),
        effective_to=_optional_date(row, "effective_to", where),
        citations=_citations(row, where),
        confirmed=_bool(row, "confirmed", where),
        note=_str(row, "note", where, default=""),
    )
    _check_period(restriction.effective_from, restriction.effective_to, where)
    return restriction


def _citations(row: Mapping[str, Any], where: str) -> tuple[Citation, ...]:
    raws = _list(row, "citations", where)
    if not raws:
        raise RuleDataError(f"{where}: 'citations' must list at least one citation")
    out = []
    for i, raw in enumerate(raws):
        at = f"{where}.citations[{i}]"
        cite = _table(raw, at)
        _keys(cite, at, required={"instrument", "section", "url", "confirmed"}, optional=set())
        try:
            out.append(
                Citation(
                    instrument=_str(cite, "instrument", at),
                    section=_str(cite, "section", at, allow_empty=True),
                    url=_str(cite, "url", at),
                    confirmed=_bool(cite, "confirmed", at),
                )
            )
        except ValueError as exc:
            raise RuleDataError(f"{at}: {exc}") from exc
    return tuple(out)


def _check_conflicts(entry: JurisdictionEntry) -> None:
    """No day may have one statute requiring holds and another barring them."""
    requiring = [s for s in entry.statutes if s.requires_honouring]
    barring = [s for s in entry.statutes if s.restricts_holds]
    for a in requiring:
        for b in barring:
            if _overlap(a, b):
                raise RuleDataError(
                    f"jurisdictions.{entry.code}: {a.id} requires honouring detainers while "
                    f"{b.id} restricts holds in the same period; end one with effective_to"
                )


def _overlap(a: StateStatute, b: StateStatute) -> bool:
    a_end = a.effective_to or date.max
    b_end = b.effective_to or date.max
    return a.effective_from < b_end and b.effective_from < a_end


def _authorises(statutes: tuple[StateStatute, ...]) -> bool | None:
    """Whether the statutes in force authorise civil arrests; an authorisation not
    confirmed from the statute's text is unknown, never a yes (deny by default)."""
    values = [
        None if s.authorises_civil_arrest is True and not s.confirmed else s.authorises_civil_arrest
        for s in statutes
    ]
    if True in values:
        return True
    if None in values:
        return None
    return False


def _in_force(start: date, end: date | None, on: date) -> bool:
    return start <= on and (end is None or on < end)


def _check_period(start: date, end: date | None, where: str) -> None:
    if end is not None and end <= start:
        raise RuleDataError(f"{where}: effective_to {end} must come after effective_from {start}")


# Field readers: each names the entry and field on failure.


def _table(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise RuleDataError(f"{where}: expected a table, got {type(raw).__name__}")
    return raw


def _keys(row: Mapping[str, Any], where: str, *, required: set[str], optional: set[str]) -> None:
    missing = sorted(required - row.keys())
    if missing:
        raise RuleDataError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(row.keys() - required - optional)
    if unknown:
        raise RuleDataError(f"{where}: unknown field(s) {', '.join(unknown)}")


def _list(row: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = row.get(key, [])
    if not isinstance(value, list):
        raise RuleDataError(f"{where}: '{key}' must be a list")
    return value


def _str(
    row: Mapping[str, Any],
    key: str,
    where: str,
    *,
    default: str | None = None,
    allow_empty: bool = False,
) -> str:
    if key not in row and default is not None:
        return default
    value = row.get(key)
    if not isinstance(value, str):
        raise RuleDataError(f"{where}: '{key}' must be a string")
    if not value.strip() and not allow_empty and default is None:
        raise RuleDataError(f"{where}: '{key}' must not be empty")
    return value


def _bool(row: Mapping[str, Any], key: str, where: str) -> bool:
    value = row.get(key)
    if not isinstance(value, bool):
        raise RuleDataError(f"{where}: '{key}' must be true or false")
    return value


def _tristate(row: Mapping[str, Any], key: str, where: str) -> bool | None:
    value = row.get(key)
    if value == "unknown":
        return None
    if not isinstance(value, bool):
        raise RuleDataError(f"{where}: '{key}' must be true, false or \"unknown\"")
    return value


def _date(row: Mapping[str, Any], key: str, where: str) -> date:
    value = row.get(key)
    if not isinstance(value, date) or isinstance(value, datetime):
        raise RuleDataError(f"{where}: '{key}' must be a date (YYYY-MM-DD)")
    return value


def _optional_date(row: Mapping[str, Any], key: str, where: str) -> date | None:
    return _date(row, key, where) if key in row else None
