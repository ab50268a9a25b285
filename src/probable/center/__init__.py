"""The response center: intake of booking events, cases, corroboration, neutral review,
the documents sent to jails and their lifecycle, outbound notices, the audit log.

`Center` changes state (each change with its audit entry and notice in one
transaction); `CaseViews` reads. The center renders the documents of record it sends
(Form I-247A and I-247G, HTML and PDF), never web pages. docs/center.md explains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.center.access import ROLES, AccessDeniedError, Principal, Role
    from probable.center.corroboration_input import DocumentInput, InterviewInput, ParentInput
    from probable.center.errors import (
        CenterError,
        ConflictError,
        InvalidRequestError,
        NotFoundError,
    )
    from probable.center.intake import BookingIntake
    from probable.center.lift_reasons import LIFT_REASON_TEXTS, LIFT_REASONS
    from probable.center.outbox import FileDrop, OutboxWorker, WebhookDelivery
    from probable.center.records import EvidenceSource, IndexEvidence
    from probable.center.service import Center, CenterSettings
    from probable.center.views import STATUSES, CaseFilter, CaseViews

__all__ = [
    "LIFT_REASONS",
    "LIFT_REASON_TEXTS",
    "ROLES",
    "STATUSES",
    "AccessDeniedError",
    "BookingIntake",
    "CaseFilter",
    "CaseViews",
    "Center",
    "CenterError",
    "CenterSettings",
    "ConflictError",
    "DocumentInput",
    "EvidenceSource",
    "FileDrop",
    "IndexEvidence",
    "InterviewInput",
    "InvalidRequestError",
    "NotFoundError",
    "OutboxWorker",
    "ParentInput",
    "Principal",
    "Role",
    "WebhookDelivery",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
