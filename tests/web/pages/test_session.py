"""Signing in and out, the session cookie, CSRF refusals, deny-by-default and role homes."""

from __future__ import annotations

import pytest

from tests.web.pages.world import PASSWORD, USERS, PageWorld, csrf_of


def test_unauthenticated_pages_redirect_to_sign_in(pages: PageWorld) -> None:
    client = pages.client()
    for path in ("/", "/queue", "/reviews", f"/cases/{pages.peek('closed')}", "/audit"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/sign-in")
    assert client.get("/queue?status=all").headers["location"] == (
        "/sign-in?next=/queue%3Fstatus%3Dall"
    )
    fragment = client.get("/queue/results", headers={"HX-Request": "true"})
    assert fragment.status_code == 401
    assert fragment.headers["HX-Redirect"].startswith("/sign-in")


def test_sign_in_sets_a_strict_http_only_cookie_and_goes_home(pages: PageWorld) -> None:
    client = pages.client()
    form = client.get("/sign-in")
    assert form.status_code == 200
    assert '<label for="f-username">Username</label>' in form.text
    response = client.post(
        "/sign-in",
        data={
            "username": USERS["officer"],
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "/reviews",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/reviews"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/" in cookie
    # The session changed at sign-in: the sign-in form's token no longer posts.
    home = client.get("/queue")
    assert home.status_code == 200
    assert csrf_of(home.text) != csrf_of(form.text)
    assert "Signed in as <strong>olivia</strong>" in home.text


def test_wrong_password_is_refused_without_saying_which_part(pages: PageWorld) -> None:
    client = pages.client()
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"username": USERS["officer"], "password": "wrong", "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 401
    assert "That username and password do not match." in response.text
    assert client.get("/queue").status_code == 303


def test_sign_in_needs_the_forms_csrf_token(pages: PageWorld) -> None:
    client = pages.client()
    client.get("/sign-in")
    response = client.post("/sign-in", data={"username": USERS["officer"], "password": PASSWORD})
    assert response.status_code == 403
    assert "did not come from this site" in response.text
    assert client.get("/queue").status_code == 303


def test_posts_without_the_sessions_token_are_refused(pages: PageWorld) -> None:
    client = pages.client("officer")
    case_id = pages.peek("citizenship_investigation")
    form = client.get(f"/cases/{case_id}/interview")
    data = {"conducted_on": "2020-01-01"}
    assert client.post(f"/cases/{case_id}/interview", data=data).status_code == 403
    wrong = {**data, "csrf_token": "x" * 43}
    assert client.post(f"/cases/{case_id}/interview", data=wrong).status_code == 403
    other_site = client.post(
        f"/cases/{case_id}/interview",
        data={**data, "csrf_token": csrf_of(form.text)},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert other_site.status_code == 403
    # Another user's token does not do either.
    other = pages.client("supervisor")
    theirs = csrf_of(other.get("/queue").text)
    refused = client.post(f"/cases/{case_id}/interview", data={**data, "csrf_token": theirs})
    assert refused.status_code == 403


def test_a_tampered_cookie_is_no_session(pages: PageWorld) -> None:
    client = pages.client("officer")
    value = client.cookies["probable_session"]
    client.cookies.clear()
    payload, _, signature = value.partition(".")
    client.cookies.set("probable_session", payload[:-2] + "AA." + signature)
    assert client.get("/queue").status_code == 303


def test_sign_out_ends_the_session(pages: PageWorld) -> None:
    client = pages.client("officer")
    page = client.get("/queue")
    response = client.post("/sign-out", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"
    assert client.get("/queue").status_code == 303


def test_the_api_does_not_take_the_pages_cookie(pages: PageWorld) -> None:
    client = pages.client("officer")
    assert client.get("/v1/cases").status_code == 401


def test_a_sign_in_never_sends_the_user_to_another_site(pages: PageWorld) -> None:
    client = pages.client()
    form = client.get("/sign-in?next=//evil.example/x")
    assert 'name="next" value="/"' in form.text
    response = client.post(
        "/sign-in",
        data={
            "username": USERS["officer"],
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "https://evil.example/",
        },
    )
    assert response.headers["location"] == "/"


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("officer", "/queue"),
        ("supervisor", "/queue"),
        ("neutral_reviewer", "/reviews"),
        ("agency_liaison", "/queue"),
    ],
)
def test_each_role_starts_at_its_home(pages: PageWorld, role: str, home: str) -> None:
    response = pages.client(role).get("/")
    assert response.status_code == 303
    assert response.headers["location"] == home


def test_the_auditors_home_links_the_dashboard_and_the_audit_check(pages: PageWorld) -> None:
    client = pages.client("auditor")
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/dashboard"' in home.text
    assert 'href="/audit"' in home.text
    checked = client.get("/audit?verify=1")
    assert checked.status_code == 200
    assert "The chain holds" in checked.text


def test_the_booking_feed_has_no_pages(pages: PageWorld) -> None:
    client = pages.client("intake")
    assert client.get("/").status_code == 403
    assert client.get("/queue").status_code == 403


def test_pages_carry_a_content_security_policy(pages: PageWorld) -> None:
    response = pages.client("officer").get("/queue")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-store"


def test_unknown_pages_are_a_page_and_the_api_still_answers_json(pages: PageWorld) -> None:
    client = pages.client("officer")
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    api = client.get("/v1/no-such")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/json")
