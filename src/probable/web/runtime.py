"""A running service: the case store migrated, the evidence source open, the center, the app,
and its background work (outbox delivery and the scheduler), started and stopped together.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from probable.center.outbox import Delivery, FileDrop, OutboxWorker, WebhookDelivery
from probable.center.records import EvidenceSource, IndexEvidence
from probable.center.service import Center, CenterSettings
from probable.center.users import load_agencies
from probable.center.views import CaseViews
from probable.sources.details import read_world_agencies
from probable.store.database import make_engine, migrate, session_factory, transaction
from probable.web.app import create_app
from probable.web.pages.dashboard import DashboardSource
from probable.web.settings import ServiceSettings

log = logging.getLogger("probable.web.runtime")


class Scheduler:
    """Runs the center's `tick` (lapse holds, expire reviews) every few seconds in a thread."""

    def __init__(self, center: Center, interval: float) -> None:
        self.center = center
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start ticking."""

        def loop() -> None:
            while not self._stop.wait(self.interval):
                try:
                    counts = self.center.lifecycle.tick()
                    if any(counts.values()):
                        log.info("scheduler: %s", counts)
                except Exception:
                    log.exception("scheduler tick failed")

        self._thread = threading.Thread(target=loop, name="probable-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current tick."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)


@dataclass
class Runtime:
    """Everything one service process holds."""

    settings: ServiceSettings
    engine: Engine
    factory: sessionmaker[Session]
    evidence: EvidenceSource
    center: Center
    views: CaseViews
    outbox: OutboxWorker
    scheduler: Scheduler
    dashboard: DashboardSource | None = None
    documents_elsewhere: bool = False
    """A documents process (`probable.web.documents_process`) renders the PDFs."""
    app: FastAPI = field(init=False)
    _lock_file: IO[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.app = create_app(
            self.center,
            self.views,
            max_body_bytes=self.settings.max_body_bytes,
            on_start=self.start,
            on_stop=self.stop,
            dashboard=self.dashboard,
            session_secret=(
                self.settings.session_secret.encode() if self.settings.session_secret else None
            ),
        )

    def start(self) -> None:
        """Decide cases a crash left undecided, then start delivery and the scheduler.

        With several worker processes only the one holding the data directory's
        background lock does this, so notices go out once and holds lapse once. Every
        worker renders its own documents' PDFs on a background thread.
        """
        # What start-up loaded lives as long as the process: leave it out of the
        # collector's full passes, which would otherwise stop every request for a
        # fifth of a second now and then to walk it.
        gc.collect()
        gc.freeze()
        if self.documents_elsewhere:
            self.center.lifecycle.pdfs.defer()
        else:
            self.center.lifecycle.pdfs.start()
        if not self._background_lock():
            log.info("another worker runs the outbox and the scheduler")
            return
        if not self.documents_elsewhere:
            rendered = self.center.lifecycle.render_missing()
            if rendered:
                log.info("rendered %s documents a stop left without their PDF", rendered)
        recovered = self.center.recover()
        if recovered:
            log.info("recovered %s cases left undecided", recovered)
        self.outbox.start()
        self.scheduler.start()

    def _background_lock(self) -> bool:
        path = self.settings.data_dir / "background.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._lock_file = handle  # held, and so locked, for the life of the process
        return True

    def stop(self) -> None:
        """Stop the background work and close files."""
        self.scheduler.stop()
        self.outbox.stop()
        self.center.lifecycle.pdfs.stop()
        self.evidence.close()
        self.engine.dispose()
        if self._lock_file is not None:
            self._lock_file.close()  # releases the background lock
            self._lock_file = None


def delivery_for(settings: ServiceSettings) -> Delivery:
    """The notices' delivery the settings choose."""
    if settings.notices == "webhook":
        return WebhookDelivery()
    return FileDrop(settings.drop_dir)


def open_runtime(
    settings: ServiceSettings,
    *,
    evidence: EvidenceSource | None = None,
    dashboard: Callable[[sessionmaker[Session]], DashboardSource] | None = None,
    documents_elsewhere: bool = False,
) -> Runtime:
    """Migrate the store, load the world's agencies, open the evidence source and the center.

    `dashboard` makes the oversight page's source from a read-only session factory (the
    CLI passes `probable.oversight`'s, which the web layer may not import).
    """
    engine = make_engine(settings.url)
    migrate(engine)
    factory = session_factory(engine)
    with transaction(factory) as session:
        load_agencies(session, read_world_agencies(settings.world_dir))
    source = evidence or IndexEvidence.from_world(settings.world_dir, settings.index_path)
    center = Center(
        factory,
        source,
        settings=CenterSettings(
            neutral_review_available=settings.neutral_review, profile=settings.profile
        ),
    )
    views = CaseViews(factory, clock=center.clock)
    worker = OutboxWorker(factory, delivery_for(settings))
    return Runtime(
        settings,
        engine,
        factory,
        source,
        center,
        views,
        worker,
        Scheduler(center, settings.tick_seconds),
        dashboard(session_factory(engine, read_only=True)) if dashboard else None,
        documents_elsewhere,
    )
