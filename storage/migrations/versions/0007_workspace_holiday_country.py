"""workspace holiday country

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 10:00:00.000000

A workspace may name a country (a code the `holidays` library knows); nudges and digests then skip its public
holidays. NULL: off, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holiday_country", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("holiday_country")
