"""tick indexes: workspace with next nudge, open follow-ups by due date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:42:45.613893
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_next_nudge_at"))
        batch_op.create_index("ix_contact_next_nudge", ["workspace_id", "next_nudge_at"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_due", ["workspace_id", "status", "due_date"], unique=False)

    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_next_nudge_at"))
        batch_op.create_index("ix_supplier_next_nudge", ["workspace_id", "next_nudge_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index("ix_supplier_next_nudge")
        batch_op.create_index(batch_op.f("ix_supplier_next_nudge_at"), ["next_nudge_at"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_due")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_next_nudge")
        batch_op.create_index(batch_op.f("ix_contact_next_nudge_at"), ["next_nudge_at"], unique=False)
