"""colleague.is_guest: Slack's guests (restricted and ultra-restricted accounts) are refused everything

A supplier's own people are often guests in the workspace; the flag is cached from Slack's directory like is_admin.
Frozen in time like every migration: no imports from the application.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_guest", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.drop_column("is_guest")
