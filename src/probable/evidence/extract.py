"""Turning one record, as its system holds it, into facts about the subject.

Each record system says different things in different columns (`probable.world.schemas`
names the shared ones); this module reads a row of each system and states what it
shows as `Fact`s with the record's provenance. Only what was known on the day the file
speaks for becomes a fact: an event dated after it is left out, and a case decided
after it is read as still open on that day. docs/evidence.md lists every mapping.

Plain functions over plain mappings, no validation models: the what-if runs this for
every record of every booking.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Final, Literal

from probable.evidence.facts import Fact, FactKind, Provenance
from probable.sources.errors import UnknownSourceError
from probable.sources.schema import PersonRecord
from probable.world.schemas import RECORD_COLUMNS, SOURCES

#: The `source` and `link` of the facts the booking itself gives.
BOOKING: Final[Literal["booking"]] = "booking"

#: CIS `current_status` values that are a lawful status, and the status they stand for.
CIS_GRANTS: Mapping[str, str] = {
    "LPR": "LPR",
    "ASYLEE": "ASYLEE",
    "REFUGEE": "REFUGEE",
    "TPS": "TPS",
    "DEFERRED ACTION": "DACA",
}

#: CIS `current_status` values that are another kind of fact.
CIS_OTHER: Mapping[str, FactKind] = {
    "NATURALIZED": "naturalization",
    "USC (DERIVED)": "derived_citizenship",
    "IN PROCEEDINGS": "proceedings",
    "ADJUSTMENT PENDING": "status_pending",
    "ORDER OF REMOVAL": "final_order",
}

#: CLAIMS 3 forms and the status an approval grants.
CLAIMS3_GRANTS: Mapping[str, str] = {
    "I-485": "LPR",
    "I-589": "ASYLEE",
    "I-821": "TPS",
    "I-821D": "DACA",
}

#: CLAIMS 3 forms whose approval is valid for a period (`valid_from` to `valid_to`).
TEMPORARY_FORMS = frozenset({"I-821", "I-821D"})

#: ADIS classes of admission that make the arrival a permanent status, and that status.
ADIS_PERMANENT: Mapping[str, str] = {"LPR": "LPR", "RE": "REFUGEE"}

Extractor = Callable[[Mapping[str, Any], Provenance, date], list[Fact]]


def day(value: object) -> date | None:
    """A column's value as a date: dates as they are, ISO text parsed, empty as None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return date.fromisoformat(value.strip()[:10])
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _code(value: object) -> str | None:
    text = _text(value)
    return text.upper() if text else None


def _add(
    facts: list[Fact],
    kind: FactKind,
    provenance: Provenance,
    as_of: date,
    *,
    value: str | None = None,
    on: date | None = None,
    until: date | None = None,
    note: str = "",
) -> None:
    """Append the fact unless it happened after `as_of` (not yet known on that day)."""
    if on is not None and on > as_of:
        return
    facts.append(Fact(kind, provenance, value, on, until, note))


def _validity(
    facts: list[Fact],
    provenance: Provenance,
    as_of: date,
    status: str,
    start: date | None,
    end: date | None,
) -> None:
    """A status for a period: a grant while valid, expired once `end` has passed."""
    if end is not None and end < as_of:
        _add(facts, "status_expired", provenance, as_of, value=status, on=start, until=end)
    else:
        _add(facts, "status_grant", provenance, as_of, value=status, on=start, until=end)


def _ident(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    kind = _text(row.get("encounter_type"))
    on = day(row.get("encounter_date"))
    if kind == "CBP_APPREHENSION":
        _add(facts, "entry_without_inspection", p, as_of, on=on, note="border apprehension")
    elif kind == "ENTRY_BORDER":
        _add(facts, "entry", p, as_of, on=on, note="inspected at a port of entry")
    return facts


def _eid(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    status = _text(row.get("case_status"))
    arrested = day(row.get("arrest_date"))
    if status == "FINAL ORDER":
        ordered = day(row.get("final_order_date"))
        if ordered is not None and ordered > as_of:
            _add(facts, "proceedings", p, as_of, on=arrested, note="order entered later")
        else:
            _add(facts, "final_order", p, as_of, on=ordered)
    elif status == "ACTIVE":
        _add(facts, "proceedings", p, as_of, on=arrested)
    return facts


def _cis(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    status = _text(row.get("current_status")) or ""
    on = day(row.get("status_date"))
    if status in CIS_GRANTS:
        _add(facts, "status_grant", p, as_of, value=CIS_GRANTS[status], on=on)
    elif status in CIS_OTHER:
        _add(facts, CIS_OTHER[status], p, as_of, value=status, on=on)
    if _code(row.get("class_of_admission")) == "EWI":
        _add(facts, "entry_without_inspection", p, as_of, value="EWI")
    return facts


def _claims3(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    form = _text(row.get("form_type")) or ""
    decision = _text(row.get("decision"))
    decided = day(row.get("decision_date"))
    filed = day(row.get("filed_date"))
    if form not in CLAIMS3_GRANTS:
        return facts
    if decision == "PENDING" or (decision == "APPROVED" and decided and decided > as_of):
        _add(facts, "status_pending", p, as_of, value=form, on=filed)
    elif decision == "APPROVED" and form in TEMPORARY_FORMS:
        start = day(row.get("valid_from")) or decided
        _validity(facts, p, as_of, CLAIMS3_GRANTS[form], start, day(row.get("valid_to")))
    elif decision == "APPROVED":
        _add(facts, "status_grant", p, as_of, value=CLAIMS3_GRANTS[form], on=decided)
    return facts


def _claims4(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    oath = day(row.get("oath_date"))
    if oath is not None:
        form = _text(row.get("form_type"))
        _add(facts, "naturalization", p, as_of, value=form, on=oath)
    return facts


def _adis(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    admission = _code(row.get("class_of_admission"))
    arrived = day(row.get("arrival_date"))
    if admission is None or (arrived is not None and arrived > as_of):
        return facts
    _add(facts, "entry", p, as_of, value=admission, on=arrived)
    if admission in ADIS_PERMANENT:
        _add(facts, "status_grant", p, as_of, value=ADIS_PERMANENT[admission], on=arrived)
    else:
        _validity(facts, p, as_of, admission, arrived, day(row.get("admit_until")))
    return facts


def _eoir(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    status = _text(row.get("case_status"))
    decision = _text(row.get("decision"))
    noticed = day(row.get("nta_date"))
    decided = day(row.get("decision_date"))
    if status == "PENDING" or (decided is not None and decided > as_of):
        _add(facts, "proceedings", p, as_of, on=noticed)
    elif decision == "REMOVAL ORDER":
        _add(facts, "final_order", p, as_of, on=decided)
    elif decision == "RELIEF GRANTED":
        relief = _text(row.get("relief")) or decision
        _add(facts, "relief", p, as_of, value=relief, on=decided)
    return facts


def _iii(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    category = _text(row.get("offence_category"))
    if category is not None:
        _add(facts, "conviction", p, as_of, value=category, on=day(row.get("conviction_date")))
    return facts


def _vital_records(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    if _code(row.get("country_of_birth")) == "US":
        state = _text(row.get("state_of_birth"))
        _add(facts, "us_birth_record", p, as_of, value=state, on=day(row.get("filed_date")))
    return facts


def _passports(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    born = _code(row.get("country_of_birth"))
    issued, expires = day(row.get("issue_date")), day(row.get("expiry_date"))
    _add(facts, "us_passport", p, as_of, value=born, on=issued, until=expires)
    return facts


def _citizenship_certificates(row: Mapping[str, Any], p: Provenance, as_of: date) -> list[Fact]:
    facts: list[Fact] = []
    form = _text(row.get("form_type"))
    _add(facts, "citizenship_certificate", p, as_of, value=form, on=day(row.get("issue_date")))
    return facts


#: The extractor of each record system (every one in `SOURCES`).
EXTRACTORS: Mapping[str, Extractor] = {
    "ident": _ident,
    "eid": _eid,
    "cis": _cis,
    "claims3": _claims3,
    "claims4": _claims4,
    "adis": _adis,
    "eoir": _eoir,
    "iii": _iii,
    "vital_records": _vital_records,
    "passports": _passports,
    "citizenship_certificates": _citizenship_certificates,
}

_BIRTH_COLUMNS = {name: columns.birth_country for name, columns in RECORD_COLUMNS.items()}


def extract_facts(
    source: str, row: Mapping[str, Any], provenance: Provenance, as_of: date
) -> list[Fact]:
    """The facts one record of `source` states about the subject on `as_of`.

    Every record gives its birth country (a `birthplace` fact), then what its system is
    about (an order, a grant, an arrival). Unknown sources raise `UnknownSourceError`.
    """
    extractor = EXTRACTORS.get(source)
    if extractor is None:
        raise UnknownSourceError(
            f"unknown record system {source!r}; evidence reads {', '.join(SOURCES)}"
        )
    facts: list[Fact] = []
    born = _code(row.get(_BIRTH_COLUMNS[source]))
    if born is not None:
        facts.append(Fact("birthplace", provenance, born))
    facts.extend(extractor(row, provenance, as_of))
    return facts


def subject_facts(subject: PersonRecord, as_of: date) -> list[Fact]:
    """What the booking itself says: the place of birth the jail recorded, if any."""
    born = _code(subject.birth_country)
    if born is None:
        return []
    provenance = Provenance(BOOKING, subject.record_id, as_of, BOOKING)
    return [Fact("birthplace", provenance, born, note="as booked")]
