"""Installations (OAuth) and their states. Tokens arrive and leave here already encrypted: storage never sees one
in clear."""

from datetime import UTC, datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import Installation, OAuthState, Workspace
from storage.queries.base import insert_if_absent


def get_installation(session: Session, *, team_id: str, for_update: bool = False) -> Installation | None:
    """The workspace's installation; `for_update` locks its row (PostgreSQL; SQLite's writer holds the database)."""
    statement = select(Installation).where(Installation.team_id == team_id)
    if for_update:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def installed_team_ids(session: Session) -> list[str]:
    return list(session.exec(select(Installation.team_id).order_by(col(Installation.id))).all())


def all_installations(session: Session) -> list[Installation]:
    return list(session.exec(select(Installation).order_by(col(Installation.id))).all())


def delete_installation(session: Session, *, team_id: str) -> bool:
    result = session.connection().execute(delete(Installation).where(col(Installation.team_id) == team_id))
    return bool(result.rowcount)


def mark_uninstalled(session: Session, *, team_id: str, at: datetime | None) -> None:
    """Sets (or, with None, clears) when the workspace was uninstalled; an earlier mark is kept."""
    statement = update(Workspace).where(col(Workspace.team_id) == team_id)
    if at is not None:
        statement = statement.where(col(Workspace.uninstalled_at).is_(None))
    session.connection().execute(statement.values(uninstalled_at=at))


def uninstalled_before(session: Session, *, before: datetime) -> list[Workspace]:
    """Workspaces uninstalled before `before` and not installed again."""
    return list(
        session.exec(
            select(Workspace).where(
                col(Workspace.uninstalled_at).is_not(None),
                col(Workspace.uninstalled_at) < before,
                col(Workspace.team_id).not_in(select(Installation.team_id)),
            )
        ).all()
    )


def delete_workspace(session: Session, *, workspace_id: int) -> None:
    """The workspace and, by the foreign keys' ON DELETE CASCADE, every row that belongs to it."""
    session.connection().execute(delete(Workspace).where(col(Workspace.id) == workspace_id))


def add_state(session: Session, *, state: str, expires_at: datetime) -> None:
    insert_if_absent(session, OAuthState, {"state": state, "expires_at": expires_at}, ["state"])


def take_state(session: Session, *, state: str, now: datetime) -> bool:
    """Deletes the state; True only when it existed and had not expired — so each state is good once."""
    result = session.connection().execute(
        delete(OAuthState).where(col(OAuthState.state) == state).returning(col(OAuthState.expires_at))
    )
    row = result.first()
    return row is not None and _aware(row[0]) > now


def delete_states_before(session: Session, *, before: datetime) -> int:
    result = session.connection().execute(delete(OAuthState).where(col(OAuthState.expires_at) < before))
    return int(result.rowcount or 0)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
