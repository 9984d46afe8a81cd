"""Workspaces and colleagues."""

from datetime import datetime

from sqlalchemy import select as sa_select  # sqlmodel's select types at most four columns
from sqlmodel import Session, col, select

from storage.models import Colleague, Workspace
from storage.queries.base import insert_if_absent


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


def departed_colleague_ids(session: Session, *, workspace_id: int) -> set[str]:
    """The user ids of colleagues Slack reports as deleted (left the workspace)."""
    return set(
        session.exec(
            select(Colleague.user_id).where(Colleague.workspace_id == workspace_id, col(Colleague.deleted).is_(True))
        ).all()
    )


def ensure_colleague(session: Session, *, workspace_id: int, user_id: str) -> Colleague:
    insert_if_absent(
        session, Colleague, {"workspace_id": workspace_id, "user_id": user_id}, ["workspace_id", "user_id"]
    )
    colleague = get_colleague(session, workspace_id=workspace_id, user_id=user_id)
    assert colleague is not None
    return colleague


def slack_locale_of(session: Session, *, team_id: str, user_id: str) -> str | None:
    """The user's Slack locale as last cached from Slack (None: not seen, or Slack gave none)."""
    return session.exec(
        select(Colleague.slack_locale)
        .join(Workspace, col(Workspace.id) == col(Colleague.workspace_id))
        .where(Workspace.team_id == team_id, Colleague.user_id == user_id)
    ).first()


def standing_of(
    session: Session, *, team_id: str, user_id: str
) -> tuple[str | None, str | None, str | None, str | None, datetime | None, bool | None] | None:
    """(own language, workspace default, Slack locale, time zone, profile read at, guest) in one query; None when
    the workspace is unknown, the colleague's fields None when the user is."""
    row = session.execute(
        sa_select(
            col(Colleague.language),
            col(Workspace.language),
            col(Colleague.slack_locale),
            col(Colleague.tz),
            col(Colleague.profile_fetched_at),
            col(Colleague.is_guest),
        )
        .select_from(Workspace)
        .outerjoin(Colleague, (col(Colleague.workspace_id) == col(Workspace.id)) & (col(Colleague.user_id) == user_id))
        .where(col(Workspace.team_id) == team_id)
    ).first()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5])


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
