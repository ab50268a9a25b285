"""Gonzalez v. ICE, 975 F.3d 788 (9th Cir. 2020-09-11): a neutral magistrate's review.

The court vacated the state-authority injunction (so no rule here limits detainers by
state statute), vacated the database injunction and remanded it for findings on the
databases' error, and held that the Fourth Amendment requires a prompt probable-cause
determination by a neutral and detached magistrate to justify continued detention on
a detainer. How the remand played out is not confirmed (?): the conservative reading
kept here is that a basis other than an order or proceedings, on database checks
alone, still needs corroboration for covered offices. The profile also governs
covered offices again once the settlement ends (2030-03-04).
"""

from __future__ import annotations

from datetime import date

from probable.law.citation import Citation
from probable.law.rule import Context, Finding, Rule
from probable.law.rules.common import corroborate_database_only

_URL = "https://case-law.vlex.com/vid/gonzalez-v-u-s-886718835"


def opinion(section: str, *, confirmed: bool = True) -> Citation:
    """The Ninth Circuit's opinion at the part relied on."""
    return Citation("Gonzalez v. ICE, 975 F.3d 788 (9th Cir. 2020)", section, _URL, confirmed)


FROM = date(2020, 9, 11)


def database_remand(ctx: Context) -> Finding | None:
    """Database checks alone, pending the remand: corroborate (conservative reading, ?)."""
    return corroborate_database_only(
        ctx,
        "; the database injunction was vacated and remanded, and the reading kept here "
        "still asks for corroboration (?)",
    )


def neutral_magistrate(ctx: Context) -> Finding | None:
    """Continued detention on the detainer needs a prompt neutral probable-cause review."""
    if not ctx.covered or ctx.action != "issue_detainer":
        return None
    return Finding(
        "continued detention needs a prompt probable-cause determination by a neutral and "
        "detached magistrate",
        neutral_review=True,
    )


RULES = (
    Rule(
        "ninth_circuit.database_remand",
        "Database injunction remanded: database-only bases still need corroboration (?)",
        opinion("Database Injunction (vacated and remanded)", confirmed=False),
        FROM,
        None,
        "2020-09-11",
        "probable_cause",
        database_remand,
    ),
    Rule(
        "ninth_circuit.neutral_magistrate",
        "A prompt probable-cause determination by a neutral and detached magistrate",
        opinion("Gerstein claim (neutral and detached magistrate)"),
        FROM,
        None,
        "2020-09-11",
        "limits",
        neutral_magistrate,
    ),
)
