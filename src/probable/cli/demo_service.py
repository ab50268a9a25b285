"""The demo's service part: start the center in-process on loopback, replay a day of bookings
through its API, and show the cases it made.

The service is real (uvicorn, the FastAPI app, a SQLite case store in the demo's
directory); bookings go over HTTP exactly as `probable replay` sends them, moved to
today so that today's law (the settlement, with neutral review) applies.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from rich import box
from rich.table import Table
from sqlalchemy import select

from probable.center.intake import intake_payload
from probable.center.users import add_user, issue_token
from probable.cli.common import out_console, progress_bar
from probable.cli.serve import oversight_dashboard
from probable.sources import read_world_booking_events
from probable.store import transaction
from probable.store.models import UserRow
from probable.web.runtime import Runtime, open_runtime
from probable.web.settings import load_settings

#: Demo users (all synthetic): name, role, password for the pages.
DEMO_USERS = (
    ("officer", "officer"),
    ("supervisor", "supervisor"),
    ("reviewer", "neutral_reviewer"),
    ("auditor", "auditor"),
    ("feed", "intake"),
)
DEMO_PASSWORD = "demo-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Served:
    """uvicorn serving `runtime.app` in a thread until `stop`."""

    def __init__(self, runtime: Runtime, port: int) -> None:
        config = uvicorn.Config(runtime.app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="probable-demo", daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the demo service did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def run_service_demo(world: Path, data_dir: Path, *, keep_serving: bool = False) -> dict[str, Any]:
    """Serve, replay the busiest day's matched bookings, print the cases; their counts."""
    port = _free_port()
    settings = load_settings(
        data_dir=str(data_dir), world=str(world), port=str(port), tick_seconds="5"
    )
    runtime = open_runtime(settings, dashboard=oversight_dashboard(world))
    now = datetime.now(UTC)
    with transaction(runtime.factory) as session:
        for name, role in DEMO_USERS:
            if session.scalar(select(UserRow.id).where(UserRow.username == name)) is None:
                add_user(session, username=name, role=role, password=DEMO_PASSWORD, at=now)
        token = issue_token(session, "feed", at=now, label="demo replay")
        officer = issue_token(session, "officer", at=now, label="demo")
    served = _Served(runtime, port)
    served.start()
    url = f"http://127.0.0.1:{port}"
    try:
        events = [e for e in read_world_booking_events(world) if e.fin is not None]
        days = Counter(e.booked_at.date() for e in events)
        day = max(days, key=lambda d: (days[d], d))
        chosen = sorted((e for e in events if e.booked_at.date() == day), key=lambda e: e.booked_at)
        shift = now - timedelta(hours=1) - chosen[-1].booked_at
        statuses: Counter[int] = Counter()
        with (
            httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client,
            progress_bar(quiet=False) as bar,
        ):
            task = bar.add_task(f"replaying {day} ({len(chosen)} bookings)", total=len(chosen))
            for event in chosen:
                body = intake_payload(event, event_id=f"demo-{event.booking_id}", shift=shift)
                statuses[client.post("/v1/bookings", json=body).status_code] += 1
                bar.update(task, advance=1)
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {officer}"}) as client:
            listing = client.get("/v1/cases", params={"limit": 15}).json()
        _print_cases(listing, url)
        if keep_serving:
            out_console.print(
                f"Serving at {url} until Ctrl-C; sign in as officer, reviewer, supervisor or "
                f"auditor with password {DEMO_PASSWORD!r}."
            )
            try:
                while served.thread.is_alive():
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
        return {
            "day": day.isoformat(),
            "posted": len(chosen),
            "statuses": dict(statuses),
            "counts": listing["counts"],
            "url": url,
        }
    finally:
        served.stop()


def _print_cases(listing: dict[str, Any], url: str) -> None:
    out_console.rule("Cases the response center opened (a day of bookings, replayed today)")
    counts = ", ".join(f"{k} {v}" for k, v in sorted(listing["counts"].items()))
    out_console.print(f"{listing['total']} cases: {counts}", soft_wrap=True)
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("case", "status", "action", "profile", "state", "deadline"):
        table.add_column(column)
    for case in listing["cases"]:
        table.add_row(
            case["number"],
            case["status"],
            case["action"] or "",
            case["profile"] or "",
            case["state"],
            (case["deadline"] or "")[:16],
        )
    out_console.print(table)
    out_console.print(
        f"Each case: GET {url}/v1/cases/<id> (evidence, determination, explanation, history); "
        f"the API's documentation is at {url}/docs.",
        soft_wrap=True,
    )
