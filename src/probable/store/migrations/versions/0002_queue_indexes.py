"""Indexes for the queue's order and the neutral review queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_index(
        "ix_cases_queue_order", "cases", [sa.text("(deadline IS NULL)"), "deadline", "id"]
    )
    op.create_index("ix_reviews_status_due", "reviews", ["status", "due_at"])


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_reviews_status_due", table_name="reviews")
    op.drop_index("ix_cases_queue_order", table_name="cases")
