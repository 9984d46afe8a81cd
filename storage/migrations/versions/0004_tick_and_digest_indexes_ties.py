"""tick and digest indexes, ties

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:47:29.220887
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "tie",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=False),
        sa.Column("last_touch_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "user_id"),
    )
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.create_index("ix_tie_supplier", ["workspace_id", "supplier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tie_workspace_id"), ["workspace_id"], unique=False)

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_next_nudge_at"))
        batch_op.create_index("ix_contact_next_nudge", ["workspace_id", "next_nudge_at"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_due", ["workspace_id", "status", "due_date"], unique=False)

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_workspace_time", ["workspace_id", "occurred_at"], unique=False)

    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_next_nudge_at"))
        batch_op.create_index("ix_supplier_next_nudge", ["workspace_id", "next_nudge_at"], unique=False)

    # Ties from the team-visible interactions logged so far.
    op.execute(
        """
        INSERT INTO tie (contact_id, user_id, workspace_id, supplier_id, interactions, last_touch_at)
        SELECT x.contact_id, c.user_id, i.workspace_id, i.supplier_id, COUNT(*), MAX(i.occurred_at)
        FROM interaction i
        JOIN interaction_contact x ON x.interaction_id = i.id
        JOIN interaction_colleague c ON c.interaction_id = i.id
        WHERE i.visibility = 'team'
        GROUP BY x.contact_id, c.user_id, i.workspace_id, i.supplier_id
        """
    )


def downgrade() -> None:

    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index("ix_supplier_next_nudge")
        batch_op.create_index(batch_op.f("ix_supplier_next_nudge_at"), ["next_nudge_at"], unique=False)

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_workspace_time")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_due")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_next_nudge")
        batch_op.create_index(batch_op.f("ix_contact_next_nudge_at"), ["next_nudge_at"], unique=False)

    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_workspace_id"))
        batch_op.drop_index("ix_tie_supplier")

    op.drop_table("tie")
