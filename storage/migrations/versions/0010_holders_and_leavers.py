"""Holders and leavers: a contact's fixed holder, a contact who left their company, a colleague who left Slack

- contact.holder_id: the colleague who holds the relationship with this contact when set by hand (`contact holder`);
  otherwise the holder is worked out from the touches.
- contact.left_at: the contact left their company (`contact left`): kept in history, never nudged, never active.
- colleague.left_at: when Covalis saw the colleague go from in Slack to deleted — the trigger for one handover.

Frozen in time like every migration: no imports from the application.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_colleague_left_at", ["workspace_id", "left_at"])


def downgrade() -> None:
    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.drop_index("ix_colleague_left_at")
        batch_op.drop_column("left_at")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("left_at")
        batch_op.drop_column("holder_id")
