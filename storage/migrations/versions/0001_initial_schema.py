"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:38:13.332459
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "processed_event",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("processed_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processed_event_received_at"), ["received_at"], unique=False)

    op.create_table(
        "workspace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id"),
    )
    op.create_table(
        "colleague",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("slack_locale", sa.String(length=16), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("display_name", sa.String(length=128), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("profile_fetched_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "user_id"),
    )
    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_colleague_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "pending_command",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pending_command", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_command_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "supplier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=75), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("last_touch_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "name_key"),
    )
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.create_index("ix_supplier_last_touch", ["workspace_id", "archived", "last_touch_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_supplier_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=75), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=75), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("supplier_id", "name_key"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_supplier_id"), ["supplier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("logged_by", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("visibility", sa.String(length=8), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_supplier_time", ["supplier_id", "occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_interaction_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "supplier_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=75), nullable=False),
        sa.Column("alias_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "alias_key"),
    )
    with op.batch_alter_table("supplier_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supplier_alias_supplier_id"), ["supplier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supplier_alias_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("done_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_interaction_id"), ["interaction_id"], unique=False)
        batch_op.create_index("ix_follow_up_owner", ["workspace_id", "owner_id", "status", "due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_supplier_id"), ["supplier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "interaction_colleague",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("interaction_id", "user_id"),
    )
    op.create_table(
        "interaction_contact",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("interaction_id", "contact_id"),
    )
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_contact_contact_id"), ["contact_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_contact_contact_id"))

    op.drop_table("interaction_contact")
    op.drop_table("interaction_colleague")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_supplier_id"))
        batch_op.drop_index("ix_follow_up_owner")
        batch_op.drop_index(batch_op.f("ix_follow_up_interaction_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("supplier_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_alias_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_supplier_alias_supplier_id"))

    op.drop_table("supplier_alias")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_workspace_id"))
        batch_op.drop_index("ix_interaction_supplier_time")

    op.drop_table("interaction")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_contact_supplier_id"))

    op.drop_table("contact")
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_workspace_id"))
        batch_op.drop_index("ix_supplier_last_touch")

    op.drop_table("supplier")
    with op.batch_alter_table("pending_command", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_command_workspace_id"))

    op.drop_table("pending_command")
    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_colleague_workspace_id"))

    op.drop_table("colleague")
    op.drop_table("workspace")
    with op.batch_alter_table("processed_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_event_received_at"))

    op.drop_table("processed_event")
