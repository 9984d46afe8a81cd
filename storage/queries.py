"""Query functions: keyword-only, take a Session, scoped by workspace, never commit (the caller owns the unit)."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, delete, false, func, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    Colleague,
    Contact,
    Delivery,
    FollowUp,
    Interaction,
    InteractionColleague,
    InteractionContact,
    PendingCommand,
    ProcessedEvent,
    Supplier,
    SupplierAlias,
    Tie,
    Workspace,
)


def insert_if_absent(session: Session, model: type[SQLModel], values: dict[str, Any], keys: Sequence[str]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on both engines; True when this call inserted the row."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__  # type: ignore[attr-defined]
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys)).returning(table.c[keys[0]])
    # RETURNING tells whether this call inserted: rowcount is -1 here with psycopg 3.
    return session.connection().execute(stmt).first() is not None


# --- workspaces and colleagues -------------------------------------------------------------------------------


def get_workspace(session: Session, *, team_id: str) -> Workspace | None:
    return session.exec(select(Workspace).where(Workspace.team_id == team_id)).first()


def ensure_workspace(session: Session, *, team_id: str, enterprise_id: str | None, now: datetime) -> Workspace:
    insert_if_absent(
        session, Workspace, {"team_id": team_id, "enterprise_id": enterprise_id, "created_at": now}, ["team_id"]
    )
    workspace = get_workspace(session, team_id=team_id)
    assert workspace is not None
    return workspace


def get_colleague(session: Session, *, workspace_id: int, user_id: str) -> Colleague | None:
    return session.exec(
        select(Colleague).where(Colleague.workspace_id == workspace_id, Colleague.user_id == user_id)
    ).first()


def ensure_colleague(session: Session, *, workspace_id: int, user_id: str) -> Colleague:
    insert_if_absent(
        session, Colleague, {"workspace_id": workspace_id, "user_id": user_id}, ["workspace_id", "user_id"]
    )
    colleague = get_colleague(session, workspace_id=workspace_id, user_id=user_id)
    assert colleague is not None
    return colleague


def language_settings(session: Session, *, team_id: str, user_id: str) -> tuple[str | None, str | None, str | None]:
    """(user's own language, workspace default, cached Slack locale) in one query."""
    row = session.exec(
        select(Colleague.language, Workspace.language, Colleague.slack_locale)
        .select_from(Workspace)
        .outerjoin(Colleague, (col(Colleague.workspace_id) == col(Workspace.id)) & (col(Colleague.user_id) == user_id))
        .where(Workspace.team_id == team_id)
    ).first()
    if row is None:
        return None, None, None
    return row[0], row[1], row[2]


# --- suppliers ---------------------------------------------------------------------------------------------


def get_supplier(session: Session, *, workspace_id: int, supplier_id: int) -> Supplier | None:
    return session.exec(
        select(Supplier).where(Supplier.workspace_id == workspace_id, Supplier.id == supplier_id)
    ).first()


def supplier_by_key(session: Session, *, workspace_id: int, key: str) -> Supplier | None:
    return session.exec(select(Supplier).where(Supplier.workspace_id == workspace_id, Supplier.name_key == key)).first()


def supplier_by_alias_key(session: Session, *, workspace_id: int, key: str) -> Supplier | None:
    return session.exec(
        select(Supplier)
        .join(SupplierAlias, col(SupplierAlias.supplier_id) == col(Supplier.id))
        .where(SupplierAlias.workspace_id == workspace_id, SupplierAlias.alias_key == key)
    ).first()


def suppliers_by_prefix(
    session: Session, *, workspace_id: int, prefix: str, include_archived: bool, limit: int
) -> list[Supplier]:
    """Suppliers whose name or an alias starts with the key prefix, by name."""
    alias_hit = (
        select(SupplierAlias.supplier_id)
        .where(SupplierAlias.workspace_id == workspace_id)
        .where(col(SupplierAlias.alias_key).startswith(prefix, autoescape=True))
    )
    stmt = select(Supplier).where(
        Supplier.workspace_id == workspace_id,
        or_(col(Supplier.name_key).startswith(prefix, autoescape=True), col(Supplier.id).in_(alias_hit)),
    )
    if not include_archived:
        stmt = stmt.where(col(Supplier.archived).is_(False))
    return list(session.exec(stmt.order_by(col(Supplier.name_key)).limit(limit)).all())


def suppliers_containing(session: Session, *, workspace_id: int, fragment: str, limit: int) -> list[Supplier]:
    """Active suppliers whose name key contains the fragment: the type-ahead of the capture modal."""
    return list(
        session.exec(
            select(Supplier)
            .where(
                Supplier.workspace_id == workspace_id,
                col(Supplier.archived).is_(False),
                col(Supplier.name_key).contains(fragment, autoescape=True),
            )
            .order_by(col(Supplier.name_key))
            .limit(limit)
        ).all()
    )


def list_suppliers(session: Session, *, workspace_id: int, include_archived: bool) -> list[Supplier]:
    stmt = select(Supplier).where(Supplier.workspace_id == workspace_id)
    if not include_archived:
        stmt = stmt.where(col(Supplier.archived).is_(False))
    return list(session.exec(stmt.order_by(col(Supplier.archived), col(Supplier.name_key))).all())


def aliases_of(session: Session, *, workspace_id: int, supplier_id: int) -> list[SupplierAlias]:
    return list(
        session.exec(
            select(SupplierAlias)
            .where(SupplierAlias.workspace_id == workspace_id, SupplierAlias.supplier_id == supplier_id)
            .order_by(col(SupplierAlias.alias_key))
        ).all()
    )


def alias_key_taken(session: Session, *, workspace_id: int, key: str) -> bool:
    return (
        session.exec(
            select(SupplierAlias.id).where(SupplierAlias.workspace_id == workspace_id, SupplierAlias.alias_key == key)
        ).first()
        is not None
    )


# --- contacts ----------------------------------------------------------------------------------------------


def contacts_of(
    session: Session, *, workspace_id: int, supplier_id: int, include_removed: bool = False
) -> list[Contact]:
    stmt = select(Contact).where(Contact.workspace_id == workspace_id, Contact.supplier_id == supplier_id)
    if not include_removed:
        stmt = stmt.where(col(Contact.removed).is_(False))
    return list(session.exec(stmt.order_by(col(Contact.name_key))).all())


def contact_by_key(session: Session, *, workspace_id: int, supplier_id: int, key: str) -> Contact | None:
    return session.exec(
        select(Contact).where(
            Contact.workspace_id == workspace_id, Contact.supplier_id == supplier_id, Contact.name_key == key
        )
    ).first()


def contacts_by_ids(session: Session, *, workspace_id: int, supplier_id: int, ids: Iterable[int]) -> list[Contact]:
    wanted = list(ids)
    if not wanted:
        return []
    return list(
        session.exec(
            select(Contact).where(
                Contact.workspace_id == workspace_id, Contact.supplier_id == supplier_id, col(Contact.id).in_(wanted)
            )
        ).all()
    )


# --- interactions ------------------------------------------------------------------------------------------


def add_participants(
    session: Session, *, interaction_id: int, contact_ids: Iterable[int], colleague_ids: Iterable[str]
) -> None:
    for contact_id in sorted(set(contact_ids)):
        session.add(InteractionContact(interaction_id=interaction_id, contact_id=contact_id))
    for user_id in sorted(set(colleague_ids)):
        session.add(InteractionColleague(interaction_id=interaction_id, user_id=user_id))


def get_interaction(session: Session, *, workspace_id: int, interaction_id: int) -> Interaction | None:
    return session.exec(
        select(Interaction).where(Interaction.workspace_id == workspace_id, Interaction.id == interaction_id)
    ).first()


def latest_interaction_time(session: Session, *, supplier_id: int) -> datetime | None:
    return session.exec(select(func.max(Interaction.occurred_at)).where(Interaction.supplier_id == supplier_id)).one()


def move_last_touch_forward(session: Session, *, supplier_id: int, at: datetime) -> None:
    """The last touch only moves forward: a back-dated interaction never makes it older."""
    session.execute(
        update(Supplier)
        .where(col(Supplier.id) == supplier_id)
        .where(or_(col(Supplier.last_touch_at).is_(None), col(Supplier.last_touch_at) < at))
        .values(last_touch_at=at)
    )


def recompute_last_touch(session: Session, *, supplier_id: int) -> None:
    latest = latest_interaction_time(session, supplier_id=supplier_id)
    session.execute(update(Supplier).where(col(Supplier.id) == supplier_id).values(last_touch_at=latest))


def move_contacts_touch_forward(session: Session, *, contact_ids: Sequence[int], at: datetime) -> None:
    if not contact_ids:
        return
    session.execute(
        update(Contact)
        .where(col(Contact.id).in_(contact_ids))
        .where(or_(col(Contact.last_touch_at).is_(None), col(Contact.last_touch_at) < at))
        .values(last_touch_at=at)
    )


def recompute_contacts_touch(session: Session, *, contact_ids: Sequence[int]) -> None:
    for contact_id in contact_ids:
        latest = session.exec(
            select(func.max(Interaction.occurred_at))
            .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
            .where(InteractionContact.contact_id == contact_id)
        ).one()
        session.execute(update(Contact).where(col(Contact.id) == contact_id).values(last_touch_at=latest))


def contact_ids_of_interaction(session: Session, *, interaction_id: int) -> list[int]:
    return list(
        session.exec(select(InteractionContact.contact_id).where(InteractionContact.interaction_id == interaction_id))
    )


def delete_interaction(session: Session, *, workspace_id: int, interaction_id: int) -> None:
    """Deletes the interaction with its participants and the follow-ups it created."""
    session.execute(delete(FollowUp).where(col(FollowUp.interaction_id) == interaction_id))
    session.execute(delete(InteractionContact).where(col(InteractionContact.interaction_id) == interaction_id))
    session.execute(delete(InteractionColleague).where(col(InteractionColleague.interaction_id) == interaction_id))
    session.execute(
        delete(Interaction).where(col(Interaction.workspace_id) == workspace_id, col(Interaction.id) == interaction_id)
    )


def visible_interactions(
    session: Session, *, workspace_id: int, supplier_id: int, viewer_id: str, limit: int
) -> list[Interaction]:
    """Team-visible interactions plus the viewer's own private ones, newest first."""
    return list(
        session.exec(
            select(Interaction)
            .where(
                Interaction.workspace_id == workspace_id,
                Interaction.supplier_id == supplier_id,
                or_(col(Interaction.visibility) == "team", col(Interaction.logged_by) == viewer_id),
            )
            .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
            .limit(limit)
        ).all()
    )


def participants_of(
    session: Session, *, interaction_ids: Sequence[int]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Contact names and colleague ids per interaction, in two queries rather than one per row."""
    contacts: dict[int, list[str]] = {i: [] for i in interaction_ids}
    colleagues: dict[int, list[str]] = {i: [] for i in interaction_ids}
    if not interaction_ids:
        return contacts, colleagues
    for interaction_id, name in session.exec(
        select(InteractionContact.interaction_id, Contact.name)
        .join(Contact, col(Contact.id) == col(InteractionContact.contact_id))
        .where(col(InteractionContact.interaction_id).in_(interaction_ids))
        .order_by(col(Contact.name_key))
    ).all():
        contacts[interaction_id].append(name)
    for interaction_id, user_id in session.exec(
        select(InteractionColleague.interaction_id, InteractionColleague.user_id)
        .where(col(InteractionColleague.interaction_id).in_(interaction_ids))
        .order_by(col(InteractionColleague.user_id))
    ).all():
        colleagues[interaction_id].append(user_id)
    return contacts, colleagues


def ties_of_supplier(
    session: Session, *, workspace_id: int, supplier_id: int, viewer_id: str
) -> list[tuple[str, str, int, datetime]]:
    """(colleague, contact name, interactions, last touch) for every tie the viewer may see, strongest first."""
    count = func.count(col(Interaction.id))
    last = func.max(Interaction.occurred_at)
    rows = session.exec(
        select(InteractionColleague.user_id, Contact.name, count, last)
        .select_from(Interaction)
        .join(InteractionColleague, col(InteractionColleague.interaction_id) == col(Interaction.id))
        .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
        .join(Contact, col(Contact.id) == col(InteractionContact.contact_id))
        .where(
            Interaction.workspace_id == workspace_id,
            Interaction.supplier_id == supplier_id,
            or_(col(Interaction.visibility) == "team", col(Interaction.logged_by) == viewer_id),
        )
        .group_by(InteractionColleague.user_id, Contact.name)
        .order_by(count.desc(), last.desc())
    ).all()
    return [(user_id, name, int(n), when) for user_id, name, n, when in rows]


# --- follow-ups --------------------------------------------------------------------------------------------


def open_follow_ups_of_supplier(
    session: Session, *, workspace_id: int, supplier_id: int, viewer_id: str
) -> list[FollowUp]:
    """Open follow-ups of a supplier; those from someone's private note only for their author."""
    private_other = (
        select(Interaction.id)
        .where(Interaction.supplier_id == supplier_id, Interaction.visibility == "private")
        .where(Interaction.logged_by != viewer_id)
    )
    return list(
        session.exec(
            select(FollowUp)
            .where(
                FollowUp.workspace_id == workspace_id, FollowUp.supplier_id == supplier_id, FollowUp.status == "open"
            )
            .where(or_(col(FollowUp.interaction_id).is_(None), col(FollowUp.interaction_id).not_in(private_other)))
            .order_by(col(FollowUp.due_date), col(FollowUp.id))
        ).all()
    )


# --- pending commands and events --------------------------------------------------------------------------


def take_pending(session: Session, *, workspace_id: int, pending_id: int, user_id: str) -> PendingCommand | None:
    pending = session.exec(
        select(PendingCommand).where(
            PendingCommand.workspace_id == workspace_id,
            PendingCommand.id == pending_id,
            PendingCommand.user_id == user_id,
        )
    ).first()
    if pending is not None:
        session.delete(pending)
    return pending


def get_pending(session: Session, *, workspace_id: int, pending_id: int, user_id: str) -> PendingCommand | None:
    return session.exec(
        select(PendingCommand).where(
            PendingCommand.workspace_id == workspace_id,
            PendingCommand.id == pending_id,
            PendingCommand.user_id == user_id,
        )
    ).first()


def delete_pending_before(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(PendingCommand).where(col(PendingCommand.created_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_events_before(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_event(session: Session, *, event_id: str, now: datetime) -> bool:
    """True for the first copy of an event; Slack's retries of it get False."""
    return insert_if_absent(session, ProcessedEvent, {"event_id": event_id, "received_at": now}, ["event_id"])


# --- nudges and deliveries --------------------------------------------------------------------------------


def workspaces_with_due(session: Session, *, now: datetime) -> list[Workspace]:
    """Workspaces with a supplier, key contact or follow-up that may be due now (index-only probes)."""
    due_suppliers = select(Supplier.workspace_id).where(col(Supplier.next_nudge_at) <= now).distinct()
    due_contacts = select(Contact.workspace_id).where(col(Contact.next_nudge_at) <= now).distinct()
    open_follow_ups = select(FollowUp.workspace_id).where(FollowUp.status == "open").distinct()
    return list(
        session.exec(
            select(Workspace)
            .where(
                or_(
                    col(Workspace.id).in_(due_suppliers),
                    col(Workspace.id).in_(due_contacts),
                    col(Workspace.id).in_(open_follow_ups),
                )
            )
            .order_by(col(Workspace.id))
        ).all()
    )


def due_suppliers(session: Session, *, workspace_id: int, now: datetime) -> Iterable[tuple[Any, ...]]:
    """(owner, id, name, due_at, last_touch_at) of suppliers that may be nudged now, by owner."""
    # Core rows straight from the connection: the ORM layer costs more than the query here.
    return session.connection().execute(
        sa_select(
            col(Supplier.owner_id),
            col(Supplier.id),
            col(Supplier.name),
            col(Supplier.due_at),
            col(Supplier.last_touch_at),
        )
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.next_nudge_at) <= now)
        .where(col(Supplier.archived) == false())
        .order_by(col(Supplier.owner_id), col(Supplier.due_at))
        .execution_options(yield_per=2000)
    )


def due_contacts(session: Session, *, workspace_id: int, now: datetime) -> Iterable[tuple[Any, ...]]:
    """(owner, contact id, contact name, supplier id, supplier name, due_at, last_touch_at) of quiet key contacts."""
    # Core rows straight from the connection: the ORM layer costs more than the query here.
    return session.connection().execute(
        sa_select(
            col(Supplier.owner_id),
            col(Contact.id),
            col(Contact.name),
            col(Supplier.id),
            col(Supplier.name),
            col(Contact.due_at),
            col(Contact.last_touch_at),
        )
        .join(Supplier, col(Supplier.id) == col(Contact.supplier_id))
        .where(col(Contact.workspace_id) == workspace_id, col(Contact.next_nudge_at) <= now)
        .where(col(Supplier.archived) == false(), col(Contact.removed) == false())
        .order_by(col(Supplier.owner_id), col(Contact.due_at))
    )


def due_follow_ups(
    session: Session, *, workspace_id: int, latest_due: date, renudged_before: datetime
) -> Iterable[tuple[Any, ...]]:
    """(owner, id, text, due_date, supplier id, supplier name, snoozed_until) of open follow-ups due by then."""
    # Core rows straight from the connection: the ORM layer costs more than the query here.
    return session.connection().execute(
        sa_select(
            col(FollowUp.owner_id),
            col(FollowUp.id),
            col(FollowUp.text),
            col(FollowUp.due_date),
            col(Supplier.id),
            col(Supplier.name),
            col(FollowUp.snoozed_until),
        )
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.status) == "open")
        .where(col(FollowUp.due_date) <= latest_due)
        .where(or_(col(FollowUp.last_nudged_at).is_(None), col(FollowUp.last_nudged_at) <= renudged_before))
        .where(col(Supplier.archived) == false())
        .order_by(col(FollowUp.owner_id), col(FollowUp.due_date))
    )


def time_zones_of(session: Session, *, workspace_id: int) -> dict[str, str | None]:
    """Every colleague's cached time zone, without loading whole rows."""
    rows = session.connection().execute(
        sa_select(col(Colleague.user_id), col(Colleague.tz)).where(col(Colleague.workspace_id) == workspace_id)
    )
    return {user_id: tz for user_id, tz in rows}


def colleagues_of(session: Session, *, workspace_id: int) -> dict[str, Colleague]:
    return {c.user_id: c for c in session.exec(select(Colleague).where(Colleague.workspace_id == workspace_id))}


def claim_delivery(
    session: Session, *, workspace_id: int, key: str, kind: str, recipient: str, now: datetime, lease_until: datetime
) -> Delivery | None:
    """Claims the delivery named `key`: new, or abandoned by a sender whose lease ran out. None: not ours to send."""
    inserted = insert_if_absent(
        session,
        Delivery,
        {
            "workspace_id": workspace_id,
            "key": key,
            "kind": kind,
            "recipient": recipient,
            "status": "claimed",
            "lease_until": lease_until,
            "attempts": 1,
            "created_at": now,
        },
        ["key"],
    )
    if not inserted:
        taken = session.connection().execute(
            update(Delivery)
            .where(col(Delivery.key) == key, col(Delivery.status) == "claimed", col(Delivery.lease_until) < now)
            .values(lease_until=lease_until, attempts=col(Delivery.attempts) + 1)
            .returning(col(Delivery.id))
        )
        if taken.first() is None:
            return None
    return session.exec(select(Delivery).where(Delivery.key == key)).one()


def get_delivery(session: Session, *, workspace_id: int, delivery_id: int) -> Delivery | None:
    return session.exec(
        select(Delivery).where(Delivery.workspace_id == workspace_id, Delivery.id == delivery_id)
    ).first()


def quiet_suppliers(
    session: Session, *, workspace_id: int, now: datetime, owner_id: str | None, limit: int
) -> tuple[list[Supplier], int]:
    """Active suppliers past their cadence, most overdue first, and how many there are in all."""
    stmt = select(Supplier).where(
        Supplier.workspace_id == workspace_id, col(Supplier.archived).is_(False), col(Supplier.due_at) <= now
    )
    if owner_id is not None:
        stmt = stmt.where(Supplier.owner_id == owner_id)
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    return list(session.exec(stmt.order_by(col(Supplier.due_at)).limit(limit)).all()), int(total)


def quiet_contacts(
    session: Session, *, workspace_id: int, now: datetime, owner_id: str | None, limit: int
) -> list[tuple[Contact, Supplier]]:
    stmt = (
        select(Contact, Supplier)
        .join(Supplier, col(Supplier.id) == col(Contact.supplier_id))
        .where(Contact.workspace_id == workspace_id, col(Contact.due_at) <= now)
        .where(col(Supplier.archived).is_(False), col(Contact.removed).is_(False))
    )
    if owner_id is not None:
        stmt = stmt.where(Supplier.owner_id == owner_id)
    return [(c, s) for c, s in session.exec(stmt.order_by(col(Contact.due_at)).limit(limit)).all()]


def open_follow_ups_of_owner(
    session: Session, *, workspace_id: int, owner_id: str, limit: int
) -> tuple[list[tuple[FollowUp, str]], int]:
    """The owner's open follow-ups, earliest due first, and how many there are in all."""
    stmt = (
        select(FollowUp, Supplier.name)
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(FollowUp.workspace_id == workspace_id, FollowUp.owner_id == owner_id, FollowUp.status == "open")
    )
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(col(FollowUp.due_date), col(FollowUp.id)).limit(limit)).all()
    return [(f, name) for f, name in rows], int(total)


def suppliers_of_owner(session: Session, *, workspace_id: int, owner_id: str, limit: int) -> list[Supplier]:
    """The owner's active suppliers, those that need attention first (no cadence last)."""
    return list(
        session.exec(
            select(Supplier)
            .where(
                Supplier.workspace_id == workspace_id,
                Supplier.owner_id == owner_id,
                col(Supplier.archived).is_(False),
            )
            .order_by(col(Supplier.due_at).is_(None), col(Supplier.due_at), col(Supplier.name_key))
            .limit(limit)
        ).all()
    )


# --- digests ---------------------------------------------------------------------------------------------


def _filtered(stmt: Any, *, segment: str | None, owner_id: str | None) -> Any:
    if segment is not None:
        stmt = stmt.where(col(Supplier.segment) == segment)
    if owner_id is not None:
        stmt = stmt.where(col(Supplier.owner_id) == owner_id)
    return stmt


def week_numbers(
    session: Session,
    *,
    workspace_id: int,
    previous: datetime,
    start: datetime,
    end: datetime,
    segment: str | None,
    owner_id: str | None,
) -> tuple[int, int, int, int]:
    """(interactions, suppliers touched, colleagues active) in [start, end) and the interactions in [previous,
    start), in one pass over the two weeks. Private notes count (in totals only)."""
    this_week = col(Interaction.occurred_at) >= start

    def this(value: Any) -> Any:
        return func.count(func.distinct(case((this_week, value))))

    stmt = (
        sa_select(
            this(col(Interaction.id)),
            this(col(Interaction.supplier_id)),
            this(col(InteractionColleague.user_id)),
            func.count(func.distinct(case((~this_week, col(Interaction.id))))),
        )
        .select_from(Interaction)
        .join(Supplier, col(Supplier.id) == col(Interaction.supplier_id))
        .outerjoin(InteractionColleague, col(InteractionColleague.interaction_id) == col(Interaction.id))
        .where(col(Interaction.workspace_id) == workspace_id)
        .where(col(Interaction.occurred_at) >= previous, col(Interaction.occurred_at) < end)
        .where(col(Supplier.archived) == false())
    )
    logged, touched, active, before = session.execute(_filtered(stmt, segment=segment, owner_id=owner_id)).one()
    return int(logged), int(touched), int(active), int(before)


def digest_quiet(
    session: Session, *, workspace_id: int, now: datetime, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str, datetime]], int]:
    """(name, owner, due_at) of quiet suppliers, most overdue first, and the total."""
    base = (
        sa_select(col(Supplier.name), col(Supplier.owner_id), col(Supplier.due_at))
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived).is_(False))
        .where(col(Supplier.due_at) <= now)
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(Supplier.due_at)).limit(limit)).all()
    return [(r[0], r[1], r[2]) for r in rows], int(total)


def single_threaded(
    session: Session, *, workspace_id: int, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str]], int]:
    """(supplier name, the one colleague) for strategic and bottleneck suppliers whose ties to their people run
    through a single colleague (ties come from team-visible interactions only)."""
    ties = (
        sa_select(
            col(Tie.supplier_id).label("supplier_id"),
            func.count(func.distinct(col(Tie.user_id))).label("people"),
            func.min(col(Tie.user_id)).label("colleague"),
        )
        .join(Contact, col(Contact.id) == col(Tie.contact_id))
        .join(
            Colleague,
            (col(Colleague.workspace_id) == col(Tie.workspace_id)) & (col(Colleague.user_id) == col(Tie.user_id)),
            isouter=True,
        )
        .where(col(Tie.workspace_id) == workspace_id, col(Contact.removed) == false())
        .where(or_(col(Colleague.deleted).is_(None), col(Colleague.deleted) == false()))
        .group_by(col(Tie.supplier_id))
        .subquery()
    )
    base = (
        sa_select(col(Supplier.name), ties.c.colleague)
        .join(ties, ties.c.supplier_id == col(Supplier.id))
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived) == false())
        .where(col(Supplier.segment).in_(("strategic", "bottleneck")), ties.c.people == 1)
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(Supplier.name_key)).limit(limit)).all()
    return [(r[0], r[1]) for r in rows], int(total)


def overdue_follow_ups(
    session: Session, *, workspace_id: int, before: date, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str, date, str]], int]:
    """(supplier, text, due date, owner) of open follow-ups due before `before`; never from a private note."""
    private = sa_select(col(Interaction.id)).where(
        col(Interaction.workspace_id) == workspace_id, col(Interaction.visibility) == "private"
    )
    base = (
        sa_select(col(Supplier.name), col(FollowUp.text), col(FollowUp.due_date), col(FollowUp.owner_id))
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.status) == "open")
        .where(col(FollowUp.due_date) < before, col(Supplier.archived).is_(False))
        .where(or_(col(FollowUp.interaction_id).is_(None), col(FollowUp.interaction_id).not_in(private)))
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(FollowUp.due_date)).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows], int(total)


def orphaned_suppliers(
    session: Session, *, workspace_id: int, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str]], int]:
    """(supplier, former owner) of active suppliers whose owner has left Slack."""
    base = (
        sa_select(col(Supplier.name), col(Supplier.owner_id))
        .join(
            Colleague,
            (col(Colleague.workspace_id) == col(Supplier.workspace_id))
            & (col(Colleague.user_id) == col(Supplier.owner_id)),
        )
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived).is_(False))
        .where(col(Colleague.deleted).is_(True))
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(Supplier.name_key)).limit(limit)).all()
    return [(r[0], r[1]) for r in rows], int(total)


def highlights(
    session: Session, *, workspace_id: int, start: datetime, end: datetime, owner_id: str | None, limit: int
) -> list[tuple[str, str, str, datetime]]:
    """(supplier, kind, summary, when) of the latest team-visible interactions with strategic suppliers."""
    base = (
        sa_select(col(Supplier.name), col(Interaction.kind), col(Interaction.summary), col(Interaction.occurred_at))
        .join(Supplier, col(Supplier.id) == col(Interaction.supplier_id))
        .where(col(Interaction.workspace_id) == workspace_id, col(Interaction.visibility) == "team")
        .where(col(Interaction.occurred_at) >= start, col(Interaction.occurred_at) < end)
        .where(col(Supplier.segment) == "strategic", col(Supplier.archived).is_(False))
    )
    base = _filtered(base, segment=None, owner_id=owner_id)
    rows = session.execute(base.order_by(col(Interaction.occurred_at).desc()).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


# --- ties ------------------------------------------------------------------------------------------------


def bump_ties(
    session: Session,
    *,
    workspace_id: int,
    supplier_id: int,
    contact_ids: Sequence[int],
    user_ids: Sequence[str],
    at: datetime,
) -> None:
    """One more team-visible interaction between each colleague and each contact in it."""
    for contact_id in sorted(set(contact_ids)):
        for user_id in sorted(set(user_ids)):
            insert_if_absent(
                session,
                Tie,
                {
                    "contact_id": contact_id,
                    "user_id": user_id,
                    "workspace_id": workspace_id,
                    "supplier_id": supplier_id,
                    "interactions": 0,
                    "last_touch_at": at,
                },
                ["contact_id", "user_id"],
            )
            session.execute(
                update(Tie)
                .where(col(Tie.contact_id) == contact_id, col(Tie.user_id) == user_id)
                .values(
                    interactions=col(Tie.interactions) + 1,
                    last_touch_at=case((col(Tie.last_touch_at) < at, at), else_=col(Tie.last_touch_at)),
                )
            )


def rebuild_ties(session: Session, *, contact_ids: Sequence[int]) -> None:
    """Ties of these contacts recomputed from their team-visible interactions (after an undo)."""
    if not contact_ids:
        return
    session.execute(delete(Tie).where(col(Tie.contact_id).in_(contact_ids)))
    aggregate = (
        sa_select(
            col(InteractionContact.contact_id),
            col(InteractionColleague.user_id),
            col(Interaction.workspace_id),
            col(Interaction.supplier_id),
            func.count(),
            func.max(col(Interaction.occurred_at)),
        )
        .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
        .join(InteractionColleague, col(InteractionColleague.interaction_id) == col(Interaction.id))
        .where(col(InteractionContact.contact_id).in_(contact_ids), col(Interaction.visibility) == "team")
        .group_by(
            col(InteractionContact.contact_id),
            col(InteractionColleague.user_id),
            col(Interaction.workspace_id),
            col(Interaction.supplier_id),
        )
    )
    for contact_id, user_id, workspace_id, supplier_id, count, last in session.connection().execute(aggregate).all():
        session.add(
            Tie(
                contact_id=contact_id,
                user_id=user_id,
                workspace_id=workspace_id,
                supplier_id=supplier_id,
                interactions=count,
                last_touch_at=last,
            )
        )
