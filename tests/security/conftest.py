"""Fixtures of the security tests: the center's wired services, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.center.service import backend, database_url, module_services, services, world

__all__ = ["backend", "database_url", "module_services", "services", "world"]
