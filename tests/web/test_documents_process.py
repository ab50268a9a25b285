"""The documents process renders the PDFs the workers leave, and stops with its parent."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from probable.center.lifecycle import Lifecycle
from probable.store.models import DetainerRow
from tests.center.service import Service


def test_pdfs_left_to_the_documents_process_are_rendered_by_it(
    services: Callable[..., Service],
) -> None:
    service = services()
    service.center.lifecycle.pdfs.defer()  # as an API worker beside the documents process
    _, case = service.find(lambda c: c.status in ("detainer_issued", "notification_requested"))
    with service.factory() as session:
        [row] = session.scalars(select(DetainerRow).where(DetainerRow.case_id == case.id))
    assert row.html and row.pdf == b""

    documents = Lifecycle(service.factory, clock=service.clock)
    assert documents.render_missing(limit=16) >= 1
    with service.factory() as session:
        stored = session.get(DetainerRow, row.id)
        assert stored is not None and stored.pdf.startswith(b"%PDF")
    assert documents.render_missing(limit=16) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by init) counts as gone.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().rpartition(")")[2].split()[0] != "Z"


def test_the_documents_process_renders_and_stops_when_its_parent_dies(
    services: Callable[..., Service], tmp_path: Path
) -> None:
    service = services()
    service.center.lifecycle.pdfs.defer()
    _, case = service.find(lambda c: c.status in ("detainer_issued", "notification_requested"))
    # A parent that starts the documents process, waits, then dies without stopping it.
    script = (
        "import os, sys, time\n"
        "from probable.web import documents_process\n"
        "process = documents_process.start(dict(os.environ))\n"
        "print(process.pid, flush=True)\n"
        "time.sleep(float(sys.argv[1]))\n"
        "os._exit(0)\n"
    )
    environment = {
        **os.environ,
        "PROBABLE_DATABASE_URL": service.url,
        "PROBABLE_DATA_DIR": str(tmp_path / "data"),
    }
    # Output to a file: a pipe would stay open as long as an orphan lived.
    output = tmp_path / "parent.out"
    with output.open("w") as sink:
        parent = subprocess.Popen(
            [sys.executable, "-c", script, "60"],
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        rendered = False
        while not rendered and time.monotonic() < deadline:
            time.sleep(0.5)
            with service.factory() as session:
                pdfs = session.scalars(
                    select(DetainerRow.pdf).where(DetainerRow.case_id == case.id)
                )
                rendered = all(pdf.startswith(b"%PDF") for pdf in pdfs)
        assert rendered, output.read_text()[-2000:]
        child = int(output.read_text().split()[0])
        assert _alive(child)
    finally:
        parent.kill()
        parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(child), "the documents process outlived its parent"
