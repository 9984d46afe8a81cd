"""The two-minute brief before a meeting with a supplier (`/covalis brief Acme @colleague …`).

Who on both sides, each tie's last touch and warmth, open follow-ups and promises, the last five interactions, the
coverage gaps to ask an introduction for, and the attendees' ties to warm up in this meeting. Everything comes from
the same rules as the card (ties and coverage from bot/services/coverage.py, promises from promises.py).

Privacy: the asker's copy is what the asker may see — their own private notes included, nobody else's. The copies
for the named colleagues are made as for a channel (viewer ""): no private note's text, date or count, the asker's
included; a tie known only through private notes shows its warmth alone. Only members still in Slack, of the asker's
own organisation as Slack says just before (not a Slack Connect user of another company), get a copy.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.clock import Clock
from bot.services.coverage import ACTIVE, COLD, COOLING, ContactFacts, Coverage, coverage
from bot.services.errors import SupplierNotFound
from bot.services.people import language_of, same_organisation
from bot.services.promises import PromiseRecord, promise_record
from bot.services.relationships import RecentInteraction, interaction_rows
from bot.services.tie_facts import supplier_facts
from bot.services.workspaces import Actor, workspace_and_supplier
from storage import queries
from storage.db import Database
from storage.models import Colleague, Supplier, Workspace

RECENT_LIMIT = 5
ATTENDEES_MAX = 10  # colleagues named in one brief; more than a meeting table holds
WARM_UP = frozenset({COOLING, COLD})
DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class BriefTie:
    user_id: str
    contact_name: str
    interface: str
    warmth: str
    last_touch: datetime | None  # None: the reader may see only its warmth (someone else's private notes)
    also_private: bool = False  # its warmth comes from later touches the reader may not see


@dataclass(frozen=True)
class BriefFollowUp:
    text: str
    due_date: date
    owner_id: str
    promise: bool


@dataclass(frozen=True)
class Gap:
    """A needed interface no active tie reaches, with the contacts we know there (none: we know nobody)."""

    interface: str
    contacts: tuple[tuple[str, str | None], ...]  # name, role


@dataclass(frozen=True)
class Brief:
    supplier_id: int
    name: str
    segment: str
    owner_id: str
    asker: str
    attendees: tuple[str, ...]  # the asker first, then the colleagues named
    contacts: tuple[ContactFacts, ...]  # their people still there
    ties: tuple[BriefTie, ...]  # every tie to someone still there, warmest first per contact
    follow_ups: tuple[BriefFollowUp, ...]
    promises: PromiseRecord | None
    recent: tuple[RecentInteraction, ...]
    gaps: tuple[Gap, ...]
    coverage: Coverage
    warm_up: tuple[BriefTie, ...]  # the attendees' cooling and cold ties here
    as_of: datetime


@dataclass(frozen=True)
class BriefCopy:
    """A named colleague's copy, in their language and time zone."""

    user_id: str
    language: str
    tz: str
    brief: Brief


NOT_MEMBER = "not_member"  # not a member in Slack Covalis knows: a guest, a bot, someone who left
ELSEWHERE = "elsewhere"  # a user of another organisation's workspace, reached through Slack Connect
TOO_MANY = "too_many"  # named beyond ATTENDEES_MAX
UNCHECKED = "unchecked"  # Slack could not say who they are just now


@dataclass(frozen=True)
class NotSent:
    user_id: str
    reason: str  # one of the above, or the handler's SLACK_REFUSED when Slack refused the DM
    error: str | None = None  # Slack's error, when Slack said one


@dataclass(frozen=True)
class BriefPlan:
    mine: Brief
    copies: tuple[BriefCopy, ...]
    not_sent: tuple[NotSent, ...]  # named, but given no copy, each with why


class BriefService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def brief(
        self,
        actor: Actor,
        supplier_id: int,
        colleagues: Sequence[str],
        profiles: Mapping[str, Mapping[str, Any]],
    ) -> BriefPlan:
        """`profiles`: Slack's user object of each named colleague, read just before (users.info). Only a colleague
        with one, of the asker's own organisation and a member Covalis knows, gets a copy: the cached colleague row
        can't tell a Slack Connect user of another company from a colleague."""
        now = self.clock.now()
        with self.db.read() as session:
            found = workspace_and_supplier(session, actor, supplier_id)
            if found is None:
                raise SupplierNotFound(str(supplier_id))
            workspace, supplier = found
            assert workspace.id is not None  # the helper returns stored rows only
            assert supplier.id is not None
            everyone = list(dict.fromkeys(u for u in colleagues if u != actor.user_id))
            named, beyond = everyone[:ATTENDEES_MAX], everyone[ATTENDEES_MAX:]
            known = queries.colleagues_of(session, workspace_id=workspace.id)
            refused = {user: _refusal(actor, profiles.get(user), known.get(user)) for user in named}
            members = [u for u in named if refused[u] is None]
            attendees = (actor.user_id, *members)
            mine = _brief(session, workspace, supplier, actor.user_id, attendees, actor.user_id, now)
            shared = _brief(session, workspace, supplier, actor.user_id, attendees, "", now) if members else None
            copies = tuple(
                BriefCopy(
                    user,
                    language_of(session, actor.team_id, user),
                    (known[user].tz if user in known else None) or DEFAULT_TZ,
                    shared,
                )
                for user in members
                if shared is not None
            )
        not_sent = [NotSent(u, reason) for u, reason in refused.items() if reason is not None]
        return BriefPlan(mine, copies, (*not_sent, *(NotSent(u, TOO_MANY) for u in beyond)))


def _refusal(actor: Actor, profile: Mapping[str, Any] | None, colleague: Colleague | None) -> str | None:
    """Why a named colleague may not read a supplier's brief, or None: unchecked in Slack, of another organisation,
    or not a member Covalis knows (a guest, a bot, gone)."""
    if profile is None:
        return UNCHECKED
    if not same_organisation(profile, actor.team_id, actor.enterprise_id):
        return ELSEWHERE
    if colleague is None or colleague.deleted or colleague.is_guest or colleague.is_bot:
        return NOT_MEMBER
    return None


def _brief(
    session: Session,
    workspace: Workspace,
    supplier: Supplier,
    asker: str,
    attendees: tuple[str, ...],
    viewer: str,
    now: datetime,
) -> Brief:
    """The brief as `viewer` may see it ("": as a channel would — no private note of anyone)."""
    assert workspace.id is not None
    assert supplier.id is not None
    facts = supplier_facts(session, workspace, [supplier], now, viewer_id=viewer)[0]
    cov = coverage(facts, now)
    contacts = {c.id: c for c in facts.contacts}
    ties = tuple(
        BriefTie(
            v.user_id,
            contacts[v.contact_id].name,
            contacts[v.contact_id].interface,
            v.warmth,
            v.last_touch,
            v.also_private,
        )
        for v in cov.ties
        if v.contact_id in contacts and not v.left
    )
    recent = queries.visible_interactions(
        session, workspace_id=workspace.id, supplier_id=supplier.id, viewer_id=viewer, limit=RECENT_LIMIT
    )
    follow_ups = queries.open_follow_ups_of_supplier(
        session, workspace_id=workspace.id, supplier_id=supplier.id, viewer_id=viewer
    )
    return Brief(
        supplier_id=supplier.id,
        name=supplier.name,
        segment=supplier.segment,
        owner_id=supplier.owner_id,
        asker=asker,
        attendees=attendees,
        contacts=tuple(c for c in facts.contacts if not c.left),
        ties=ties,
        follow_ups=tuple(BriefFollowUp(f.text, f.due_date, f.owner_id, f.promise) for f in follow_ups),
        promises=promise_record(session, workspace, supplier, viewer, now),
        recent=tuple(interaction_rows(session, recent, viewer, admin=False)),
        gaps=_gaps(cov, facts.contacts),
        coverage=cov,
        warm_up=tuple(tie for tie in ties if tie.user_id in attendees and tie.warmth in WARM_UP),
        as_of=now,
    )


def _gaps(cov: Coverage, contacts: Sequence[ContactFacts]) -> tuple[Gap, ...]:
    reached = {v.contact_id for v in cov.ties if v.warmth in ACTIVE and not v.left}
    return tuple(
        Gap(
            interface,
            tuple(
                (c.name, c.role) for c in contacts if c.interface == interface and not c.left and c.id not in reached
            ),
        )
        for interface in cov.missing_interfaces
    )
