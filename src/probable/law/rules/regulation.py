"""8 CFR 287.7, the detainer regulation: the hold clock that excludes weekends and holidays.

287.7(d) asks the agency to keep the person "for a period not to exceed 48 hours,
excluding Saturdays, Sundays, and holidays". The practice before Policy 10074.2 ran
its clock so; the 2017 form I-247A dropped the exclusion (see `policy_10074`). The
regulation's effective date here (the 1997 IIRIRA rules) is not confirmed (?).
"""

from __future__ import annotations

from datetime import date

from probable.law.citation import Citation
from probable.law.rule import Rule
from probable.law.rules.common import clock

CFR_287_7_D = Citation(
    instrument="8 CFR 287.7",
    section="(d)",
    url="https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-287/section-287.7",
)

RULES = (
    Rule(
        id="regulation.hold_clock",
        title="48 hours beyond release, excluding Saturdays, Sundays and holidays",
        citation=CFR_287_7_D,
        effective_from=date(1997, 4, 1),
        effective_to=None,
        version="1997-04-01",
        stage="clock",
        apply=clock("8 CFR 287.7(d)"),
    ),
)
