"""The law as dated, cited rules: legal profiles, jurisdictions, hold clocks, `determine`.

Every `Rule` carries a `Citation` and an effective period; rules are grouped into
`LegalProfile`s along the timeline (the database-only practice, Directive 16001.2,
Policy 10074.2, the Gonzalez v. ICE judgment, the Ninth Circuit, the settlement);
`determine(booking, evidence, profile)` returns a `Determination` with its explanation
tree. Pure: no database, no network. docs/law.md and docs/jurisdictions.md explain it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.law.citation import Citation
    from probable.law.clock import hold_clock
    from probable.law.determination import ACTIONS, Action, Determination, Explanation, HoldClock
    from probable.law.determine import determine
    from probable.law.errors import (
        LawError,
        NoProfileInForceError,
        RuleDataError,
        UnknownJurisdictionError,
        UnknownProfileError,
    )
    from probable.law.jurisdictions import StateLaw, jurisdiction_codes, state_law
    from probable.law.profiles import PROFILES, LegalProfile, get_profile, profile_in_force
    from probable.law.rule import Rule, all_rules

__all__ = [
    "ACTIONS",
    "PROFILES",
    "Action",
    "Citation",
    "Determination",
    "Explanation",
    "HoldClock",
    "LawError",
    "LegalProfile",
    "NoProfileInForceError",
    "Rule",
    "RuleDataError",
    "StateLaw",
    "UnknownJurisdictionError",
    "UnknownProfileError",
    "all_rules",
    "determine",
    "get_profile",
    "hold_clock",
    "jurisdiction_codes",
    "profile_in_force",
    "state_law",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
