"""The documents process: renders the PDFs of the documents the API workers issue.

A PDF takes ReportLab tens of milliseconds of pure Python. Rendered by an API worker,
even on a thread or through a child it feeds, it takes that worker's interpreter lock
(the feeding, the storing) from the intakes waiting on it. So `probable serve` starts
this one process beside the workers: it asks the case store every half second for
documents whose PDF is still empty (a partial index), renders them in a child at the
lowest CPU priority, and stores each in its own short transaction. The workers only
store the HTML. A PDF asked for before its turn is rendered on demand
(`Lifecycle.pdf`). The process stops with its parent.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from multiprocessing import get_context
from multiprocessing.process import BaseProcess

from probable.center.lifecycle import Lifecycle, utc_now
from probable.store.database import make_engine, session_factory
from probable.web.settings import load_settings

log = logging.getLogger("probable.web.documents")

#: Seconds between looks when nothing was left to render.
POLL_SECONDS = 0.5
#: Documents taken per look.
BATCH = 16


def run(environment: dict[str, str], parent: int) -> None:
    """The process's body: render until told to stop or the `parent` process is gone."""
    os.environ.update(environment)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = load_settings()
    engine = make_engine(settings.url)
    lifecycle = Lifecycle(session_factory(engine), clock=utc_now)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    lifecycle.pdfs.start_child()  # the rendering itself, at the lowest priority
    try:
        while not stop.is_set() and os.getppid() == parent:
            try:
                rendered = lifecycle.render_missing(limit=BATCH)
            except Exception:  # the store may be busy or gone for a moment: look again
                log.exception("rendering documents failed")
                rendered = 0
            if rendered == 0:
                stop.wait(POLL_SECONDS)
    finally:
        lifecycle.pdfs.stop()
        engine.dispose()


def start(environment: dict[str, str]) -> BaseProcess:
    """Start the documents process (spawned: the caller may hold threads and files)."""
    process = get_context("spawn").Process(
        # Not a daemon: it renders in a child of its own (see `PdfRenderer`); it stops
        # when its parent does, or when it finds its parent gone.
        target=run,
        args=(environment, os.getpid()),
        name="probable-documents",
        daemon=False,
    )
    process.start()
    return process
