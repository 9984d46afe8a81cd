"""Installations (OAuth) and their states. Tokens arrive and leave here already encrypted: storage never sees one
in clear."""

from datetime import UTC, datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import Installation, OAuthState, Workspace
from storage.queries.base import insert_if_absent


def get_installation(
    session: Session, *, team_id: str, for_update: bool = False, skip_locked: bool = False
) -> Installation | None:
    """The workspace's installation; `for_update` locks its row (PostgreSQL; SQLite's writer holds the database),
    and with `skip_locked` a row another transaction holds comes back as None instead of being waited for."""
    statement = select(Installation).where(Installation.team_id == team_id)
    if for_update:
        statement = statement.with_for_update(skip_locked=skip_locked)
    return session.exec(statement).first()


def installed_team_ids(session: Session) -> list[str]:
    return list(session.exec(select(Installation.team_id).order_by(col(Installation.id))).all())


def all_installations(session: Session, *, for_update: bool = False) -> list[Installation]:
    """Every installation; `for_update` locks the rows, so a token refreshed meanwhile waits instead of being
    overwritten."""
    statement = select(Installation).order_by(col(Installation.id))
    if for_update:
        statement = statement.with_for_update()
    return list(session.exec(statement).all())


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
    """Workspaces uninstalled before `before` and not installed again, their rows locked: a re-install (which
    clears the mark under the same lock) waits for the deletion or is seen by it."""
    return list(
        session.exec(
            select(Workspace)
            .where(
                col(Workspace.uninstalled_at).is_not(None),
                col(Workspace.uninstalled_at) < before,
                col(Workspace.team_id).not_in(select(Installation.team_id)),
            )
            .with_for_update(of=Workspace)
        ).all()
    )


def delete_uninstalled_workspace(session: Session, *, workspace_id: int, before: datetime) -> bool:
    """The workspace and, by the foreign keys' ON DELETE CASCADE, every row that belongs to it — only while it is
    still marked uninstalled before `before` and has no installation; True when it was deleted."""
    result = session.connection().execute(
        delete(Workspace).where(
            col(Workspace.id) == workspace_id,
            col(Workspace.uninstalled_at).is_not(None),
            col(Workspace.uninstalled_at) < before,
            col(Workspace.team_id).not_in(select(Installation.team_id)),
        )
    )
    return bool(result.rowcount)


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
