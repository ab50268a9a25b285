"""The pages end to end in real Chromium (Playwright), served by uvicorn on the loopback.

Sign in, the queue, a case with its waterfall drawn, an interview that decides the case
again, a neutral review approved, the document as printed; a liaison kept out of another
agency's case. Screenshots of the queue and a case (and the dashboard, once it exists)
go to docs/screenshots/. Without Chromium on PATH the test is skipped, saying so, unless
PROBABLE_REQUIRE_BROWSER=1, which makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.web.pages.world import PASSWORD, USERS, PageWorld, build_page_world

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str:
    """Chromium's path, or a skip (a failure when the browser is required)."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        reason = "no Chromium on PATH (apt-get install chromium) for the browser test"
        if os.environ.get("PROBABLE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; PROBABLE_REQUIRE_BROWSER=1 requires it")
        pytest.skip(reason)
    return found


def free_port() -> int:
    """A port nothing listens on, on the loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(
    small_world: Any, world_identity: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[PageWorld, str]]:
    """The page world served by uvicorn in a thread; its base URL."""
    import uvicorn

    chromium()  # skip before building anything when there is no browser
    worlds = build_page_world(
        tmp_path_factory.mktemp("browser"), small_world.out, world_identity.index_path
    )
    world = next(worlds)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield world, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        worlds.close()


@pytest.fixture(scope="module")
def browser(served: tuple[PageWorld, str]) -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def signed_in(browser: Any, base: str, role: str) -> Any:
    """A new page signed in as the role's user through the form."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    page.goto("/sign-in")
    page.get_by_label("Username").fill(USERS[role])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_officer_reviewer_and_liaison_in_a_real_browser(
    served: tuple[PageWorld, str], browser: Any
) -> None:
    world, base = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page = signed_in(browser, base, "officer")
    assert page.url == f"{base}/queue"
    page.screenshot(path=str(SCREENSHOTS / "queue.png"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    # A case from the queue, its waterfalls drawn by vega-embed.
    reviewed = world.peek("awaiting_review")
    page.locator(f"#case-link-{reviewed}").click()
    page.wait_for_selector(".chart svg", timeout=15_000)
    assert page.locator("#determination").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "case.png"))

    # An interview, and the new determination it brings.
    case_id = world.take("citizenship_investigation")
    page.goto(f"/cases/{case_id}")
    before = page.locator("#determination h2").inner_text()
    page.get_by_role("link", name="Record an interview").click()
    page.get_by_label("Date of the interview").fill(date.today().isoformat())
    page.locator("#f-claims_us_citizenship-yes").check()
    page.get_by_label("Place of birth (country code)").fill("US")
    page.get_by_role("button", name="Record the interview and decide again").click()
    page.wait_for_selector(".notice")
    assert "decided again" in page.locator(".notice").inner_text()
    after = page.locator("#determination h2").inner_text()
    assert after != before
    assert after.startswith("Determination 2")
    assert page.errors == []

    # A neutral reviewer approves a review; the detainer is sent.
    reviewer = signed_in(browser, base, "neutral_reviewer")
    assert reviewer.url == f"{base}/reviews"
    target = world.take("awaiting_review")
    reviewer.locator(f'a[href^="/cases/{target}/reviews/"]').first.click()
    reviewer.get_by_label("Approve: send the detainer (I-247A)").check()
    reviewer.get_by_label("Reasons").fill("Fingerprint-linked pending proceedings.")
    reviewer.get_by_role("button", name="Record the decision").click()
    reviewer.wait_for_selector(".notice")
    assert "The review was decided." in reviewer.locator(".notice").inner_text()

    # The document the jail receives, framed as printed.
    reviewer.locator("#documents tbody a").first.click()
    reviewer.wait_for_load_state()
    assert reviewer.get_by_role("button", name="Print the document").is_visible()
    frame = reviewer.frame_locator("#document-frame")
    assert "I-247A" in frame.locator("body").inner_text()
    assert reviewer.errors == []

    # A liaison cannot open another agency's case.
    liaison = signed_in(browser, base, "agency_liaison")
    agency = world.principals["agency_liaison"].agency_ori
    assert agency is not None
    response = liaison.goto(f"/cases/{world.other_agency_case(agency)}")
    assert response is not None and response.status == 404
    assert "Not found" in liaison.locator("h1").inner_text()

    # The oversight dashboard, once it exists (another page of the same app).
    auditor = signed_in(browser, base, "auditor")
    dashboard = auditor.goto("/dashboard")
    if dashboard is not None and dashboard.status == 200:
        auditor.wait_for_load_state("networkidle")
        auditor.screenshot(path=str(SCREENSHOTS / "dashboard.png"))
