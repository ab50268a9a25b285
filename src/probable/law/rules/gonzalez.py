"""Gonzalez v. ICE (C.D. Cal.): the 2019 findings and the judgment of 2020-02-05 (ECF 574).

The judgment binds detainers issued by ICE agents located in the Central District of
California (PERC among them) and holds three things this module encodes, each a rule:
a detainer for a member of the Probable Cause Subclass (no final order, not in
proceedings, issued on database checks alone) is void; issuing detainers to agencies in
states whose statutes do not expressly authorise civil immigration arrests on detainers
violates the Fourth Amendment (deny by default: a state whose statute is unknown counts
as not authorising); and foreign birth plus no database match is unlawful. The Ninth
Circuit vacated the first two injunctions on 2020-09-11 (`ninth_circuit`).
"""

from __future__ import annotations

from datetime import date

from probable.law.citation import Citation
from probable.law.rule import Context, Finding, Rule
from probable.law.rules.common import corroborate_database_only, foreign_birthplaces

FINDINGS = Citation(
    instrument="Gonzalez v. ICE, 416 F. Supp. 3d 995 (C.D. Cal. 2019)",
    section="findings of fact and conclusions of law",
    url="https://case-law.vlex.com/vid/gonzalez-v-immigration-and-891409512",
)

_JUDGMENT_URL = "https://www.aila.org/library/ice-provided-guidance-on-gonzalez-v-ice"


def judgment(section: str) -> Citation:
    """The judgment (ECF 574), at the part relied on."""
    return Citation("Gonzalez v. ICE, judgment (ECF 574, 2020-02-05)", section, _JUDGMENT_URL)


FROM = date(2020, 2, 5)
TO = date(2020, 9, 11)
"""The Ninth Circuit's opinion."""


def database_only_void(ctx: Context) -> Finding | None:
    """A basis other than an order or proceedings, on database checks alone: corroborate."""
    return corroborate_database_only(
        ctx,
        ": a detainer would be void for a member of the Probable Cause Subclass; "
        "corroborate (interview, A-file, documents)",
    )


def state_authority(ctx: Context) -> Finding | None:
    """No detainer to a state whose statute does not expressly authorise civil arrest."""
    if not ctx.covered or ctx.action != "issue_detainer":
        return None
    law = ctx.state
    if law.authorises_civil_arrest is True:
        return None
    why = "is unknown (?)" if law.authorises_civil_arrest is None else "does not"
    if law.authorisation_unconfirmed:
        text = (
            f"{law.name}'s statutes are read as authorising civil immigration arrests, but "
            "that reading is not confirmed from their text (?), and an unconfirmed "
            "authorisation counts as none"
        )
    elif law.authorises_civil_arrest is None:
        text = f"whether {law.name}'s statutes expressly authorise civil immigration arrests {why}"
    else:
        text = f"{law.name}'s statutes do not expressly authorise civil immigration arrests"
    return Finding(
        f"{text}: no detainer (deny by default); request notification of release instead",
        action="request_notification",
    )


def foreign_birth_no_match(ctx: Context) -> Finding | None:
    """Foreign birthplace and no database match is not a basis: corroborate."""
    if not ctx.covered or ctx.evidence.bases:
        return None
    births = foreign_birthplaces(ctx)
    if not births:
        return None
    return Finding(
        "foreign birthplace and no match in the databases: a detainer on that is unlawful; "
        "corroborate",
        births,
        action="refer_corroboration",
    )


RULES = (
    Rule(
        "gonzalez.database_only_void",
        "Detainers for the Probable Cause Subclass on database checks alone are void",
        judgment("Probable Cause Subclass: database searches alone"),
        FROM,
        TO,
        "2020-02-05",
        "probable_cause",
        database_only_void,
    ),
    Rule(
        "gonzalez.foreign_birth_no_match",
        "Foreign birthplace plus no database match is not probable cause",
        judgment("foreign place of birth and no match (Dkt. 346)"),
        FROM,
        TO,
        "2020-02-05",
        "probable_cause",
        foreign_birth_no_match,
    ),
    Rule(
        "gonzalez.state_authority",
        "No detainers to states whose statutes do not expressly authorise civil arrest",
        judgment("State Authority Claim"),
        FROM,
        TO,
        "2020-02-05",
        "limits",
        state_authority,
    ),
)
