"""Import: an interaction's id in the system it was imported from, so re-importing a file changes nothing.

- interaction.external_id: the `external_id` column of an imported history file (an ERP/SRM's own key); unique per
  workspace. None for everything logged in Slack (NULLs never clash in a unique index, on either engine).

Frozen in time like every migration: no imports from the application.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=128), nullable=True))
        batch_op.create_index("ix_interaction_external_id", ["workspace_id", "external_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_external_id")
        batch_op.drop_column("external_id")
