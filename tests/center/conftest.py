"""Fixtures of the center's tests: case stores on SQLite and PostgreSQL, wired services."""

from __future__ import annotations

from tests.center.service import backend, database_url, module_services, services, world

__all__ = ["backend", "database_url", "module_services", "services", "world"]
