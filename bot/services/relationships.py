"""The supplier card: cadence, last touch, who knows whom, recent interactions and open follow-ups."""

from dataclasses import dataclass
from datetime import date, datetime

from bot.clock import Clock
from bot.services.errors import SupplierNotFound
from bot.services.segments import effective_cadence
from bot.services.workspaces import Actor, existing_workspace_id
from storage import queries
from storage.db import Database

RECENT_LIMIT = 5


@dataclass(frozen=True)
class Tie:
    colleague_id: str
    contact_name: str
    interactions: int
    last_touch_at: datetime


@dataclass(frozen=True)
class RecentInteraction:
    id: int
    occurred_at: datetime
    kind: str
    summary: str
    logged_by: str
    private: bool
    contacts: list[str]
    permalink: str | None


@dataclass(frozen=True)
class OpenFollowUp:
    id: int
    text: str
    due_date: date
    owner_id: str


@dataclass(frozen=True)
class SupplierCard:
    supplier_id: int
    name: str
    segment: str
    owner_id: str
    archived: bool
    cadence_days: int | None
    last_touch_at: datetime | None
    days_since_touch: int | None
    aliases: list[str]
    contacts: list[tuple[str, str | None]]
    ties: list[Tie]
    recent: list[RecentInteraction]
    follow_ups: list[OpenFollowUp]


class RelationshipService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def card(self, actor: Actor, supplier_id: int) -> SupplierCard:
        """What `/covalis status` shows; private notes of others never appear, their ties included."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            supplier = (
                queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id)
                if workspace_id
                else None
            )
            if supplier is None or workspace_id is None or supplier.id is None:
                raise SupplierNotFound(str(supplier_id))
            aliases = [a.alias for a in queries.aliases_of(session, workspace_id=workspace_id, supplier_id=supplier.id)]
            contacts = [
                (c.name, c.role)
                for c in queries.contacts_of(session, workspace_id=workspace_id, supplier_id=supplier.id)
            ]
            ties = [
                Tie(*row)
                for row in queries.ties_of_supplier(
                    session, workspace_id=workspace_id, supplier_id=supplier.id, viewer_id=actor.user_id
                )
            ]
            interactions = queries.visible_interactions(
                session, workspace_id=workspace_id, supplier_id=supplier.id, viewer_id=actor.user_id, limit=RECENT_LIMIT
            )
            names, _ = queries.participants_of(session, interaction_ids=[i.id for i in interactions if i.id])
            recent = [
                RecentInteraction(
                    id=i.id,
                    occurred_at=i.occurred_at,
                    kind=i.kind,
                    summary=i.summary,
                    logged_by=i.logged_by,
                    private=i.visibility == "private",
                    contacts=names.get(i.id, []),
                    permalink=i.permalink,
                )
                for i in interactions
                if i.id is not None
            ]
            follow_ups = [
                OpenFollowUp(f.id, f.text, f.due_date, f.owner_id)
                for f in queries.open_follow_ups_of_supplier(
                    session, workspace_id=workspace_id, supplier_id=supplier.id, viewer_id=actor.user_id
                )
                if f.id is not None
            ]
            last = supplier.last_touch_at or None
            return SupplierCard(
                supplier_id=supplier.id,
                name=supplier.name,
                segment=supplier.segment,
                owner_id=supplier.owner_id,
                archived=supplier.archived,
                cadence_days=effective_cadence(supplier.segment, supplier.cadence_days),
                last_touch_at=last,
                days_since_touch=(now - last).days if last else None,
                aliases=aliases,
                contacts=contacts,
                ties=ties,
                recent=recent,
                follow_ups=follow_ups,
            )
