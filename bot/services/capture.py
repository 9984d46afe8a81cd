"""Capture: logging interactions (one-line notes and the modal), their follow-ups, and undo."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import Enum

from sqlmodel import Session

from bot.clock import Clock, zone
from bot.services import cadence
from bot.services.errors import ContactAmbiguous, InvalidInput, NotAllowed, SupplierArchived, SupplierNotFound
from bot.services.forgetting import is_forgotten
from bot.services.notes import FOLLOW_UP_TEXT_MAX, KINDS, ContactName, understand_note
from bot.services.public_holidays import next_working_day
from bot.services.pulse import OURS, ask_after_note
from bot.services.rights import Rights
from bot.services.workspaces import Actor, existing_workspace_id, supplier_of
from bot.text import clean_name, clean_text
from storage import queries
from storage.db import Database
from storage.models import Contact, FollowUp, Interaction, Supplier, Workspace

SUMMARY_MAX = 40_000
SOURCES = ("command", "shortcut", "modal")


@dataclass(frozen=True)
class FollowUpRef:
    id: int
    text: str
    due_date: date
    promise: bool = False  # a promise to the supplier (bot/services/promises.py)


@dataclass(frozen=True)
class FollowUpAdded:
    id: int
    supplier_name: str
    text: str
    due_date: date


@dataclass(frozen=True)
class LoggedInteraction:
    id: int
    supplier_id: int
    supplier_name: str
    occurred_at: datetime
    kind: str
    summary: str
    private: bool
    contacts: list[str]
    colleague_ids: list[str]
    follow_up: FollowUpRef | None
    permalink: str | None
    follow_up_problem: str | None = None  # "no_date" / "past_date": a trigger was seen but no follow-up made
    follow_up_seen: str | None = None  # the words read as that trigger, to quote back
    supplier_has_contacts: bool = True  # False: "no contact was named" would be no use as a hint
    pulse_ask: bool = False  # the confirmation asks the one tap: how did the supplier seem to experience us?
    changed: tuple[str, ...] = ()  # after an edit: which of EDIT_FIELDS it changed, to confirm exactly that


EDIT_FIELDS = ("supplier", "date", "kind", "people", "text", "private")


@dataclass(frozen=True)
class EditableNote:
    """A logged note as the edit form starts from it: every field the capture form has, in the editor's zone."""

    id: int
    supplier_id: int
    supplier_name: str
    day: date
    kind: str
    summary: str
    contacts: list[tuple[int, str]]  # the note's people at the supplier, whether or not they are still there
    colleague_ids: list[str]  # who else took part (the author always does)
    private: bool
    author_id: str


@dataclass(frozen=True)
class InteractionDraft:
    """What the capture modal submits, already parsed from Slack's view state."""

    supplier_id: int
    day: date
    kind: str
    summary: str
    contact_ids: list[int]
    colleague_ids: list[str]
    private: bool
    source: str = "modal"
    channel_id: str | None = None
    message_ts: str | None = None
    permalink: str | None = None


class UndoOutcome(Enum):
    UNDONE = "undone"
    ALREADY = "already"
    NOT_YOURS = "not_yours"


def _refresh_schedule(session: Session, workspace_id: int, supplier_id: int) -> None:
    """Any logged interaction restarts the clock of the supplier and of the contacts who took part.

    Their last touch was just moved by SQL UPDATEs the session did not see: suppliers and contacts are read again;
    the rest of the session (the workspace, the new note) is still what is stored, so it is not re-read."""
    for held in list(session.identity_map.values()):
        if isinstance(held, Supplier | Contact):
            session.expire(held)
    workspace = session.get(Workspace, workspace_id)
    assert workspace is not None
    cadence.refresh_suppliers(session, workspace, [supplier_id])


def _still_asked(session: Session, interaction: Interaction) -> bool:
    """A confirmation drawn again keeps the one tap it asked, until someone on our side answers for the supplier."""
    workspace_id, supplier_id = interaction.workspace_id, interaction.supplier_id
    if not queries.pulse_asked(
        session,
        workspace_id=workspace_id,
        supplier_id=supplier_id,
        user_id=interaction.logged_by,
        at=interaction.created_at,
    ):
        return False
    answered = queries.latest_pulse_answer_at(session, workspace_id=workspace_id, supplier_id=supplier_id, side=OURS)
    return answered is None or answered < interaction.created_at


def _record_touch(session: Session, supplier: Supplier, at: datetime, contact_ids: list[int]) -> None:
    """A logged interaction moves the supplier's and its contacts' last touch forward and recomputes when the
    relationship is next due (ties are read from the interactions themselves)."""
    assert supplier.id is not None
    workspace_id = supplier.workspace_id
    queries.move_last_touch_forward(session, workspace_id=workspace_id, supplier_id=supplier.id, at=at)
    queries.move_contacts_touch_forward(session, workspace_id=workspace_id, contact_ids=contact_ids, at=at)
    _refresh_schedule(session, workspace_id, supplier.id)


def _remove(session: Session, interaction: Interaction) -> None:
    """Deletes a note with its people and follow-ups (its search entries go with it: ON DELETE CASCADE), then
    recomputes the supplier's and its contacts' last touch — which may move back — and the schedule."""
    assert interaction.id is not None
    workspace_id = interaction.workspace_id
    contact_ids = queries.contact_ids_of_interaction(session, interaction_id=interaction.id)
    queries.delete_interaction(session, workspace_id=workspace_id, interaction_id=interaction.id)
    queries.recompute_last_touch(session, workspace_id=workspace_id, supplier_id=interaction.supplier_id)
    queries.recompute_contacts_touch(session, workspace_id=workspace_id, contact_ids=contact_ids)
    session.expire_all()  # rows were deleted in bulk: nothing held may outlive them
    _refresh_schedule(session, workspace_id, interaction.supplier_id)


class CaptureService:
    def __init__(self, db: Database, clock: Clock, rights: Rights | None = None) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights  # admins may correct anyone's team-visible note

    def log_note(
        self, actor: Actor, supplier_id: int, raw_text: str, *, tz: str, contact_choice: int | None = None
    ) -> LoggedInteraction:
        """The one-line capture: `/covalis note <supplier>: <what happened>`.

        An archived supplier raises SupplierArchived, and a first name several contacts share ContactAmbiguous,
        before anything is written; `contact_choice` is the answer to that question (0: none of them).
        """
        text = clean_text(raw_text)
        if not text:
            raise InvalidInput("note.empty")
        if len(text) > SUMMARY_MAX:
            raise InvalidInput("note.too_long", max=SUMMARY_MAX)
        now = self.clock.now()
        local = zone(tz)
        today = now.astimezone(local).date()
        with self.db.write() as session:
            workspace, supplier = self._workspace_and_supplier(session, actor, supplier_id)
            assert supplier.id is not None
            assert workspace.id is not None
            if supplier.archived:
                raise SupplierArchived(supplier.id, supplier.name)
            contacts = queries.contacts_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)
            aliases = queries.contact_aliases_of(session, contact_ids=[c.id for c in contacts if c.id is not None])
            note = understand_note(
                text,
                author_id=actor.user_id,
                contacts=[
                    ContactName(c.id, c.name, c.left_at is not None, tuple(aliases.get(c.id, ())))
                    for c in contacts
                    if c.id is not None
                ],
                today=today,
                locale=queries.slack_locale_of(session, team_id=actor.team_id, user_id=actor.user_id),
            )
            if not note.summary:
                raise InvalidInput("note.empty")
            if contact_choice is None and note.ambiguous:
                first = note.ambiguous[0]
                raise ContactAmbiguous(first.word, [(c.id, c.name) for c in first.contacts])
            chosen = [c.id for c in contacts if c.id is not None and c.id == contact_choice]
            # A back-dated note ("gisteren …") happened at noon of that day, as the form records past days.
            occurred_at = now if note.occurred_on is None else datetime.combine(note.occurred_on, time(12), local)
            interaction = self._insert(
                session,
                supplier,
                actor,
                occurred_at=occurred_at,
                kind=note.kind,
                summary=note.summary,
                private=note.private,
                source="command",
                contact_ids=list(dict.fromkeys(note.contact_ids + chosen)),
                colleague_ids=note.colleague_ids,
            )
            follow_up = None
            if note.follow_up_due is not None and note.follow_up_text:
                follow_up = self._add_follow_up(
                    session,
                    supplier,
                    interaction,
                    actor.user_id,
                    note.follow_up_text,
                    note.follow_up_due,
                    promise=note.promise,
                )
            logged = self._logged(session, supplier, interaction, follow_up)
            return replace(
                logged,
                follow_up_problem=note.follow_up_problem,
                follow_up_seen=note.follow_up_seen,
                supplier_has_contacts=bool(contacts),
                pulse_ask=ask_after_note(session, supplier, actor.user_id, interaction.created_at),
            )

    def check_contacts(self, actor: Actor, supplier_id: int, contact_ids: Sequence[int]) -> None:
        """The form's contacts are still there (a form opened before a merge or a forget may name one that is not):
        InvalidInput `capture.contact_gone` when one is missing, checked before anything is saved."""
        if not contact_ids:
            return
        with self.db.read() as session:
            supplier = supplier_of(session, actor, supplier_id)
            if supplier is not None:
                _picked_contacts(session, supplier, contact_ids)

    def log_interaction(self, actor: Actor, draft: InteractionDraft, *, tz: str) -> LoggedInteraction:
        """The modal and the message shortcut: every field given explicitly."""
        summary = clean_text(draft.summary)
        if not summary:
            raise InvalidInput("note.empty")
        if draft.kind not in KINDS:
            raise InvalidInput("kind.unknown", kind=draft.kind)
        if draft.source not in SOURCES:
            raise InvalidInput("source.unknown", source=draft.source)
        now = self.clock.now()
        local = zone(tz)
        today = now.astimezone(local).date()
        if draft.day > today:
            raise InvalidInput("date.future")
        occurred_at = now if draft.day == today else datetime.combine(draft.day, time(12), local)
        with self.db.write() as session:
            workspace, supplier = self._workspace_and_supplier(session, actor, draft.supplier_id)
            assert supplier.id is not None
            assert workspace.id is not None
            contacts = _picked_contacts(session, supplier, draft.contact_ids)
            colleagues = [actor.user_id] + [u for u in draft.colleague_ids if u != actor.user_id]
            interaction = self._insert(
                session,
                supplier,
                actor,
                occurred_at=occurred_at,
                kind=draft.kind,
                summary=summary,
                private=draft.private,
                source=draft.source,
                contact_ids=[c.id for c in contacts if c.id is not None],
                colleague_ids=colleagues,
                channel_id=draft.channel_id,
                message_ts=draft.message_ts,
                permalink=draft.permalink,
            )
            # A follow-up typed in the form's text is read as a command's would be (the author's locale for 12/1),
            # and a trigger without a usable date is reported back rather than dropped.
            locale = queries.slack_locale_of(session, team_id=actor.team_id, user_id=actor.user_id)
            read = understand_note(summary, author_id=actor.user_id, contacts=[], today=today, locale=locale)
            follow_up = None
            if read.follow_up_due is not None and read.follow_up_text:
                follow_up = self._add_follow_up(
                    session,
                    supplier,
                    interaction,
                    actor.user_id,
                    read.follow_up_text,
                    read.follow_up_due,
                    promise=read.promise,
                )
            logged = self._logged(session, supplier, interaction, follow_up)
            has_contacts = bool(
                queries.contacts_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)
            )
            return replace(
                logged,
                follow_up_problem=read.follow_up_problem,
                follow_up_seen=read.follow_up_seen,
                supplier_has_contacts=has_contacts,
                pulse_ask=ask_after_note(session, supplier, actor.user_id, interaction.created_at),
            )

    def follow_up_draft(self, actor: Actor, interaction_id: int, *, tz: str) -> tuple[str, date]:
        """What "Add a follow-up" starts from, for the note's author only: its text, and the next working day where
        they are (weekends and the workspace's public holidays skipped)."""
        today = self.clock.now().astimezone(zone(tz)).date()
        with self.db.read() as session:
            interaction, _ = self._own_interaction(session, actor, interaction_id)
            workspace = session.get(Workspace, interaction.workspace_id)
            country = workspace.holiday_country if workspace is not None else None
            return interaction.summary, next_working_day(country, today)

    def add_follow_up_to(
        self, actor: Actor, interaction_id: int, raw_text: str, due: date, *, tz: str
    ) -> FollowUpAdded:
        """A follow-up the author gives by hand when the note's own words had no date (or one already past)."""
        text = clean_name(raw_text)
        if not text:
            raise InvalidInput("follow_up.text_empty")
        if len(text) > FOLLOW_UP_TEXT_MAX:
            raise InvalidInput("follow_up.text_too_long", max=FOLLOW_UP_TEXT_MAX)
        if due < self.clock.now().astimezone(zone(tz)).date():
            raise InvalidInput("follow_up.date_past")
        with self.db.write() as session:
            interaction, supplier = self._own_interaction(session, actor, interaction_id)
            follow_up = self._add_follow_up(session, supplier, interaction, actor.user_id, text, due)
            assert follow_up.id is not None
            return FollowUpAdded(follow_up.id, supplier.name, follow_up.text, follow_up.due_date)

    def logged(self, actor: Actor, interaction_id: int) -> LoggedInteraction:
        """The author's note as its confirmation shows it, read again (after its follow-up changed)."""
        with self.db.read() as session:
            interaction, supplier = self._own_interaction(session, actor, interaction_id)
            assert interaction.id is not None
            assert supplier.id is not None
            follow_up = queries.follow_up_of_interaction(
                session, workspace_id=supplier.workspace_id, interaction_id=interaction.id
            )
            logged = self._logged(session, supplier, interaction, follow_up)
            has_contacts = bool(
                queries.contacts_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)
            )
            return replace(logged, supplier_has_contacts=has_contacts, pulse_ask=_still_asked(session, interaction))

    def editable(self, actor: Actor, interaction_id: int, *, tz: str) -> EditableNote:
        """What the edit form is prefilled with, for whoever may edit the note (its author, an admin for a team
        note); someone else's private note is "gone", as if it did not exist."""
        with self.db.read() as session:
            interaction, supplier = self._editable(session, actor, interaction_id)
            assert interaction.id is not None
            assert supplier.id is not None
            contact_ids, colleagues = queries.participant_ids_of(session, interaction_ids=[interaction.id])
            contacts = queries.contacts_by_ids(
                session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, ids=contact_ids[interaction.id]
            )
            return EditableNote(
                id=interaction.id,
                supplier_id=supplier.id,
                supplier_name=supplier.name,
                day=interaction.occurred_at.astimezone(zone(tz)).date(),
                kind=interaction.kind,
                summary=interaction.summary,
                contacts=[(c.id, c.name) for c in sorted(contacts, key=lambda c: c.name_key) if c.id is not None],
                colleague_ids=[u for u in colleagues[interaction.id] if u != interaction.logged_by],
                private=interaction.visibility == "private",
                author_id=interaction.logged_by,
            )

    def edit(self, actor: Actor, interaction_id: int, draft: InteractionDraft, *, tz: str) -> LoggedInteraction:
        """Corrects a logged note after the fact — supplier, day, kind, people, text, private — for its author or an
        admin. Everything derived is recomputed in the same unit of work, as logging and undo do: the last touch of
        the suppliers and contacts it left and joined (it may move back), their schedules, its follow-ups' supplier,
        and the search index."""
        summary = clean_text(draft.summary)
        if not summary:
            raise InvalidInput("note.empty")
        if len(summary) > SUMMARY_MAX:
            raise InvalidInput("note.too_long", max=SUMMARY_MAX)
        if draft.kind not in KINDS:
            raise InvalidInput("kind.unknown", kind=draft.kind)
        local = zone(tz)
        if draft.day > self.clock.now().astimezone(local).date():
            raise InvalidInput("date.future")
        with self.db.write() as session:
            interaction, _ = self._editable(session, actor, interaction_id)
            assert interaction.id is not None
            supplier = self._supplier(session, actor, draft.supplier_id)
            assert supplier.id is not None
            workspace_id = supplier.workspace_id
            old_supplier_id = interaction.supplier_id
            old_contact_map, old_colleague_map = queries.participant_ids_of(session, interaction_ids=[interaction.id])
            old_contacts = old_contact_map[interaction.id]
            contacts = _picked_contacts(session, supplier, draft.contact_ids, already=old_contacts)
            contact_ids = [c.id for c in contacts if c.id is not None]
            colleagues = [interaction.logged_by] + [u for u in draft.colleague_ids if u != interaction.logged_by]
            before = {
                "supplier": old_supplier_id,
                "date": interaction.occurred_at.astimezone(local).date(),
                "kind": interaction.kind,
                "people": (frozenset(old_contacts), frozenset(old_colleague_map[interaction.id])),
                "text": interaction.summary,
                "private": interaction.visibility == "private",
            }
            after = {
                "supplier": supplier.id,
                "date": draft.day,
                "kind": draft.kind,
                "people": (frozenset(contact_ids), frozenset(colleagues)),
                "text": summary,
                "private": draft.private,
            }
            changed = tuple(name for name in EDIT_FIELDS if before[name] != after[name])
            if interaction.occurred_at.astimezone(local).date() != draft.day:
                interaction.occurred_at = datetime.combine(draft.day, time(12), local)
            interaction.supplier_id = supplier.id
            interaction.kind = draft.kind
            interaction.summary = summary
            interaction.visibility = "private" if draft.private else "team"
            queries.replace_participants(
                session, interaction_id=interaction.id, contact_ids=contact_ids, colleague_ids=colleagues
            )
            queries.move_follow_ups(session, interaction_id=interaction.id, supplier_id=supplier.id)
            session.flush()
            for supplier_id in {old_supplier_id, supplier.id}:
                queries.recompute_last_touch(session, workspace_id=workspace_id, supplier_id=supplier_id)
            queries.recompute_contacts_touch(
                session, workspace_id=workspace_id, contact_ids=sorted(set(old_contacts) | set(contact_ids))
            )
            session.expire_all()
            workspace = session.get(Workspace, workspace_id)
            assert workspace is not None
            cadence.refresh_suppliers(session, workspace, {old_supplier_id, supplier.id})
            interaction = session.get(Interaction, interaction_id) or interaction
            follow_up = queries.follow_up_of_interaction(
                session, workspace_id=workspace_id, interaction_id=interaction_id
            )
            return replace(self._logged(session, supplier, interaction, follow_up), changed=changed)

    def undo(self, actor: Actor, interaction_id: int) -> tuple[UndoOutcome, str | None]:
        """Deletes the author's own interaction and its follow-ups; the supplier's last touch is recomputed."""
        with self.db.write() as session:
            workspace_id = existing_workspace_id(session, actor)
            interaction = (
                queries.get_interaction(session, workspace_id=workspace_id, interaction_id=interaction_id)
                if workspace_id
                else None
            )
            if interaction is None or workspace_id is None:
                return UndoOutcome.ALREADY, None
            if interaction.logged_by != actor.user_id:
                return UndoOutcome.NOT_YOURS, None
            supplier = queries.get_supplier(session, workspace_id=workspace_id, supplier_id=interaction.supplier_id)
            _remove(session, interaction)
            return UndoOutcome.UNDONE, supplier.name if supplier else None

    def delete(self, actor: Actor, interaction_id: int) -> str:
        """Deletes a note for good — its author, or an admin for a team note — exactly as Undo does; returns the
        supplier's name. Someone else's private note is "gone", as if it did not exist."""
        with self.db.write() as session:
            interaction, supplier = self._editable(session, actor, interaction_id)
            _remove(session, interaction)
            return supplier.name

    # --- internals ------------------------------------------------------------------------------------------

    def _own_interaction(self, session: Session, actor: Actor, interaction_id: int) -> tuple[Interaction, Supplier]:
        """An interaction of the actor's workspace that they logged: only a note's author may add to it."""
        workspace_id = existing_workspace_id(session, actor)
        interaction = (
            queries.get_interaction(session, workspace_id=workspace_id, interaction_id=interaction_id)
            if workspace_id
            else None
        )
        if interaction is None:
            raise InvalidInput("note.gone")
        if interaction.logged_by != actor.user_id:
            raise NotAllowed("note.not_author", author=interaction.logged_by)
        return interaction, self._supplier(session, actor, interaction.supplier_id)

    def _editable(self, session: Session, actor: Actor, interaction_id: int) -> tuple[Interaction, Supplier]:
        """An interaction of the actor's workspace that they logged, or any team-visible one for an admin."""
        workspace_id = existing_workspace_id(session, actor)
        interaction = (
            queries.get_interaction(session, workspace_id=workspace_id, interaction_id=interaction_id)
            if workspace_id
            else None
        )
        if interaction is None or workspace_id is None:
            raise InvalidInput("note.gone")
        admin = self.rights is not None and self.rights.is_admin(
            session, workspace_id=workspace_id, user_id=actor.user_id
        )
        mine = interaction.logged_by == actor.user_id
        if not mine and not (admin and interaction.visibility == "team"):
            if interaction.visibility == "private":
                raise InvalidInput("note.gone")  # someone else's private note: not even that it exists
            raise NotAllowed("note.not_author_edit", author=interaction.logged_by)
        return interaction, self._supplier(session, actor, interaction.supplier_id)

    def _supplier(self, session: Session, actor: Actor, supplier_id: int) -> Supplier:
        return self._workspace_and_supplier(session, actor, supplier_id)[1]

    def _workspace_and_supplier(self, session: Session, actor: Actor, supplier_id: int) -> tuple[Workspace, Supplier]:
        """Both rows; a caller that keeps the workspace keeps it in the session too (whose map holds rows only
        weakly), so recomputing the schedule after a write does not read it again."""
        workspace = queries.get_workspace(session, team_id=actor.team_id)
        supplier = (
            queries.get_supplier(session, workspace_id=workspace.id, supplier_id=supplier_id)
            if workspace is not None and workspace.id is not None
            else None
        )
        if workspace is None or supplier is None:
            raise SupplierNotFound(str(supplier_id))
        return workspace, supplier

    def _insert(
        self,
        session: Session,
        supplier: Supplier,
        actor: Actor,
        *,
        occurred_at: datetime,
        kind: str,
        summary: str,
        private: bool,
        source: str,
        contact_ids: list[int],
        colleague_ids: list[str],
        channel_id: str | None = None,
        message_ts: str | None = None,
        permalink: str | None = None,
    ) -> Interaction:
        assert supplier.id is not None
        interaction = Interaction(
            workspace_id=supplier.workspace_id,
            supplier_id=supplier.id,
            occurred_at=occurred_at,
            kind=kind,
            summary=summary,
            logged_by=actor.user_id,
            source=source,
            visibility="private" if private else "team",
            channel_id=channel_id,
            message_ts=message_ts,
            permalink=permalink,
            created_at=self.clock.now(),
        )
        session.add(interaction)
        session.flush()
        assert interaction.id is not None
        queries.add_participants(
            session, interaction_id=interaction.id, contact_ids=contact_ids, colleague_ids=colleague_ids
        )
        _record_touch(session, supplier, occurred_at, contact_ids)
        return interaction

    def _add_follow_up(
        self,
        session: Session,
        supplier: Supplier,
        interaction: Interaction,
        owner_id: str,
        text: str,
        due: date,
        *,
        promise: bool = False,
    ) -> FollowUp:
        assert supplier.id is not None
        follow_up = FollowUp(
            workspace_id=supplier.workspace_id,
            supplier_id=supplier.id,
            interaction_id=interaction.id,
            text=text,
            due_date=due,
            owner_id=owner_id,
            created_at=self.clock.now(),
            promise=promise,
        )
        session.add(follow_up)
        session.flush()
        return follow_up

    def _logged(
        self, session: Session, supplier: Supplier, interaction: Interaction, follow_up: FollowUp | None
    ) -> LoggedInteraction:
        assert interaction.id is not None
        assert supplier.id is not None
        contacts, colleagues = queries.participants_of(session, interaction_ids=[interaction.id])
        return LoggedInteraction(
            id=interaction.id,
            supplier_id=supplier.id,
            supplier_name=supplier.name,
            occurred_at=interaction.occurred_at,
            kind=interaction.kind,
            summary=interaction.summary,
            private=interaction.visibility == "private",
            contacts=contacts[interaction.id],
            colleague_ids=colleagues[interaction.id],
            follow_up=FollowUpRef(follow_up.id, follow_up.text, follow_up.due_date, follow_up.promise)
            if follow_up is not None and follow_up.id is not None
            else None,
            permalink=interaction.permalink,
        )


def _picked_contacts(
    session: Session, supplier: Supplier, wanted: Sequence[int], *, already: Sequence[int] = ()
) -> list[Contact]:
    """The contacts a form picked, each still there and not forgotten (one already on the note may stay, forgotten
    or not); else InvalidInput, so the form says so beside the field and keeps what was typed — never a participant
    silently dropped."""
    assert supplier.id is not None
    found = queries.contacts_by_ids(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, ids=wanted)
    by_id = {contact.id: contact for contact in found}
    for contact_id in wanted:
        contact = by_id.get(contact_id)
        if contact is None or (is_forgotten(contact) and contact_id not in already):
            raise InvalidInput("capture.contact_gone")
    return found
