"""nudges: cadences, next nudge, delivery log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:11:44.271654
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lease_until", storage.models.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("items", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("sent_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_workspace_id"), ["workspace_id"], unique=False)

    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("is_bot", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("paused_until", sa.Date(), nullable=True))

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cadence_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_touch_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("due_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("next_nudge_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contact_due_at"), ["due_at"], unique=False)
        batch_op.add_column(sa.Column("snoozed_until", storage.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_nudged_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contact_next_nudge_at"), ["next_nudge_at"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snoozed_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_nudged_at", storage.models.UTCDateTime(), nullable=True))

    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_supplier_due_at"), ["due_at"], unique=False)
        batch_op.add_column(sa.Column("next_nudge_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("snoozed_until", storage.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_nudged_at", storage.models.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_supplier_next_nudge_at"), ["next_nudge_at"], unique=False)

    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cadence_strategic", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cadence_bottleneck", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cadence_leverage", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cadence_routine", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("renudge_days", sa.Integer(), nullable=False, server_default="7"))
        batch_op.add_column(sa.Column("work_start_minute", sa.Integer(), nullable=False, server_default="540"))
        batch_op.add_column(sa.Column("work_end_minute", sa.Integer(), nullable=False, server_default="1020"))
        batch_op.add_column(sa.Column("users_synced_at", storage.models.UTCDateTime(), nullable=True))

    _backfill_next_nudge()
    op.execute(
        """
        UPDATE contact SET last_touch_at = (
            SELECT MAX(i.occurred_at) FROM interaction i
            JOIN interaction_contact x ON x.interaction_id = i.id
            WHERE x.contact_id = contact.id
        )
        """
    )


# The segment defaults as they were when this revision was written: a migration is frozen in time, so it never
# reads the application's current defaults.
DEFAULT_CADENCE_DAYS: dict[str, int | None] = {"strategic": 14, "bottleneck": 30, "leverage": 60, "routine": None}


def _backfill_next_nudge() -> None:
    """Suppliers logged before this revision get their first next-nudge time from the segment defaults."""
    from datetime import timedelta

    supplier = sa.table(
        "supplier",
        sa.column("id", sa.Integer()),
        sa.column("segment", sa.String()),
        sa.column("cadence_days", sa.Integer()),
        sa.column("archived", sa.Boolean()),
        sa.column("created_at", storage.models.UTCDateTime()),
        sa.column("last_touch_at", storage.models.UTCDateTime()),
        sa.column("due_at", storage.models.UTCDateTime()),
        sa.column("next_nudge_at", storage.models.UTCDateTime()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            supplier.c.id, supplier.c.segment, supplier.c.cadence_days, supplier.c.created_at, supplier.c.last_touch_at
        ).where(supplier.c.archived.is_(False))
    ).all()
    for supplier_id, segment, override, created_at, last_touch_at in rows:
        days = override if override is not None else DEFAULT_CADENCE_DAYS.get(segment)
        if days:
            due = (last_touch_at or created_at) + timedelta(days=days)
            bind.execute(sa.update(supplier).where(supplier.c.id == supplier_id).values(due_at=due, next_nudge_at=due))


def downgrade() -> None:

    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("users_synced_at")
        batch_op.drop_column("work_end_minute")
        batch_op.drop_column("work_start_minute")
        batch_op.drop_column("renudge_days")
        batch_op.drop_column("cadence_routine")
        batch_op.drop_column("cadence_leverage")
        batch_op.drop_column("cadence_bottleneck")
        batch_op.drop_column("cadence_strategic")

    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_next_nudge_at"))
        batch_op.drop_index(batch_op.f("ix_supplier_due_at"))
        batch_op.drop_column("due_at")
        batch_op.drop_column("last_nudged_at")
        batch_op.drop_column("snoozed_until")
        batch_op.drop_column("next_nudge_at")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_column("last_nudged_at")
        batch_op.drop_column("snoozed_until")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_next_nudge_at"))
        batch_op.drop_index(batch_op.f("ix_contact_due_at"))
        batch_op.drop_column("due_at")
        batch_op.drop_column("last_nudged_at")
        batch_op.drop_column("snoozed_until")
        batch_op.drop_column("next_nudge_at")
        batch_op.drop_column("last_touch_at")
        batch_op.drop_column("cadence_days")

    with op.batch_alter_table("colleague", schema=None) as batch_op:
        batch_op.drop_column("paused_until")
        batch_op.drop_column("is_bot")
        batch_op.drop_column("is_admin")

    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_workspace_id"))

    op.drop_table("delivery")
