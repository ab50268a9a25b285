"""The documents a jail receives: filling Form I-247A or I-247G from a case and rendering it.

The form's content comes from the determination (basis boxes and their records, the
warrant, the hold clock and the rule that set it) and the booking; `probable.center.forms`
renders it to HTML and PDF, both stored with the case.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from datetime import datetime
from multiprocessing import get_context
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from probable.center.form_data import FormBasis, FormData
from probable.center.forms import render_html, render_pdf
from probable.store.database import transaction
from probable.store.models import AgencyRow, CaseRow, DetainerRow

log = logging.getLogger("probable.center.documents")

#: A document whose PDF is still to render: its row id, the HTML it was rendered with
#: (a newer render replaces both) and the form's fields.
Pending = tuple[int, str, FormData]

#: How much lower than the requests' the renderer process's CPU priority is.
_NICENESS = 19

#: The office named as issuer (every covered booking is answered by PERC in this model).
OFFICE_NAMES = {"PERC": "Pacific Enforcement Response Center, Laguna Niguel, CA"}


def _instant(value: str | None, zone: ZoneInfo) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(zone)


def form_data(
    *,
    form: Literal["I-247A", "I-247G"],
    number: str,
    case: CaseRow,
    agency: AgencyRow,
    body: dict[str, Any],
    issued_at: datetime,
    hold: dict[str, Any] | None,
    review_note: str | None,
) -> FormData:
    """The fields printed on the document, from the stored determination `body`."""
    zone = ZoneInfo(agency.time_zone)
    payload = case.booking.payload
    names = [payload.get(k) for k in ("given_name", "middle_name", "family_name")]
    names.append(payload.get("second_family_name"))
    bases = _form_bases(body.get("bases", []))
    citations = sorted(
        {
            node["citation"]
            for node in _walk(body["explanation"])
            if node.get("citation") and node["step"].count(".")
        }
    )
    detainer = form == "I-247A"
    return FormData(
        form=form,
        number=number,
        case_number=case.number,
        issued_at=issued_at.astimezone(zone),
        issuing_office=OFFICE_NAMES.get(agency.responsible_office, agency.responsible_office),
        agency_name=agency.name or agency.ori,
        agency_ori=agency.ori,
        agency_state=agency.state,
        subject_name=" ".join(n for n in names if n),
        subject_dob=payload.get("date_of_birth"),
        subject_sex=payload.get("sex"),
        subject_birth_country=payload.get("place_of_birth"),
        booking_id=payload["booking_id"],
        fin=payload.get("fin"),
        profile=f"{body['profile']} (version {body['profile_version']})",
        reason=body["reason"],
        bases=bases if detainer else (),
        warrant=body.get("warrant") if detainer else None,
        warrant_reference=f"{body['warrant']}-{number}"
        if detainer and body.get("warrant")
        else None,
        release_at=_instant(hold["release_at"], zone) if hold else _release(case, zone),
        hold_expires_at=_instant(hold["expires_at"], zone) if hold and detainer else None,
        hold_rule=hold["rule"] if hold and detainer else None,
        hold_excluded_days=tuple(hold["excluded_days"]) if hold and detainer else (),
        neutral_review=review_note if detainer else None,
        citations=tuple(citations),
    )


def _form_bases(bases: list[dict[str, Any]]) -> tuple[FormBasis, ...]:
    """One item per box: bases sharing a box (two final orders) are printed together."""
    by_box: dict[int, tuple[list[str], list[str]]] = {}
    for basis in bases:
        summaries, records = by_box.setdefault(basis["box"], ([], []))
        if basis["summary"] not in summaries:
            summaries.append(basis["summary"])
        records.extend(r for r in basis["facts"] if r not in records)
    return tuple(
        FormBasis(box=box, summary="; ".join(summaries), records=tuple(records))
        for box, (summaries, records) in sorted(by_box.items())
    )


def _release(case: CaseRow, zone: ZoneInfo) -> datetime | None:
    release = case.scheduled_release_at
    return None if release is None else release.astimezone(zone)


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = [node]
    for child in node.get("children", []):
        out.extend(_walk(child))
    return out


#: Where a transaction lists the PDFs to render once it has committed.
PENDING_PDFS = "probable.pending_pdfs"


def render_document(session: Session, detainer: DetainerRow, data: FormData) -> None:
    """Render the form's HTML onto the row now; its PDF once the transaction commits.

    ReportLab takes tens of milliseconds a page: rendering inside the transaction would
    hold the store's write lock that long (`writing` renders it right after).
    """
    detainer.html, detainer.pdf = render_html(data), b""
    session.info.setdefault(PENDING_PDFS, []).append((detainer.id, detainer.html, data))


def store_pdfs(
    factory: sessionmaker[Session],
    pending: list[Pending],
    render: Callable[[FormData], bytes] = render_pdf,
) -> None:
    """Render and store each PDF, unless its document changed since (a newer render wins)."""
    for detainer_id, html, data in pending:
        pdf = render(data)
        with transaction(factory) as session:
            session.execute(
                update(DetainerRow)
                .where(DetainerRow.id == detainer_id, DetainerRow.html == html)
                .values(pdf=pdf)
            )


def _lower_priority() -> None:
    """In the renderer process: yield the CPU to the service's requests."""
    with suppress(OSError, AttributeError):
        os.nice(_NICENESS)


class PdfRenderer:
    """Renders the PDFs of the documents a transaction issued or changed, once it commits.

    Until `start`, right after the commit, in the caller's thread. Started (the
    service), in a child process instead, fed by a background thread: a page takes
    ReportLab tens of milliseconds of pure Python, which an intake need not wait for
    (the jail's notice carries no PDF, and a PDF asked for before its turn is rendered
    on demand, `Lifecycle.pdf`), and which, on a thread of the service's own process,
    would hold the interpreter's lock the requests need. What a stop leaves
    unrendered, `Lifecycle.render_missing` renders at the next start.
    """

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self._queue: queue.Queue[Pending | None] | None = None
        self._thread: threading.Thread | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._deferred = False

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """`transaction`, then the PDFs of the documents it issued or changed."""
        with transaction(self.factory) as session:
            yield session
            pending = list(session.info.pop(PENDING_PDFS, []))
        self.submit(pending)

    def submit(self, pending: list[Pending]) -> None:
        """Render these now, queue them for the background thread, or leave them to the
        documents process (`defer`)."""
        if self._deferred:
            return
        if self._queue is None:
            store_pdfs(self.factory, pending)
            return
        for item in pending:
            self._queue.put(item)

    def defer(self) -> None:
        """Leave every PDF to another process, which finds them by their empty PDF."""
        self._deferred = True

    def store(self, pending: list[Pending]) -> None:
        """Render these (in the renderer process once started) and store them."""
        store_pdfs(self.factory, pending, self._render)

    def start_child(self) -> None:
        """Render in a child process, at the lowest CPU priority, from now on."""
        if self._pool is None:
            # Spawned, not forked: the service holds threads and open databases.
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=get_context("spawn"), initializer=_lower_priority
            )

    def start(self) -> None:
        """Render in the child, fed by a background thread, from now on."""
        if self._thread is not None:
            return
        self.start_child()
        self._queue = queue.Queue()
        self._thread = threading.Thread(
            target=self._run, args=(self._queue,), name="probable-pdfs", daemon=True
        )
        self._thread.start()

    def _render(self, data: FormData) -> bytes:
        if self._pool is None:
            return render_pdf(data)
        try:
            return self._pool.submit(render_pdf, data).result()
        except (BrokenProcessPool, OSError, RuntimeError, AssertionError) as exc:
            # The renderer died (killed, out of memory) or cannot start: render here.
            log.warning("the PDF renderer process is unavailable (%s); rendering in-process", exc)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            return render_pdf(data)

    def _run(self, pending: queue.Queue[Pending | None]) -> None:
        while (item := pending.get()) is not None:
            try:
                self.store([item])
            except Exception:  # the document keeps its HTML; a later start renders it
                log.exception("rendering document %s failed", item[0])

    def stop(self, timeout: float = 30.0) -> None:
        """Render what is queued (for up to `timeout` seconds), then render inline again."""
        if self._thread is not None and self._queue is not None:
            self._queue.put(None)
            self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._thread, self._queue, self._pool = None, None, None
