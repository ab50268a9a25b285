"""Citizens found, by FIN, and corrections to record systems through the outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ONE_DESTINATION = "(agency_ori IS NULL) <> (record_system IS NULL)"


def _outbox_as_in_0001() -> sa.Table:
    """The outbox as revision 0001 made it, so SQLite's batch copy needs no reflection
    (which would reflect `cases` too and warn about its expression index)."""
    metadata = sa.MetaData()
    sa.Table("agencies", metadata, sa.Column("ori", sa.String(16), primary_key=True))
    sa.Table("cases", metadata, sa.Column("id", _KEY, primary_key=True))
    return sa.Table(
        "outbox",
        metadata,
        sa.Column("id", _KEY, primary_key=True, autoincrement=True, nullable=False),
        sa.Column("case_id", _KEY, nullable=True),
        sa.Column("agency_ori", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_ori"], ["agencies.ori"], name="fk_outbox_agency_ori_agencies"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_outbox_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.Index("ix_outbox_case_id", "case_id"),
        sa.Index("ix_outbox_pending", "delivered_at", "next_attempt_at"),
    )


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "verified_citizens",
        sa.Column("id", _KEY, autoincrement=True, nullable=False),
        sa.Column("fin", sa.String(length=40), nullable=False),
        sa.Column("case_id", _KEY, nullable=False),
        sa.Column("determination_id", _KEY, nullable=False),
        sa.Column("proof", sa.JSON(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_verified_citizens_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["determination_id"],
            ["determinations.id"],
            name=op.f("fk_verified_citizens_determination_id_determinations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verified_citizens")),
        sa.UniqueConstraint("fin", name="uq_verified_citizens_fin"),
    )
    with op.batch_alter_table("verified_citizens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verified_citizens_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("outbox", copy_from=_outbox_as_in_0001()) as batch_op:
        batch_op.add_column(sa.Column("record_system", sa.String(length=40), nullable=True))
        batch_op.alter_column("agency_ori", existing_type=sa.String(length=16), nullable=True)
        batch_op.create_check_constraint("one_destination", sa.text(_ONE_DESTINATION))


def downgrade() -> None:
    """Revert (corrections to record systems are dropped: the old outbox cannot hold them)."""
    op.execute("DELETE FROM outbox WHERE record_system IS NOT NULL")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint("one_destination", type_="check")
        batch_op.alter_column("agency_ori", existing_type=sa.String(length=16), nullable=False)
        batch_op.drop_column("record_system")
    with op.batch_alter_table("verified_citizens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verified_citizens_case_id"))
    op.drop_table("verified_citizens")
