"""The service's settings, API routes and roles are documented (docs/center.md, docs/api.md)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from fastapi.routing import APIRoute

from probable.center.access import ROLES
from probable.web.app import create_app
from probable.web.settings import SETTINGS, load_settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "center.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text, setting.name
        assert f"`{setting.env}`" in text, setting.env


def test_every_role_is_documented() -> None:
    text = (DOCS / "center.md").read_text(encoding="utf-8")
    for role in ROLES:
        assert f"`{role}`" in text, role


def _params(text: str) -> str:
    """Path parameters named alike: the docs say `{id}` where the code says `{case_id}`."""
    return re.sub(r"\{[^}]+\}", "{}", text)


def test_every_api_route_is_documented() -> None:
    text = _params((DOCS / "api.md").read_text(encoding="utf-8"))
    # Routes are declared without touching the center: a bare stand-in is enough.
    stand_in = SimpleNamespace(factory=None, reader=None, evidence=None, clock=None)
    app = create_app(center=stand_in, views=stand_in)  # type: ignore[arg-type]
    routes = [r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/v1")]
    assert routes
    for route in routes:
        # docs write `.html`, `.pdf` beside the first; compare the path without its suffix
        path = _params(re.sub(r"\.(html|pdf)$", "", route.path))
        assert path in text, route.path


def test_settings_refuse_bad_values_by_name() -> None:
    for given, named in (
        ({"port": "eighty"}, "numeric"),
        ({"port": "70000"}, "port"),
        ({"notices": "pigeon"}, "notices"),
        ({"neutral_review": "yes"}, "neutral_review"),
        ({"max_body_bytes": "10"}, "max_body_bytes"),
    ):
        try:
            load_settings(**given)
        except ValueError as exc:
            assert named in str(exc)
        else:
            raise AssertionError(f"{given} was accepted")
