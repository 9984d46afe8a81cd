"""Forgetting a person on request (GDPR erasure): a contact at a supplier, or a colleague who left.

Their own record loses its personal data, and their full name, surname and e-mail address are replaced by a marker
wherever a text may quote them — every place in PLACES — with their first name alone replaced only in the
interactions they took part in (elsewhere "Jan" may be anyone). What happened stays: dates, kinds, the supplier and
who on our side took part, so the history keeps its shape. Search entries of what changed are rebuilt.

The marker is data, not interface text: the workspace's language at the moment of forgetting decides it once
("[former contact]", "[voormalig contact]"). Backups, exports made earlier and Slack messages already posted are out
of reach (README).
"""

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session, SQLModel

from bot.clock import Clock
from bot.i18n import DEFAULT_LANGUAGE, t
from bot.services import audit
from bot.services.departures import named_contact
from bot.services.errors import InvalidInput
from bot.services.nudge_selection import LeaverNotice, Nudge
from bot.services.nudge_sending import rewrite_items
from bot.services.rights import Rights
from bot.services.workspaces import Actor, supplier_of
from bot.text import clean_name, name_key
from storage import queries, search_index
from storage.db import Database
from storage.models import (
    AuditEntry,
    Contact,
    Delivery,
    FollowUp,
    Interaction,
    PendingCommand,
    PulseAnswer,
    Supplier,
    Workspace,
)


@dataclass(frozen=True)
class Place:
    """A text column that may quote a person; its table has `id` and `workspace_id`. `json`: the text is JSON, and
    each string inside it is scrubbed (JSON escapes accents, so the raw text would hide them)."""

    model: type[SQLModel]
    column: str
    json: bool = False


#: Every text a person's name or e-mail may be quoted in. One more table to scrub is one more line here.
PLACES: tuple[Place, ...] = (
    Place(Interaction, "summary"),
    Place(FollowUp, "text"),
    Place(Delivery, "items", json=True),  # what sent nudges said, kept to redraw them
    Place(PendingCommand, "text"),
    Place(PulseAnswer, "comment"),
    Place(AuditEntry, "detail", json=True),  # names in who-changed-what (a contact's cadence, a merge, a pulse link)
)


@dataclass(frozen=True)
class ForgetPlan:
    """Who is to be forgotten, and how much of the history names them."""

    supplier_id: int
    supplier_name: str
    contact_id: int
    contact_name: str
    interactions: int
    marker: str  # what their name will read as


@dataclass(frozen=True)
class Forgotten:
    name: str  # as they were called: shown once to whoever asked, never stored
    texts_changed: int


class ForgetService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    # --- contacts -------------------------------------------------------------------------------------------------

    def plan_forget_contact(self, actor: Actor, supplier_id: int, raw_name: str) -> ForgetPlan:
        """What `contact forget <supplier>: <name>` would forget; refused at once to anyone but owner or admin."""
        with self.db.read() as session:
            supplier = self._supplier(session, actor, supplier_id)
            contact = _forgettable(session, supplier, raw_name)
            assert supplier.id is not None
            assert contact.id is not None
            taken_part = queries.interaction_ids_of_contact(session, contact_id=contact.id)
            workspace = session.get(Workspace, supplier.workspace_id)
            assert workspace is not None
            marker = _marker(workspace, "forget.former_contact")
            return ForgetPlan(supplier.id, supplier.name, contact.id, contact.name, len(taken_part), marker)

    def forget_contact(self, actor: Actor, supplier_id: int, contact_id: int) -> Forgotten:
        with self.db.write() as session:
            supplier = self._supplier(session, actor, supplier_id)
            assert supplier.id is not None
            found = queries.contacts_by_ids(  # locked: a note naming them written meanwhile waits for the forgetting
                session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, ids=[contact_id], for_update=True
            )
            if not found or is_forgotten(found[0]):
                raise InvalidInput("forget.gone")
            forgotten = _forget_contact(session, supplier, found[0], self.clock.now())
            _audit_forget(session, supplier, actor.user_id, self.clock.now())  # never the contact's name
            return forgotten

    def forget_contact_as_operator(self, team_id: str, supplier_name: str, raw_name: str) -> Forgotten:
        """`covalis forget-contact`: the operator's own request, so no rights check; the supplier by exact name or
        alias, the contact by name (suggestions when it is not found)."""
        with self.db.write() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            if workspace is None or workspace.id is None:
                raise InvalidInput("forget.no_workspace", team=team_id)
            key = name_key(clean_name(supplier_name))
            supplier = queries.supplier_by_key(session, workspace_id=workspace.id, key=key)
            supplier = supplier or queries.supplier_by_alias_key(session, workspace_id=workspace.id, key=key)
            if supplier is None:
                raise InvalidInput("supplier.not_found", name=clean_name(supplier_name))
            contact = _forgettable(session, supplier, raw_name)
            session.refresh(contact, with_for_update=True)  # as forget_contact: a note meanwhile waits
            forgotten = _forget_contact(session, supplier, contact, self.clock.now())
            _audit_forget(session, supplier, None, self.clock.now())  # None: the operator
            return forgotten

    # --- colleagues -----------------------------------------------------------------------------------------------

    def forget_colleague_as_operator(self, team_id: str, user_id: str, raw_name: str = "") -> Forgotten:
        """`covalis forget-colleague`: a colleague who left Slack. Their name goes from their record and from every
        text; their Slack user id stays on what they did (it names no one once Slack has deleted the account). With no
        name stored, the operator gives it (`--name`): without one, nothing could be found to forget."""
        with self.db.write() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            if workspace is None or workspace.id is None:
                raise InvalidInput("forget.no_workspace", team=team_id)
            colleague = queries.get_colleague(session, workspace_id=workspace.id, user_id=user_id)
            if colleague is None:
                raise InvalidInput("forget.colleague_unknown", user=user_id)
            if not colleague.deleted:
                raise InvalidInput("forget.colleague_still_here", user=user_id)
            given = clean_name(raw_name)
            name = colleague.display_name or given
            if not name:
                raise InvalidInput("forget.colleague_no_name", user=user_id)
            taken_part = queries.interaction_ids_of_colleague(session, workspace_id=workspace.id, user_id=user_id)
            marker = _marker(workspace, "forget.former_colleague")
            terms = person_terms(name, [given] if given and given != name else [])
            protect = _protected(session, workspace.id, terms, f"colleague:{user_id}")
            changed = _scrub_everywhere(session, workspace.id, terms, taken_part, marker, protect)
            colleague.display_name = ""  # "" (not None): forgotten, and never copied from Slack's profile again
            session.add(colleague)
            session.flush()
            owned = queries.follow_up_ids_of_owner(session, workspace_id=workspace.id, user_id=user_id)
            search_index.reindex(session, interaction_ids=taken_part, follow_up_ids=owned)  # found by their name
            audit.record(
                session, workspace_id=workspace.id, actor_id=None, action="colleague.forget", at=self.clock.now()
            )
            return Forgotten(name, changed)

    # --- internals ------------------------------------------------------------------------------------------------

    def _supplier(self, session: Session, actor: Actor, supplier_id: int) -> Supplier:
        supplier = supplier_of(session, actor, supplier_id)
        if supplier is None:
            raise InvalidInput("forget.gone")
        self.rights.require_owner(session, supplier, actor.user_id, "forget.not_allowed")
        return supplier


FORGOTTEN_KEY = "\u2063forgotten:"  # a name key no typed name can have (clean_name drops format characters)


def _forgettable(session: Session, supplier: Supplier, raw_name: str) -> Contact:
    """The supplier's contact by name or alias — one removed from the lists too, whose data is still kept — or the
    refusal that offers the closest names."""
    assert supplier.id is not None
    key = name_key(clean_name(raw_name))
    found = queries.contact_by_key(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, key=key)
    return found if found is not None else named_contact(session, supplier, raw_name)


def is_forgotten(contact: Contact) -> bool:
    return contact.name_key.startswith(FORGOTTEN_KEY)


def _marker(workspace: Workspace, key: str) -> str:
    return t(workspace.language or DEFAULT_LANGUAGE, key)


def _forget_contact(session: Session, supplier: Supplier, contact: Contact, now: datetime) -> Forgotten:
    assert contact.id is not None
    workspace = session.get(Workspace, supplier.workspace_id)
    assert workspace is not None
    assert workspace.id is not None
    aliases = queries.contact_aliases_of(session, contact_ids=[contact.id]).get(contact.id, [])
    taken_part = queries.interaction_ids_of_contact(session, contact_id=contact.id)
    name = contact.name
    terms = person_terms(name, [contact.email or "", *aliases])
    marker = _marker(workspace, "forget.former_contact")
    protect = _protected(session, workspace.id, terms, f"contact:{contact.id}")
    changed = _scrub_everywhere(session, workspace.id, terms, taken_part, marker, protect)
    queries.delete_contact_aliases(session, contact_id=contact.id)
    queries.revoke_pulse_links(session, workspace_id=workspace.id, contact_id=contact.id, at=now)  # nobody to answer
    contact.name = marker
    contact.name_key = f"{FORGOTTEN_KEY}{contact.id}"
    contact.role = contact.email = None
    contact.removed = True  # out of lists, matching and nudges; the interactions still count them
    contact.cadence_days = None
    contact.holder_id = None
    session.add(contact)
    session.flush()
    search_index.reindex(session, interaction_ids=taken_part)
    return Forgotten(name, changed)


@dataclass(frozen=True)
class Terms:
    """What names a person. `whole`: full names and e-mail addresses, whatever their case and accents. `surname`: as
    a name is written — its last word starting with a capital ("Price", "de Groot"/"De Groot"; never the words
    "price" or "groot"). `first`: a first name alone (or a one-word name), only in what the person took part in."""

    whole: tuple[str, ...]
    surname: tuple[str, ...]
    first: tuple[str, ...]

    def outside(self) -> "Terms":
        """The terms for texts the person took no part in: there "Jan" may be anyone."""
        return Terms(self.whole, self.surname, ())

    def needles(self) -> set[str]:
        """Folded words one of which any text naming the person holds (a quick test before the real one)."""
        return {_fold(term)[0].split()[-1] for term in (*self.whole, *self.surname, *self.first)}

    def words(self) -> set[str]:
        return {w for term in (*self.whole, *self.surname, *self.first) for w in _fold(term)[0].split() if len(w) > 1}


def person_terms(name: str, extra: Iterable[str] = ()) -> Terms:
    """The full name, other full names and e-mail addresses whole; the surname (all after the first name, and its
    last word — "de Vries" and "Vries") as written; the first name, or a one-word name, as a first name. Never a
    single letter; longest first, so the full name goes whole."""
    whole: list[str] = []
    first: list[str] = []
    for each in (name, *extra):
        if "@" in each or len(each.split()) > 1:
            whole.append(each)
        else:
            first.append(each)
    words = name.split()
    surname = [" ".join(words[1:]), words[-1]] if len(words) > 1 else []
    first += words[:1] if len(words) > 1 else []
    return Terms(_distinct(whole), _distinct(surname), _distinct(first))


def _distinct(terms: Iterable[str]) -> tuple[str, ...]:
    unique = {_fold(term)[0]: term.strip() for term in terms if len(term.strip()) > 1}
    return tuple(sorted(unique.values(), key=len, reverse=True))


def _protected(session: Session, workspace_id: int, terms: Terms, who: str) -> list[str]:
    """Other names that share a word with this person's — another contact's or a colleague's full name ("Piet
    Jansen" when forgetting "Jan Jansen"), a supplier's name or alias ("Heijmans" when forgetting "Jan Heijmans"):
    they are kept whole while the person's surname is replaced. `who` is the person's own entry, left out."""
    words = terms.words()
    own = {" ".join(_fold(term)[0].split()) for term in terms.whole}
    found: set[str] = set()
    for owner, other in queries.names_of_workspace(session, workspace_id=workspace_id):
        folded = _fold(other)[0].split()
        if owner == who or not words & set(folded) or " ".join(folded) in own:
            continue
        if owner == "supplier" or len(folded) > 1:  # a one-word person's name is a first name: anyone's
            found.add(other)
    return sorted(found, key=len, reverse=True)


def _scrub_everywhere(
    session: Session,
    workspace_id: int,
    terms: Terms,
    taken_part: Sequence[int],
    marker: str,
    protect: Sequence[str],
) -> int:
    """Scrubs every place of the workspace; returns how many texts changed. Each text is folded once and passed by
    unless it holds a word of the person's names. Changed interactions and follow-ups have their search entries
    rebuilt."""
    outside = terms.outside()
    needles, needles_outside = terms.needles(), outside.needles()
    follow_ups_taken_part = set(queries.follow_up_ids_of_interactions(session, interaction_ids=taken_part))
    scoped: dict[type[SQLModel], set[int]] = {Interaction: set(taken_part), FollowUp: follow_ups_taken_part}
    changed_interactions: set[int] = set()
    changed_follow_ups: set[int] = set()
    changed = 0
    for place in PLACES:
        in_scope = scoped.get(place.model, set())
        rewritten: list[tuple[int, str]] = []
        for row_id, text in queries.text_rows(session, place.model, place.column, workspace_id=workspace_id):
            here = row_id in in_scope
            haystack = _folded(_json_strings(text) if place.json else text)
            if not any(needle in haystack for needle in (needles if here else needles_outside)):
                continue
            wanted = terms if here else outside
            if place.model is Delivery and _scrub_delivery(session, row_id, wanted, marker, protect):
                changed += 1
                continue
            new = scrub_json(text, wanted, marker, protect) if place.json else scrub(text, wanted, marker, protect)
            if new != text:
                rewritten.append((row_id, new))
        queries.set_texts(session, place.model, place.column, rewritten)
        changed += len(rewritten)
        if place.model is Interaction:
            changed_interactions.update(row_id for row_id, _ in rewritten)
        elif place.model is FollowUp:
            changed_follow_ups.update(row_id for row_id, _ in rewritten)
    session.flush()
    session.expire_all()
    search_index.reindex(session, interaction_ids=changed_interactions, follow_up_ids=changed_follow_ups)
    return changed


def _scrub_delivery(session: Session, delivery_id: int, terms: Terms, marker: str, protect: Sequence[str]) -> bool:
    """A sent nudge's every text scrubbed through nudge_sending.rewrite_items; False when nothing changed or it is not
    a nudge's content (then it is scrubbed as any JSON)."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        return False

    def fix(text: str) -> str:
        return scrub(text, terms, marker, protect)

    def change(nudge: Nudge) -> bool:
        before = repr(nudge)
        for item in nudge.items:
            for name in (f.name for f in fields(item)):
                if isinstance(value := getattr(item, name), str):
                    setattr(item, name, fix(value))
        nudge.notices = [_scrubbed(notice, fix) for notice in nudge.notices]
        nudge.rates = [(supplier_id, fix(name)) for supplier_id, name in nudge.rates]
        return repr(nudge) != before

    if not rewrite_items(delivery, change):
        return False
    session.add(delivery)
    session.flush()
    return True


def _scrubbed(notice: LeaverNotice, fix: Callable[[str], str]) -> LeaverNotice:
    texts = {f.name: getattr(notice, f.name) for f in fields(notice)}
    return replace(notice, **{name: fix(value) for name, value in texts.items() if isinstance(value, str)})


def _json_strings(text: str) -> str:
    """A JSON text's strings, decoded (its escapes would hide accented names), one a line; not JSON: as it is."""
    if "\\u" not in text:
        return text
    try:
        data = json.loads(text)
    except ValueError:
        return text
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)

    walk(data)
    return "\n".join(found)


def _folded(text: str) -> str:
    """`_fold`'s text alone, at once for the whole text."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> tuple[str, list[int]]:
    """The text without accents and case-folded, with, for each folded character, where it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


_HOLD = "\ue000{}\ue001"


def scrub(text: str, terms: Terms, marker: str, protect: Sequence[str] = ()) -> str:
    """The person's names replaced by the marker as whole words, whatever their accents (a surname only as a name
    is written, with its capital); `protect`ed names are left whole. Full names go first, so a protected name inside
    one ("Heijmans" in "Jan Heijmans") does not save it — unless the protected name holds the full name."""
    held: list[str] = []

    def hold(found: str) -> str:
        held.append(found)
        return _HOLD.format(len(held) - 1)

    def gone(_found: str) -> str:
        return hold(marker)

    holding = [keep for keep in protect if _names_any(keep, terms.whole)]
    for keep in holding:
        text = _replace(text, keep, hold)
    for term in terms.whole:
        text = _replace(text, term, gone)
    for keep in protect:
        if keep not in holding:
            text = _replace(text, keep, hold)
    every = (*terms.whole, *terms.surname, *terms.first)
    text = _EMAIL.sub(lambda m: hold(marker) if _names_any(m.group(0), every) else m.group(0), text)
    for term in terms.surname:
        text = _replace(text, term, gone, capital=True)
    for term in terms.first:
        text = _replace(text, term, gone)
    for index in reversed(range(len(held))):
        text = text.replace(_HOLD.format(index), held[index])
    return text


_EMAIL = re.compile(r"[^\s@<>|()\[\]:;,\"']+@[^\s@<>|()\[\]:;,\"']+\.\w+")


def _names_any(address: str, terms: Sequence[str]) -> bool:
    """A text (an e-mail address) that is one of the terms, or holds one as a word (jan.devries@…)."""
    return any(_replace(address, term, lambda _found: "\ue002") != address for term in terms)


@lru_cache(maxsize=256)
def _pattern(term: str) -> re.Pattern[str] | None:
    """A folded term as a whole-word pattern, its last word a group (where a surname's capital must be)."""
    words = _fold(term.strip())[0].split()
    if not words:
        return None
    body = "".join(re.escape(word) + r"\s+" for word in words[:-1])
    return re.compile(r"(?<!\w)" + body + "(" + re.escape(words[-1]) + r")(?!\w)")


def _replace(text: str, term: str, by: Callable[[str], str], *, capital: bool = False) -> str:
    """Each whole-word occurrence of the term, whatever its accents and case (`capital`: only where its last word
    starts with a capital letter), replaced by what `by` makes of it."""
    pattern = _pattern(term)
    if pattern is None:
        return text
    folded, origin = _fold(text)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        if capital and not text[origin[match.start(1)]].isupper():
            continue
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        pieces += [text[last:start], by(text[start:end])]
        last = end
    if not pieces:
        return text
    return "".join(pieces) + text[last:]


def scrub_json(text: str, terms: Terms, marker: str, protect: Sequence[str] = ()) -> str:
    """A JSON text with every string in it scrubbed; text that is not JSON is scrubbed as it is."""
    try:
        data = json.loads(text)
    except ValueError:
        return scrub(text, terms, marker, protect)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return scrub(node, terms, marker, protect)
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    cleaned = walk(data)
    return text if cleaned == data else json.dumps(cleaned)


def _audit_forget(session: Session, supplier: Supplier, actor_id: str | None, at: datetime) -> None:
    assert supplier.id is not None
    audit.record(
        session,
        workspace_id=supplier.workspace_id,
        actor_id=actor_id,
        action="contact.forget",
        at=at,
        supplier_id=supplier.id,
        detail={"supplier": supplier.name},
    )
