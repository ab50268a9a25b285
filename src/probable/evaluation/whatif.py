"""What each legal profile does to real people, scored against the world's truth.

Every fingerprint-matched booking is decided as the center would decide it: the
subject's evidence is gathered through the identity index, and `probable.law.determine`
applies each profile. Where a profile refers the booking for corroboration, the
interview and documents the truth would yield (`probable.evaluation.corroboration`)
feed a second determination. Each final decision is then held against who was really
booked: a hold on a U.S. citizen or a person who could not be removed is wrongful, and
its cause is traced through the simulator's error log (`probable.evaluation.causes`).
The `database_only` profile is the practice the court struck down (the baseline).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from probable.evaluation.causes import CAUSES, WrongfulHold, trace_causes
from probable.evaluation.corroboration import (
    Corroboration,
    CorroborationRates,
    PersonTruth,
    read_person_truth,
    simulate_corroboration,
    simulate_investigation,
)
from probable.evaluation.stats import wilson_interval
from probable.evidence.corroboration import corroborate
from probable.evidence.file import EvidenceFile
from probable.evidence.gather import gather_many
from probable.identity import IdentityIndex
from probable.law.determination import Determination
from probable.law.determine import determine
from probable.law.profiles import LegalProfile, get_profile
from probable.sources.bookings import BookingEvent
from probable.sources.details import read_world_booking_events, read_world_record_rows

#: The profiles compared by default, in timeline order.
DEFAULT_PROFILES = (
    "database_only",
    "directive_16001",
    "policy_10074",
    "gonzalez_judgment",
    "ninth_circuit",
    "settlement",
    "settlement_neutral_review",
)

#: Actions that reach a removable person (a hold, or notice before release).
REACHING = ("issue_detainer", "request_notification")

#: Called with a stage name and the bookings done so far and in all.
Progress = Callable[[str, int, int], None]

__all__ = ["DEFAULT_PROFILES", "Outcome", "ProfileReport", "WhatIfReport", "run_whatif"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One booking under one profile: the first and final decisions, and the truth."""

    booking_id: str
    action: str
    first_action: str
    held: bool
    """A detainer: it asks the agency to hold the person (the clock starts at release)."""
    hold_hours: float
    """Hours of the hold when the release is scheduled; 0 otherwise."""
    boxes: tuple[int, ...]
    bases: tuple[str, ...]
    """The removability bases the decision rested on (kinds)."""
    corroborated: bool
    informative: bool
    """Corroboration, if any, said something (an answer, an A-file, documents)."""
    covered: bool
    """Whether the profile binds the booking's ICE office (court orders bind some only)."""
    citizen: bool
    removable: bool
    label: str
    """The true status, with a citizen's path ("usc_derived")."""

    @property
    def wrongful(self) -> bool:
        """A hold on a U.S. citizen or on someone who could not be removed."""
        return self.held and (self.citizen or not self.removable)

    @property
    def reached(self) -> bool:
        return self.action in REACHING


@dataclass
class ProfileReport:
    """One profile's figures over every matched booking."""

    profile: LegalProfile
    outcomes: list[Outcome] = field(default_factory=list)
    wrongful: list[WrongfulHold] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Every figure, as plain data for `--json`.

        A profile that binds only some ICE offices (the court's orders) also reports the
        bookings it covers on their own, under `covered`; the others were decided by the
        general rules it keeps.
        """
        figures: dict[str, Any] = {"profile": self.profile.name, "title": self.profile.title}
        figures.update(_figures(self.outcomes, self.wrongful))
        if self.profile.covered_offices is not None:
            covered = [x for x in self.outcomes if x.covered]
            ids = {x.booking_id for x in covered}
            figures["covered_offices"] = sorted(self.profile.covered_offices)
            figures["covered"] = _figures(
                covered, [w for w in self.wrongful if w.booking_id in ids]
            )
        return figures


def _figures(o: Sequence[Outcome], wrongful: Sequence[WrongfulHold]) -> dict[str, Any]:
    """The figures of a set of decided bookings."""
    held = [x for x in o if x.held]
    wrong = [x for x in held if x.wrongful]
    removable = [x for x in o if x.removable and not x.citizen]
    corroborable = [x for x in removable if x.informative or not x.corroborated]
    reached = [x for x in removable if x.reached]
    reached_c = [x for x in corroborable if x.reached]
    referred = [x for x in o if x.corroborated]
    not_removable_held = sum((not x.citizen) and (not x.removable) for x in held)
    return {
        "decided": len(o),
        "actions": dict(sorted(Counter(x.action for x in o).items())),
        "first_actions": dict(sorted(Counter(x.first_action for x in o).items())),
        "holds": len(held),
        "holds_with_clock": sum(x.hold_hours > 0 for x in held),
        "notifications": sum(x.action == "request_notification" for x in o),
        "us_citizens_held": sum(x.citizen for x in held),
        # A notification request also ends in an arrest at release: a citizen sent either
        # request is one the center failed.
        "us_citizens_requested": sum(x.citizen and x.action in REACHING for x in o),
        "removable_held": sum(x.removable and not x.citizen for x in held),
        "not_removable_held": not_removable_held,
        "wrongful_holds": len(wrong),
        "wrongful_share": _share(len(wrong), len(held)),
        "wrongful_share_95ci": [round(v, 4) for v in wilson_interval(len(wrong), len(held))],
        "not_removable_share_of_holds": _share(not_removable_held, len(held)),
        "removable": len(removable),
        "removable_reached": len(reached),
        "removable_reach": _share(len(reached), len(removable)),
        "removable_corroborable": len(corroborable),
        "removable_reach_when_corroborable": _share(len(reached_c), len(corroborable)),
        "corroboration": {
            "referred": len(referred),
            "interviews_answered": sum(x.corroborated and x.informative for x in o),
            "citizenship_investigations": sum(
                "refer_citizenship_investigation" in (x.first_action, x.action) for x in o
            ),
            "still_referred_after": sum(x.action.startswith("refer_") for x in o),
        },
        "hold_hours": round(sum(x.hold_hours for x in held), 1),
        "holds_by_box": dict(
            sorted(Counter(",".join(map(str, x.boxes)) or "none" for x in held).items())
        ),
        "holds_by_true_status": dict(sorted(Counter(x.label for x in held).items())),
        "wrongful_by_true_status": dict(sorted(Counter(x.label for x in wrong).items())),
        "wrongful_by_cause": {c: n for c in CAUSES if (n := sum(w.cause == c for w in wrongful))},
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass
class WhatIfReport:
    """Every profile's report over one world, with the run's size and timing."""

    world: str
    bookings: int
    matched: int
    rates: CorroborationRates
    profiles: list[ProfileReport]
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Every figure, as plain data for `--json`."""
        return {
            "world": self.world,
            "bookings": self.bookings,
            "fingerprint_matched": self.matched,
            "corroboration_rates": {
                "answer_rate": self.rates.answer_rate,
                "document_rate": self.rates.document_rate,
                "a_file_rate": self.rates.a_file_rate,
                "mode": self.rates.mode,
                "derived_knows_rate": self.rates.derived_knows_rate,
                "investigation_rate": self.rates.investigation_rate,
                "false_claim_rate": self.rates.false_claim_rate,
                "seed": self.rates.seed,
            },
            "profiles": [p.as_dict() for p in self.profiles],
            "seconds": self.seconds,
        }

    def profile(self, name: str) -> ProfileReport:
        """The report of the named profile."""
        for report in self.profiles:
            if report.profile.name == name:
                return report
        raise KeyError(name)


class _Decider:
    """Decides one booking under one profile, corroborating from truth when referred."""

    def __init__(self, rates: CorroborationRates) -> None:
        self.rates = rates
        self._corroboration: dict[str, tuple[Corroboration, EvidenceFile]] = {}
        self._investigation: dict[str, EvidenceFile | None] = {}

    def corroborated(
        self, booking: BookingEvent, evidence: EvidenceFile, person: PersonTruth
    ) -> tuple[Corroboration, EvidenceFile]:
        found = self._corroboration.get(booking.booking_id)
        if found is None:
            c = simulate_corroboration(person, booking.booked_day, self.rates)
            found = (c, corroborate(evidence, c.interview, c.documents))
            self._corroboration[booking.booking_id] = found
        return found

    def investigated(
        self, booking: BookingEvent, evidence: EvidenceFile, person: PersonTruth
    ) -> EvidenceFile | None:
        """`evidence` with what a citizenship investigation learns; None if it learns nothing
        in time. The same for every profile (seeded by booking; `evidence` is the booking's
        one corroborated file, so it is kept by booking)."""
        key = booking.booking_id
        if key not in self._investigation:
            found = simulate_investigation(person, booking.booked_day, self.rates)
            self._investigation[key] = None if found is None else corroborate(evidence, found)
        return self._investigation[key]

    def forget(self) -> None:
        self._corroboration.clear()
        self._investigation.clear()

    def decide(
        self,
        booking: BookingEvent,
        evidence: EvidenceFile,
        person: PersonTruth,
        profile: LegalProfile,
    ) -> tuple[Outcome, Determination, EvidenceFile]:
        first = determine(booking, evidence, profile)
        final, used, corroborated, informative = first, evidence, False, False
        if first.action.startswith("refer_"):
            c, used = self.corroborated(booking, evidence, person)
            final = determine(booking, used, profile)
            corroborated, informative = True, c.informative
        if final.action == "refer_citizenship_investigation":
            # The investigation asks what the statute asks (marriage, separation, custody,
            # presence): the answers the first interview never gives unasked.
            found = self.investigated(booking, used, person)
            if found is not None:
                used = found
                final = determine(booking, used, profile)
                corroborated, informative = True, True
        outcome = Outcome(
            booking_id=booking.booking_id,
            action=final.action,
            first_action=first.action,
            held=final.action == "issue_detainer",
            hold_hours=final.hold.hours if final.hold is not None else 0.0,
            boxes=final.basis_boxes,
            bases=tuple(sorted({b.kind for b in final.bases})),
            corroborated=corroborated,
            informative=informative,
            covered=profile.covers(booking.agency.responsible_office),
            citizen=person.citizen,
            removable=person.removable,
            label=person.path
            if person.citizen and person.path.startswith("usc_")
            else person.status,
        )
        return outcome, final, used


def run_whatif(
    world_dir: Path,
    index_path: Path,
    *,
    profiles: Sequence[str] = DEFAULT_PROFILES,
    rates: CorroborationRates | None = None,
    progress: Progress | None = None,
) -> WhatIfReport:
    """Decide every matched booking of a world under each profile and score it against truth."""
    rates = rates or CorroborationRates()
    chosen = [get_profile(name) for name in profiles]
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    events = read_world_booking_events(world_dir)
    matched = [b for b in events if b.fin is not None]
    truth = read_person_truth(world_dir, [b.booking_id for b in matched])
    seconds["read"] = round(time.perf_counter() - clock, 2)
    reports = [ProfileReport(p) for p in chosen]
    pending: list[list[tuple[Outcome, Determination, EvidenceFile]]] = [[] for _ in chosen]
    decider = _Decider(rates)
    gather_seconds = decide_seconds = 0.0
    with IdentityIndex(index_path) as index:
        read = partial(read_world_record_rows, world_dir)
        clock = time.perf_counter()
        for done, (booking, evidence) in enumerate(gather_many(index, read, matched), 1):
            started = time.perf_counter()
            gather_seconds += started - clock
            person = truth[booking.booking_id]
            for i, profile in enumerate(chosen):
                outcome, final, used = decider.decide(booking, evidence, person, profile)
                reports[i].outcomes.append(outcome)
                if outcome.wrongful:
                    pending[i].append((outcome, final, used))
            decider.forget()
            clock = time.perf_counter()
            decide_seconds += clock - started
            if progress is not None and (done % 500 == 0 or done == len(matched)):
                progress("deciding", done, len(matched))
    seconds["gather_evidence"] = round(gather_seconds, 2)
    seconds["determine_and_corroborate"] = round(decide_seconds, 2)
    clock = time.perf_counter()
    for report, wrongful in zip(reports, pending, strict=True):
        report.wrongful = trace_causes(world_dir, wrongful, truth)
    seconds["causes"] = round(time.perf_counter() - clock, 2)
    return WhatIfReport(
        world=str(world_dir),
        bookings=len(events),
        matched=len(matched),
        rates=rates,
        profiles=reports,
        seconds=seconds,
    )
