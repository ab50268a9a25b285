"""Corroboration simulated from the world: what an interview, documents and an A-file would show.

When a profile refers a booking for corroboration, the what-if asks the world what the
person would say and hold: whether they answer at all (`answer_rate`), where they were
born, their status, their parents' citizenship and naturalization dates; which
documents they can produce (`document_rate`: their own birth certificate, passport or
certificate, each verified against its issuing record); and what the officer's A-file
review shows (`a_file_rate`: retrieved in time), with the A-numbers the file is under
(its own and a duplicate), which tell the subject's linked records from a namesake's.
Custody and marriage are never known from an interview. Every draw is seeded per
booking, so each profile sees the same person.

Two modes. `records` (the default) gives what the records and the person would really
give: an A-file shows what USCIS was told, so a derived citizen who never filed an N-600
has a file showing permanent residence, and a citizen by birth abroad who never applied
for a certificate has none; a derived citizen without a certificate often does not know
they are a citizen (`derived_knows_rate`) and says they are a permanent resident.
`oracle` is the earlier model, kept so both figures stand side by side: the A-file shows
the person's true status and every citizen says so. Truth picks what exists and what is
said; it never decides anything itself, and it scores the outcome.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from probable.evaluation.world_truth import attach_world
from probable.evidence.corroboration import AFileShows, Document, DocumentKind, Interview
from probable.evidence.file import ParentInfo
from probable.world.truth import TruthReader

#: The documents each investigation-only record system issues.
_DOCUMENT_KIND: dict[str, DocumentKind] = {
    "vital_records": "birth_certificate",
    "passports": "us_passport",
}

#: What a person says of their status when asked (None: they claim none).
_STATED_STATUS = {
    "lpr": "LPR",
    "lpr_deportable": "LPR",
    "asylee": "ASYLEE",
    "refugee": "REFUGEE",
    "tps": "TPS",
    "daca": "DACA",
    "nonimmigrant": "NONIMMIGRANT",
}

#: What an A-file shows for each true status.
_A_FILE: dict[str, AFileShows] = {
    "usc": "citizen",
    "final_order": "final_order",
    "in_proceedings": "pending_proceedings",
    "ewi": "no_status",
    "overstay": "no_status",
}

#: Paths whose people never had an immigration file (born citizens).
_NO_A_FILE = ("usc_born",)

#: Citizens by operation of law: nothing is filed unless they apply for a certificate.
_BY_LAW = ("usc_derived", "usc_acquired")

#: Record systems whose record is a certificate of citizenship (an N-600 was filed).
_CERTIFICATE_SOURCE = "citizenship_certificates"

CorroborationMode = Literal["records", "oracle"]
CORROBORATION_MODES: tuple[CorroborationMode, ...] = ("records", "oracle")


@dataclass(frozen=True)
class CorroborationRates:
    """How often each kind of corroboration is available (assumptions, set per run)."""

    answer_rate: float = 0.85
    """The person answers the interview (the rest decline to speak)."""
    document_rate: float = 0.9
    """A citizen produces the documents they hold."""
    a_file_rate: float = 0.95
    """An A-file exists and is retrieved in time for review."""
    seed: int = 16001
    mode: CorroborationMode = "records"
    """What an A-file and an interview show: the records and the person (`records`), or
    the truth (`oracle`, the earlier model)."""
    derived_knows_rate: float = 0.5
    """Assumption: a derived citizen with no certificate of citizenship knows they are a
    citizen (the rest believe they are permanent residents). Derivation is automatic and
    unrecorded (DOMAIN.md); no published rate was found."""
    investigation_rate: float = 0.9
    """Assumption: a citizenship investigation obtains, in time, the facts the statute asks
    and the interview never says unasked (the parents' marriage and any legal separation,
    custody, the citizen parent's years of presence, a parent's death) from the person,
    the parents' files and family records. No published rate was found."""
    false_claim_rate: float = 0.0
    """A person who is not a citizen and answers says they are one (records mode only; the
    oracle's people tell the truth). Off by default: no published rate was found, and the
    decision cannot yet conclude an investigation of a claim (an A-file review cannot
    answer a claim of derivation, and the investigation's finding that no statute applies
    is not modelled), so each false claim costs reach (docs/whatif.md)."""

    def __post_init__(self) -> None:
        for name in (
            "answer_rate",
            "document_rate",
            "a_file_rate",
            "derived_knows_rate",
            "investigation_rate",
            "false_claim_rate",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        if self.mode not in CORROBORATION_MODES:
            raise ValueError(
                f"mode must be one of {', '.join(CORROBORATION_MODES)}, not {self.mode!r}"
            )


@dataclass(frozen=True)
class FamilyTruth:
    """What the law asked of an acquisition or derivation family (the truth `families`)."""

    parents_married: bool
    legally_separated: bool
    parent1_custody: bool | None
    parent2_custody: bool | None
    parent2_died_on: date | None
    presence_years: float | None
    presence_after_14_years: float | None
    citizen_parents: int | None


@dataclass(frozen=True)
class PersonTruth:
    """What the truth says of one booked person on the booking day."""

    booking_id: str
    person_id: int
    path: str
    status: str
    removable: bool
    birth_country: str
    lpr_date: date | None
    parents: tuple[ParentInfo, ...]
    documents: tuple[tuple[str, str, str | None, date | None], ...]
    """(source, record id, form type, issue date) of their own corroboration records."""
    family: FamilyTruth | None = None
    """The family facts, for an acquisition or derivation candidate."""
    a_numbers: tuple[str, ...] = ()
    """The A-numbers their A-file is under (its own, and a duplicate the review finds)."""

    @property
    def citizen(self) -> bool:
        return self.status == "usc"

    @property
    def has_certificate(self) -> bool:
        """Whether USCIS issued them a certificate of citizenship (an N-600 was filed)."""
        return any(source == _CERTIFICATE_SOURCE for source, *_ in self.documents)


@dataclass(frozen=True)
class Corroboration:
    """One booking's simulated interview and documents."""

    interview: Interview
    documents: tuple[Document, ...]
    answered: bool
    a_file: bool

    @property
    def informative(self) -> bool:
        """Whether the interview or the documents say anything (the target's condition)."""
        return self.answered or self.a_file or bool(self.documents)


_PERSON_SQL = """
SELECT b.booking_id, b.person_id, p.path, coalesce(h.status, 'abroad'),
       coalesce(h.removable, false), p.birth_country, p.lpr_date,
       p.parent1_id, p.parent2_id,
       f.parents_married, f.legally_separated, f.parent1_custody, f.parent2_custody,
       f.parent2_died_on, f.presence_years, f.presence_after_14_years, f.citizen_parents,
       f.person_id IS NOT NULL, p.a_number, p.a_number_duplicate
FROM booking_truth b JOIN persons p USING (person_id)
LEFT JOIN families f ON f.person_id = b.person_id
LEFT JOIN status_history h ON h.person_id = b.person_id AND h.valid_from <= b.booked_day
     AND (h.valid_to IS NULL OR h.valid_to > b.booked_day)
WHERE b.booking_id IN (SELECT unnest($1::VARCHAR[]))
"""

_PARENT_SQL = """
SELECT person_id, sex, path, naturalization_date FROM persons
WHERE person_id IN (SELECT unnest($1::BIGINT[]))
"""

_DOCUMENT_SQL = """
SELECT o.person_id, o.source, o.record_id, c.form_type, c.issue_date
FROM record_owners o
LEFT JOIN w.citizenship_certificates c
  ON o.source = 'citizenship_certificates' AND c.certificate_number = o.record_id
WHERE o.source IN ('vital_records', 'passports', 'citizenship_certificates')
  AND o.person_id IN (SELECT unnest($1::BIGINT[]))
ORDER BY o.person_id, o.source, o.record_id
"""


def read_person_truth(world_dir: Path, booking_ids: Sequence[str]) -> dict[str, PersonTruth]:
    """The truth of each booked person, by booking id."""
    with TruthReader(world_dir) as truth:
        con = truth.connection
        attach_world(con, world_dir)
        rows = con.execute(_PERSON_SQL, [list(booking_ids)]).fetchall()
        parent_ids = sorted({int(p) for r in rows for p in (r[7], r[8]) if p is not None})
        parents = {int(r[0]): r[1:] for r in con.execute(_PARENT_SQL, [parent_ids]).fetchall()}
        people = sorted({int(r[1]) for r in rows})
        documents: dict[int, list[tuple[str, str, str | None, date | None]]] = {}
        for person_id, source, record_id, form, issued in con.execute(
            _DOCUMENT_SQL, [people]
        ).fetchall():
            documents.setdefault(int(person_id), []).append((source, record_id, form, issued))
    out: dict[str, PersonTruth] = {}
    for row in rows:
        booking_id, person_id, path, status, removable, birth, lpr, p1, p2 = row[:9]
        infos = tuple(
            _parent(parents[int(p)]) for p in (p1, p2) if p is not None and int(p) in parents
        )
        out[booking_id] = PersonTruth(
            booking_id=booking_id,
            person_id=int(person_id),
            path=str(path),
            status=str(status),
            removable=bool(removable),
            birth_country=str(birth or ""),
            lpr_date=lpr,
            parents=infos,
            documents=tuple(documents.get(int(person_id), ())),
            family=FamilyTruth(*row[9:17]) if row[17] else None,
            a_numbers=tuple(str(a) for a in row[18:20] if a),
        )
    return out


def _parent(row: tuple[Any, ...]) -> ParentInfo:
    sex, path, naturalized = row
    return ParentInfo(
        relation="mother" if sex == "F" else "father",
        citizen_by_birth=path in ("usc_born", "usc_acquired"),
        naturalized_on=naturalized,
        has_custody=None,
    )


def simulate_corroboration(
    person: PersonTruth, on: date, rates: CorroborationRates
) -> Corroboration:
    """The interview and documents the truth yields for one booking, seeded by booking id."""
    rng = random.Random(f"{rates.seed}:{person.booking_id}")
    answered = rng.random() < rates.answer_rate
    produces = person.citizen and rng.random() < rates.document_rate
    a_file = person.path not in _NO_A_FILE and rng.random() < rates.a_file_rate
    # Draws in the oracle's order first, so both modes see the same answers and files.
    unrecorded = rates.mode == "records" and person.path in _BY_LAW and not person.has_certificate
    if unrecorded and person.path == "usc_acquired":
        a_file = False  # never immigrated, never applied: USCIS has no file
    believes_lpr = (
        unrecorded and person.path == "usc_derived" and not rng.random() < rates.derived_knows_rate
    )
    # Drawn last, so the draws above stay what they were before false claims were modelled.
    lies = (
        rates.mode == "records"
        and answered
        and not person.citizen
        and rng.random() < rates.false_claim_rate
    )
    interview_id = f"interview:{person.booking_id}"
    if answered:
        interview = Interview(
            interview_id=interview_id,
            conducted_on=on,
            supervisor_present=True,
            claims_us_citizenship=(person.citizen and not believes_lpr) or lies,
            place_of_birth=person.birth_country or None,
            parents=_parents_as_said(person),
            lpr_since=person.lpr_date,
            states_status="LPR"
            if believes_lpr
            else (None if person.citizen or lies else _STATED_STATUS.get(person.status)),
            admits_no_status=person.status in ("ewi", "overstay") and not lies,
        )
    else:
        interview = Interview(interview_id=interview_id, conducted_on=on, declined=True)
    documents: list[Document] = []
    if produces:
        documents.extend(_document(*held) for held in person.documents)
    if a_file:
        documents.append(_a_file(person, shows_residence=unrecorded))
    return Corroboration(interview, tuple(documents), answered, a_file)


def simulate_investigation(
    person: PersonTruth, on: date, rates: CorroborationRates
) -> Interview | None:
    """What a citizenship investigation learns of the parents when it asks what the statute
    asks (None: not obtained in time, `investigation_rate`). Seeded by booking id."""
    rng = random.Random(f"{rates.seed}:investigation:{person.booking_id}")
    if rng.random() >= rates.investigation_rate:
        return None
    return Interview(
        interview_id=f"investigation:{person.booking_id}",
        conducted_on=on,
        supervisor_present=True,
        parents=_parents_documented(person),
    )


def _parents_documented(person: PersonTruth) -> tuple[ParentInfo, ...]:
    """The parents with every fact the law asks, as the family's records show them."""
    said = _parents_as_said(person)
    family = person.family
    if family is None or not person.parents:
        return said
    first, *rest = said
    documented = [
        replace(
            first,
            has_custody=family.parent1_custody,
            us_presence_years=family.presence_years,
            us_presence_after_14_years=family.presence_after_14_years,
        ),
        *(
            replace(
                other,
                has_custody=family.parent2_custody,
                died_on=family.parent2_died_on,
            )
            for other in rest
        ),
    ]
    if not rest:  # the other parent, whom the world never made
        relation: Literal["mother", "father"] = "father" if first.relation == "mother" else "mother"
        custody = None if family.parent1_custody is None else not family.parent1_custody
        both = family.citizen_parents == 2  # INA 301(c): a citizen too, resident before
        documented.append(
            ParentInfo(
                relation=relation,
                citizen_by_birth=both,
                has_custody=custody if family.legally_separated else family.parent1_custody,
                us_presence_years=family.presence_years if both else None,
                us_presence_after_14_years=family.presence_after_14_years if both else None,
            )
        )
    # Both parents' marriage, as the family's records show it.
    return tuple(
        replace(
            p,
            married_to_other_parent=family.parents_married,
            legally_separated=family.legally_separated,
        )
        for p in documented
    )


#: What a person born abroad says of parents the world never simulated: the world makes
#: only the parents who are or become citizens, so these never were.
_FOREIGN_PARENTS = (
    ParentInfo(relation="mother", citizen_by_birth=False),
    ParentInfo(relation="father", citizen_by_birth=False),
)


def _parents_as_said(person: PersonTruth) -> tuple[ParentInfo, ...]:
    """The parents the person describes when asked (custody and marriage never said)."""
    if person.parents or person.birth_country in ("", "US"):
        return person.parents
    return _FOREIGN_PARENTS


def _a_file(person: PersonTruth, *, shows_residence: bool) -> Document:
    """The A-file an officer's review finds: what USCIS recorded. A derived citizen who
    never filed shows the permanent residence USCIS granted (`shows_residence`)."""
    # What USCIS last recorded: the grant of residence, or the person's true status.
    status = "lpr" if shows_residence else person.status
    return Document(
        kind="a_file",
        number=f"A-file:{person.booking_id}",
        verified=True,
        shows=_A_FILE.get(status, "lawful_status"),
        shows_on=person.lpr_date if status.startswith("lpr") else None,
        status=_STATED_STATUS.get(status),
        a_numbers=person.a_numbers,
    )


def _document(source: str, record_id: str, form: str | None, issued: date | None) -> Document:
    kind = _DOCUMENT_KIND.get(source)
    if kind is None:
        kind = "naturalization_certificate" if form == "N-550" else "citizenship_certificate"
    return Document(
        kind=kind,
        number=record_id,
        issued_on=issued,
        verified=True,
        source=source,
        record_id=record_id,
        birth_country="US" if kind == "birth_certificate" else None,
    )
