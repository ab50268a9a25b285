"""ICE Policy 10074.2 (2017-04-02): probable cause, a warrant, the I-247A and its clock.

A detainer needs probable cause that the person is a removable alien, shown by one of
the I-247A box 1 bases (a final order, pending proceedings, biometric confirmation
plus records that affirmatively show no status or removability, statements or other
reliable evidence), and an administrative warrant: Form I-205 with a final order,
Form I-200 otherwise. Foreign birth plus no match in the databases is not probable
cause. The 2017 form asks for 48 hours beyond release with no weekend exclusion.

Three readings are ours (Probable's protective readings, not the policy's words): a
weak basis (contradicted, stale or linked below the threshold,
`probable.evidence.removability`) is not probable cause and is sent to corroboration;
box 3 needs the fingerprint match it names ("biometric confirmation"); and a basis must
be tied to the fingerprint identity by a hard identifier (the FIN, or the A-number the
matched records carry) or confirmed in corroboration: a biographic link, however
probable, is a lead, since a namesake's order links as well as one's own.
"""

from __future__ import annotations

from datetime import date

from probable.evidence.corroboration import DECLINED_INTERVIEW
from probable.law.citation import Citation
from probable.law.rule import Context, Finding, Rule
from probable.law.rules.common import (
    BOX_3_KINDS,
    alienage_facts,
    basis_facts,
    clock,
    describe,
)

_URL = (
    "https://www.scribd.com/document/343192229/"
    "Issuance-of-Immigration-Detainers-by-ICE-Immigration-Officers"
)
_FORM_URL = "https://www.ice.gov/sites/default/files/documents/Document/2017/I-247A.pdf"


def policy(section: str, *, confirmed: bool = True) -> Citation:
    """Policy 10074.2 at the part relied on."""
    return Citation("ICE Policy 10074.2", section, _URL, confirmed)


FORM = Citation("DHS Form I-247A (3/17)", "box 1 (probable cause)", _FORM_URL)

FROM = date(2017, 4, 2)


def probable_cause(ctx: Context) -> Finding | None:
    """Every basis the evidence shows is a candidate for probable cause."""
    bases = ctx.evidence.bases
    if not bases:
        return None
    return Finding(f"bases on file: {describe(bases)}", basis_facts(bases), accepted=bases)


def biometric_confirmation(ctx: Context) -> Finding | None:
    """Box 3 needs a fingerprint match; without one, corroborate."""
    if ctx.evidence.fingerprint_matched:
        return None
    unconfirmed = tuple(b for b in ctx.supporting if b.kind in BOX_3_KINDS)
    if not unconfirmed:
        return None
    return Finding(
        f"box 3 needs biometric confirmation and the fingerprints matched nothing "
        f"({describe(unconfirmed)}): corroborate",
        basis_facts(unconfirmed),
        action="refer_corroboration",
        rejected=unconfirmed,
    )


def weak_basis(ctx: Context) -> Finding | None:
    """A weak basis is not probable cause: corroborate."""
    weak = tuple(b for b in ctx.supporting if b.strength == "weak")
    if not weak:
        return None
    facts = set(basis_facts(weak))
    why = [c.summary for c in ctx.evidence.conflicts if facts & set(c.facts)]
    why += [
        w.message
        for w in ctx.evidence.warnings
        if w.kind == "stale" and w.facts[:1] and w.facts[0] in facts
    ]
    because = f" ({'; '.join(why)})" if why else ""
    return Finding(
        f"weak bases (contradicted, stale or a doubtful link: {describe(weak)}) are not "
        f"probable cause: corroborate{because}",
        basis_facts(weak),
        action="refer_corroboration",
        rejected=weak,
    )


def basis_tied(ctx: Context) -> Finding | None:
    """A basis not tied to the fingerprint identity is a lead: corroborate."""
    leads = tuple(b for b in ctx.supporting if not b.tied)
    if not leads:
        return None
    linked = ", ".join(
        dict.fromkeys(f.cite() for b in leads for f in b.facts if not f.provenance.tied)
    )
    return Finding(
        f"bases resting on records not tied to the fingerprint identity ({describe(leads)};"
        f" {linked}) are leads, not probable cause: corroborate. An A-file review that ties"
        " the record to the fingerprints, the person's own statement, or a verified"
        " document would settle it",
        basis_facts(leads),
        action="refer_corroboration",
        rejected=leads,
    )


def foreign_birth_not_probable_cause(ctx: Context) -> Finding | None:
    """No basis, but facts suggest alienage: not probable cause; corroborate."""
    if ctx.evidence.bases:
        return None
    facts = alienage_facts(ctx)
    if not facts:
        return None
    return Finding(
        "facts suggest alienage (a foreign birthplace, an entry, a status) but no record "
        "affirmatively shows removability: foreign birth plus no match is not probable "
        "cause; corroborate",
        facts,
        action="refer_corroboration",
    )


def corroboration_exhausted(ctx: Context) -> Finding | None:
    """Corroborated and still no basis: no probable cause, so nothing is sent."""
    if ctx.action != "refer_corroboration":
        return None
    # A declined interview alone teaches nothing.
    done = [c for c in ctx.evidence.corroborated if c != DECLINED_INTERVIEW]
    if not done:
        return None
    return Finding(
        f"corroboration ({', '.join(sorted(set(done)))}) established no basis for probable "
        "cause: no detainer and no notice",
        action="no_action",
    )


def detainer_form(ctx: Context) -> Finding | None:
    """I-247A with the supporting bases' boxes; I-247G for a notification request."""
    if ctx.action == "request_notification":
        return Finding("Form I-247G: notice of release only, no hold", form="I-247G")
    if ctx.action != "issue_detainer":
        return None
    boxes = tuple(sorted({b.box for b in ctx.supporting}))
    return Finding(
        f"Form I-247A, box 1 item(s) {', '.join(map(str, boxes))}",
        basis_facts(ctx.supporting),
        form="I-247A",
        boxes=boxes,
    )


def warrant(ctx: Context) -> Finding | None:
    """I-205 (warrant of removal) with a final order, else I-200 (warrant of arrest)."""
    if ctx.action != "issue_detainer":
        return None
    if any(b.kind == "final_order" for b in ctx.supporting):
        return Finding("final order: Form I-205 warrant of removal attached", warrant="I-205")
    return Finding("Form I-200 warrant of arrest attached", warrant="I-200")


RULES = (
    Rule(
        "policy_10074.probable_cause",
        "A detainer needs probable cause shown by an I-247A box 1 basis",
        policy("probable cause (I-247A box 1)"),
        FROM,
        None,
        "2017-04-02",
        "probable_cause",
        probable_cause,
    ),
    Rule(
        "policy_10074.biometric_confirmation",
        "Box 3 needs biometric confirmation of identity",
        FORM,
        FROM,
        None,
        "2017-04-02",
        "probable_cause",
        biometric_confirmation,
    ),
    Rule(
        "policy_10074.weak_basis",
        "A contradicted, stale or doubtfully linked basis is not probable cause",
        policy("probable cause, as read here", confirmed=False),
        FROM,
        None,
        "1",
        "probable_cause",
        weak_basis,
    ),
    Rule(
        "policy_10074.basis_tied",
        "A basis must be tied to the fingerprint identity by FIN or A-number, or confirmed in"
        " corroboration (Probable's protective reading)",
        policy(
            "probable cause, as read here: a biographic link is a lead (Probable's protective"
            " reading, not the policy's words)",
            confirmed=False,
        ),
        FROM,
        None,
        "1",
        "probable_cause",
        basis_tied,
    ),
    Rule(
        "policy_10074.foreign_birth_not_probable_cause",
        "Foreign birth plus no database match is not probable cause",
        policy("probable cause: foreign birth plus no match"),
        FROM,
        None,
        "2017-04-02",
        "probable_cause",
        foreign_birth_not_probable_cause,
    ),
    Rule(
        "policy_10074.corroboration_exhausted",
        "Corroboration that finds no basis ends the referral: no probable cause",
        policy("probable cause required before a detainer"),
        FROM,
        None,
        "2017-04-02",
        "limits",
        corroboration_exhausted,
    ),
    Rule(
        "policy_10074.detainer_form",
        "Form I-247A with its basis boxes; Form I-247G for notice only",
        FORM,
        FROM,
        None,
        "2017-04-02",
        "form",
        detainer_form,
    ),
    Rule(
        "policy_10074.warrant",
        "An administrative warrant accompanies every detainer (I-205 or I-200)",
        policy("administrative warrant (Form I-200 or I-205)"),
        FROM,
        None,
        "2017-04-02",
        "form",
        warrant,
    ),
    Rule(
        "policy_10074.hold_clock",
        "48 hours beyond release, weekends and holidays included (I-247A 02/17)",
        Citation("DHS Form I-247A (3/17)", "hold request (48 hours)", _FORM_URL),
        FROM,
        None,
        "2017-04-02",
        "clock",
        clock("I-247A (02/17)"),
    ),
)
