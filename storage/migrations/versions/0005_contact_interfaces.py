"""contact interfaces, needed interfaces per segment

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:00:00.000000

Every contact gets an interface (the area they work in), guessed once from its role; each workspace may say which
interfaces a segment needs (NULL: the built-in default). The keyword table is a frozen copy of the one in
bot/services/interfaces.py as it was when this revision was written: later changes there don't rewrite history.
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEGMENTS = ("strategic", "bottleneck", "leverage", "routine")

ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "commercial",
        (
            "account",
            "key account",
            "business development",
            "bizdev",
            "customer service",
            "customer success",
            "marketing",
            "cco",
            "chief commercial officer",
            "relationship manager",
        ),
        (
            "sales",
            "verkoop",
            "verkoper",
            "commerci",
            "accountmanag",
            "accountbeheer",
            "klantenservice",
            "binnendienst",
            "buitendienst",
            "vertegenwoordiger",
            "relatiebeheer",
            "businessdevelop",
        ),
    ),
    (
        "quality",
        ("qa", "qc", "qhse", "hseq", "kam", "quality assurance", "quality control", "compliance"),
        ("quality", "kwaliteit", "inspect"),
    ),
    (
        "planning",
        (
            "supply chain",
            "scm",
            "s op",
            "operations",
            "order desk",
            "inventory",
            "materials",
            "scheduler",
            "scheduling",
        ),
        (
            "plann",
            "logisti",
            "supplychain",
            "warehouse",
            "magazijn",
            "expeditie",
            "transport",
            "dispatch",
            "orderdesk",
            "voorraad",
            "levertijd",
            "orderverwerk",
        ),
    ),
    (
        "engineering",
        ("r d", "rnd", "cto", "research", "product development", "product owner", "design", "constructeur"),
        ("engineer", "techni", "technolog", "ontwikkel", "ontwerp", "tekenaar"),
    ),
    (
        "finance",
        (
            "cfo",
            "controller",
            "controlling",
            "accountant",
            "accounting",
            "accounts payable",
            "accounts receivable",
            "credit control",
            "treasury",
            "billing",
            "administratie",
        ),
        ("financ", "boekhoud", "crediteur", "debiteur", "facturatie"),
    ),
    (
        "executive",
        (
            "ceo",
            "coo",
            "dga",
            "md",
            "vp",
            "owner",
            "founder",
            "president",
            "vice president",
            "director",
            "directrice",
            "managing director",
            "general manager",
            "chief",
            "board",
        ),
        ("directeur", "directie", "eigenaar", "oprichter", "bestuur", "bedrijfsleider"),
    ),
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def _guess(role: str | None) -> str:
    if not role:
        return "other"
    plain = _plain(role)
    padded = f" {plain} "
    compact = plain.replace(" ", "")
    for interface, words, stems in ROLE_KEYWORDS:
        if any(f" {w} " in padded for w in words) or any(s in compact for s in stems):
            return interface
    return "other"


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interface", sa.String(length=20), nullable=False, server_default="other"))
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        for segment in SEGMENTS:
            batch_op.add_column(sa.Column(f"interfaces_{segment}", sa.Text(), nullable=True))

    connection = op.get_bind()
    contact = sa.table("contact", sa.column("id", sa.Integer()), sa.column("role", sa.String()))
    by_interface: dict[str, list[int]] = {}
    for contact_id, role in connection.execute(
        sa.select(contact.c.id, contact.c.role).where(contact.c.role.is_not(None))
    ):
        interface = _guess(role)
        if interface != "other":
            by_interface.setdefault(interface, []).append(contact_id)
    update = sa.table("contact", sa.column("id", sa.Integer()), sa.column("interface", sa.String()))
    for interface, ids in by_interface.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            connection.execute(update.update().where(update.c.id.in_(chunk)).values(interface=interface))


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        for segment in reversed(SEGMENTS):
            batch_op.drop_column(f"interfaces_{segment}")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("interface")
