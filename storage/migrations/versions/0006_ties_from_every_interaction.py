"""ties from every interaction, private notes too

That two people met is not the note's text: ties are rebuilt from all interactions. Who may see a tie's dates and
counts is decided when it is shown. Plain SQL, frozen in time like every migration.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REBUILD = """
INSERT INTO tie (contact_id, user_id, workspace_id, supplier_id, interactions, last_touch_at)
SELECT ic.contact_id, icol.user_id, i.workspace_id, i.supplier_id, COUNT(*), MAX(i.occurred_at)
FROM interaction i
JOIN interaction_contact ic ON ic.interaction_id = i.id
JOIN interaction_colleague icol ON icol.interaction_id = i.id
{where}
GROUP BY ic.contact_id, icol.user_id, i.workspace_id, i.supplier_id
"""


def upgrade() -> None:
    op.execute("DELETE FROM tie")
    op.execute(_REBUILD.format(where=""))


def downgrade() -> None:
    op.execute("DELETE FROM tie")
    op.execute(_REBUILD.format(where="WHERE i.visibility = 'team'"))
