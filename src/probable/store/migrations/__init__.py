"""Alembic migrations of the case store (one module per revision under `versions/`)."""
