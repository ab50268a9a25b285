"""An index of the documents whose PDF is still to render

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The documents process asks for these every second: a partial index keeps it a probe.
_PENDING = "length(pdf) = 0"


def upgrade() -> None:
    """Apply."""
    op.create_index(
        "ix_detainers_pdf_pending",
        "detainers",
        ["id"],
        sqlite_where=sa.text(_PENDING),
        postgresql_where=sa.text(_PENDING),
    )


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_detainers_pdf_pending", table_name="detainers")
