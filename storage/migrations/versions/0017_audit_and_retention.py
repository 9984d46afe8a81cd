"""Audit log and retention

- audit_entry: who changed what in a workspace — owner, segment, cadence and settings changes, merges, forgets,
  imports, exports, pulse links sent. `detail` is a JSON object; `actor_id` NULL for the operator or the tick.
- workspace.retention_months: note texts, follow-up texts, sent-nudge item texts and pulse comments older than
  this are removed by the tick (NULL: kept). workspace.audit_months: how long audit entries are kept (24).

Frozen in time like every migration: no imports from the application.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 01:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_entry_time", "audit_entry", ["workspace_id", "at"])
    op.create_index("ix_audit_entry_supplier", "audit_entry", ["workspace_id", "supplier_id", "at"])
    with op.batch_alter_table("workspace") as batch:
        batch.add_column(sa.Column("retention_months", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("audit_months", sa.Integer(), nullable=False, server_default="24"))


def downgrade() -> None:
    for column in ("audit_months", "retention_months"):
        if op.get_bind().dialect.name == "sqlite":
            # In place (SQLite 3.35+): a batch rebuild would drop the workspace table, and with it, by ON DELETE
            # CASCADE, every row that belongs to a workspace.
            op.execute(f"ALTER TABLE workspace DROP COLUMN {column}")
        else:
            op.drop_column("workspace", column)
    op.drop_index("ix_audit_entry_supplier", table_name="audit_entry")
    op.drop_index("ix_audit_entry_time", table_name="audit_entry")
    op.drop_table("audit_entry")
