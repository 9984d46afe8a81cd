"""Contact aliases: the name of a duplicate contact merged into another (`contact merge`) keeps finding it.

- contact_alias: one other name of a contact, unique per contact by its key; goes with the contact (CASCADE).

Frozen in time like every migration: no imports from the application.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 01:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=75), nullable=False),
        sa.Column("alias_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contact_id", "alias_key"),
    )
    with op.batch_alter_table("contact_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_alias_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_alias_workspace_id"), ["workspace_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contact_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_alias_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_contact_alias_contact_id"))
    op.drop_table("contact_alias")
