"""Customer-of-choice pulse: how a supplier experiences us, in our view and in theirs

- pulse_link: a link a supplier's contact opens to answer; only the SHA-256 of its token is kept. Valid until
  expires_at, single use (answered_at), revoked when a newer link goes to the same contact (revoked_at).
- pulse_answer: one answer, ours (`side` = "ours": a colleague's one tap or quarterly look) or theirs ("theirs": a
  contact on the page). Drivers and the relative question are 1–5 or NULL; `overall` is the one tap.
- pulse_ask: when someone was asked for our view — a one tap after a note (period NULL), or a quarter's Rate buttons
  (period "2027Q1", claimed once per owner and quarter by the unique constraint).

Frozen in time like every migration: no imports from the application.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DRIVERS = ("growth", "profitability", "operational", "reliability", "support", "involvement", "accessibility")


def upgrade() -> None:
    op.create_table(
        "pulse_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_pulse_link_workspace_id", "pulse_link", ["workspace_id"])
    op.create_index("ix_pulse_link_supplier_id", "pulse_link", ["supplier_id"])
    op.create_index("ix_pulse_link_contact", "pulse_link", ["workspace_id", "contact_id"])

    op.create_table(
        "pulse_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("answered_by", sa.String(length=32), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("overall", sa.Integer(), nullable=True),
        *(sa.Column(driver, sa.Integer(), nullable=True) for driver in DRIVERS),
        sa.Column("relative", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["link_id"], ["pulse_link.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("link_id"),
    )
    op.create_index("ix_pulse_answer_workspace_id", "pulse_answer", ["workspace_id"])
    op.create_index("ix_pulse_answer_supplier", "pulse_answer", ["workspace_id", "supplier_id", "side", "answered_at"])

    op.create_table(
        "pulse_ask",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "user_id", "kind", "period"),
    )
    op.create_index("ix_pulse_ask_workspace_id", "pulse_ask", ["workspace_id"])
    op.create_index("ix_pulse_ask_supplier", "pulse_ask", ["workspace_id", "supplier_id", "asked_at"])
    op.create_index("ix_pulse_ask_user", "pulse_ask", ["workspace_id", "user_id", "asked_at"])


def downgrade() -> None:
    op.drop_table("pulse_ask")
    op.drop_table("pulse_answer")
    op.drop_table("pulse_link")
