"""Who may change what, decided here from the database and COVALIS_ADMINS — never from a caller's say-so, so no
command, button or replayed payload can get around it."""

from sqlmodel import Session

from bot.services.errors import NotAllowed
from storage import queries
from storage.models import Supplier


class Rights:
    def __init__(self, admin_ids: frozenset[str]) -> None:
        self.admin_ids = admin_ids  # COVALIS_ADMINS

    def is_admin(self, session: Session, *, workspace_id: int, user_id: str) -> bool:
        """Slack workspace admins and owners (cached from Slack's directory), and the users in COVALIS_ADMINS."""
        if user_id in self.admin_ids:
            return True
        colleague = queries.get_colleague(session, workspace_id=workspace_id, user_id=user_id)
        return bool(colleague and colleague.is_admin)

    def require_member(self, session: Session, *, workspace_id: int, user_id: str) -> None:
        """Slack's guests (restricted and ultra-restricted accounts — often a supplier's own people) may do nothing."""
        colleague = queries.get_colleague(session, workspace_id=workspace_id, user_id=user_id)
        self.refuse_guest(colleague is not None and colleague.is_guest)

    def refuse_guest(self, guest: bool) -> None:
        if guest:
            raise NotAllowed("guest.refused")

    def require_admin(
        self, session: Session, *, workspace_id: int, user_id: str, key: str = "settings.not_allowed"
    ) -> None:
        """Refuses politely, naming who can: Slack's admins and owners, and anyone in COVALIS_ADMINS (`key` and
        `key_named` say what it is they can do)."""
        if not self.is_admin(session, workspace_id=workspace_id, user_id=user_id):
            named = ", ".join(f"<@{user}>" for user in sorted(self.admin_ids))
            raise NotAllowed(f"{key}_named" if named else key, admins=named)

    def require_operator(self, user_id: str) -> None:
        """Only the people the operator named in COVALIS_ADMINS — not every Slack admin — may take the workspace's
        data out of Covalis (the export in Slack)."""
        if user_id not in self.admin_ids:
            named = ", ".join(f"<@{user}>" for user in sorted(self.admin_ids))
            raise NotAllowed("export.not_allowed_named" if named else "export.not_allowed", admins=named)

    def may_change(self, session: Session, supplier: Supplier, user_id: str) -> bool:
        return supplier.owner_id == user_id or self.is_admin(
            session, workspace_id=supplier.workspace_id, user_id=user_id
        )

    def require_owner(
        self, session: Session, supplier: Supplier, user_id: str, key: str = "supplier.not_allowed"
    ) -> None:
        """The supplier's owner or an admin may change it; anyone else is told who owns it."""
        if not self.may_change(session, supplier, user_id):
            raise NotAllowed(key, name=supplier.name, owner=supplier.owner_id)
