"""ICE Directive 16001.2 (2015-11-10): potential U.S. citizenship is investigated first.

"Immediately and carefully investigated", "with the utmost care and highest priority":
so these rules run before any removability basis is weighed. Probative evidence of
citizenship (a birth certificate, a passport, a certificate, a naturalization or
derived-citizenship record) ends the matter: ICE cannot arrest a citizen. Any other
indicator (a claim, evidence of U.S. birth, birth abroad to a citizen parent, a
parent's naturalization while a resident minor, adoption, an N-600 or passport
application, being unsure of one's status; the list is partly unconfirmed ?) sends the
case to a citizenship investigation: an interview with a supervisor, no detainer.
"""

from __future__ import annotations

from datetime import date

from probable.law.citation import Citation
from probable.law.rule import Context, Finding, Rule

_URL = (
    "https://assets.documentcloud.org/documents/7280779/"
    "2015-ICE-Memo-Investigating-the-Potential-U-S.txt"
)


def directive(section: str, *, confirmed: bool = True) -> Citation:
    """Directive 16001.2 at the part relied on."""
    return Citation("ICE Directive 16001.2", section, _URL, confirmed)


FROM = date(2015, 11, 10)


def probative_citizenship(ctx: Context) -> Finding | None:
    """Probative evidence of citizenship: no action, the person is a citizen.

    A naturalization or derivation on a record in an identity conflict may be another
    person's: it is an indicator to investigate (`citizenship_indicator`), not proof.
    """
    ev = ctx.evidence
    probative = ev.probative_citizenship()
    doubtful = ev.doubtful()
    records = tuple(
        f
        for f in ev.of("naturalization", "derived_citizenship")
        if (f.on is None or f.on <= ev.as_of) and f not in doubtful
    )
    if not probative and not records:
        return None
    kinds = sorted({i.kind for i in probative} | {f.kind for f in records})
    facts = tuple(dict.fromkeys([*records, *(f for i in probative for f in i.facts)]))
    return Finding(
        f"probative evidence of U.S. citizenship ({', '.join(kinds)}): a citizen may not be "
        "arrested or held on a civil immigration detainer",
        facts,
        action="no_action",
    )


def citizenship_indicator(ctx: Context) -> Finding | None:
    """An indicator of potential citizenship: investigate first (interview, supervisor)."""
    found = tuple(i for i in ctx.evidence.indicators if i.weight == "indicator")
    if not found:
        return None
    kinds = sorted({i.kind for i in found})
    said = "; ".join(dict.fromkeys(i.summary for i in found))
    return Finding(
        f"indicators of potential U.S. citizenship ({', '.join(kinds)}): investigate at once "
        f"and with the highest priority; interview with a supervisor; no detainer meanwhile "
        f"({said})",
        tuple(dict.fromkeys(f for i in found for f in i.facts)),
        action="refer_citizenship_investigation",
    )


RULES = (
    Rule(
        "directive_16001.probative_citizenship",
        "Probative evidence of U.S. citizenship: no civil immigration arrest",
        directive("sec. 1 (ICE cannot arrest or detain a U.S. citizen)"),
        FROM,
        None,
        "2015-11-10",
        "citizenship",
        probative_citizenship,
    ),
    Rule(
        "directive_16001.citizenship_indicator",
        "Indicators of potential citizenship are investigated first",
        directive("sec. 2 (investigate at once, highest priority); indicia list (?)"),
        FROM,
        None,
        "2015-11-10",
        "citizenship",
        citizenship_indicator,
    ),
)
