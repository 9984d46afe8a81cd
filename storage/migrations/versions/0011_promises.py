"""Promises: a follow-up that is a commitment to the supplier, and how it turned out

- follow_up.promise: the follow-up is a promise to the supplier (`#promise`, "we promised …", "we sturen … voor …").
- follow_up.outcome: what became of a promise — `kept`, `late` (kept after it counted as missed) or `missed`; None
  while it is open. A promise still open past its owner's second working day after the due date counts as missed
  without an outcome written.
- follow_up.missed_told_at: when its owner was told, in a nudge, that it counts as missed (they are told once).

Frozen in time like every migration: no imports from the application.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("promise", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("outcome", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("missed_told_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_follow_up_promise", ["workspace_id", "supplier_id", "promise", "due_date"])


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_promise")
        batch_op.drop_column("missed_told_at")
        batch_op.drop_column("outcome")
        batch_op.drop_column("promise")
