"""drop tie: nobody reads it any more

Coverage, cards and nudges read ties from the interactions themselves (90-day windows, who may see what), so the
aggregate only cost two statements per contact × colleague on every note. Downgrade recreates it and rebuilds it from
every interaction, as 0006 left it. Plain SQL, frozen in time like every migration: no imports from the application.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.drop_index("ix_tie_workspace_id")
        batch_op.drop_index("ix_tie_supplier")
    op.drop_table("tie")


def downgrade() -> None:
    op.create_table(
        "tie",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=False),
        sa.Column("last_touch_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "user_id"),
    )
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.create_index("ix_tie_supplier", ["workspace_id", "supplier_id"], unique=False)
        batch_op.create_index("ix_tie_workspace_id", ["workspace_id"], unique=False)
    op.execute(
        """
        INSERT INTO tie (contact_id, user_id, workspace_id, supplier_id, interactions, last_touch_at)
        SELECT ic.contact_id, icol.user_id, i.workspace_id, i.supplier_id, COUNT(*), MAX(i.occurred_at)
        FROM interaction i
        JOIN interaction_contact ic ON ic.interaction_id = i.id
        JOIN interaction_colleague icol ON icol.interaction_id = i.id
        GROUP BY ic.contact_id, icol.user_id, i.workspace_id, i.supplier_id
        """
    )
