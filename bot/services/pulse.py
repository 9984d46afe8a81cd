"""The customer-of-choice pulse: how the supplier experiences us, asked on both sides, and the gap.

Our view comes from one tap after a logged interaction (strategic suppliers; at most once a month per supplier,
never the same person twice in a week) and from the owner's quarterly look at the drivers. Theirs comes from a page
a supplier's contact opens through a link (single use, 30 days, only its hash kept). The arithmetic lives in
bot/services/pulse_gap.py.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.clock import Clock
from bot.i18n import DEFAULT_LANGUAGE
from bot.services import audit
from bot.services.departures import named_contact
from bot.services.errors import InvalidInput, SupplierNotFound
from bot.services.public_holidays import is_working_day, next_working_day
from bot.services.pulse_gap import DRIVERS, Scores, SideView, biggest_gap, gaps, side_view, valid_score, worth_telling
from bot.services.rights import Rights
from bot.services.workspaces import Actor, existing_workspace_id
from bot.text import clean_text
from storage import queries
from storage.db import Database
from storage.models import Contact, PulseAnswer, PulseAsk, PulseLink, Supplier, Workspace

OURS, THEIRS = "ours", "theirs"
TAP, QUARTER, PAGE = "tap", "quarter", "page"
STRATEGIC = "strategic"
QUIET_DAYS = 30  # nobody answered for the supplier, nor was anyone asked, in this long: ask after a note
PERSON_DAYS = 7  # never the same person twice in a week
LINK_DAYS = 30
COMMENT_MAX = 2000
TOKEN_BYTES = 24  # 192 bits


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def scores_of(answer: PulseAnswer, respondent: str | None = None) -> Scores:
    drivers = {d: getattr(answer, d) for d in DRIVERS if getattr(answer, d) is not None}
    who = respondent or (f"C{answer.contact_id}" if answer.side == THEIRS else f"U{answer.answered_by}")
    return Scores(who, answer.answered_at, answer.overall, drivers, answer.relative)


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def ask_after_note(session: Session, supplier: Supplier, user_id: str, now: datetime) -> bool:
    """Whether a note's confirmation asks its author the one tap; the ask is recorded when it does."""
    if supplier.segment != STRATEGIC or supplier.archived or supplier.id is None:
        return False
    workspace_id, since = supplier.workspace_id, now - timedelta(days=QUIET_DAYS)
    answered, asked, person = queries.pulse_ask_facts(
        session, workspace_id=workspace_id, supplier_id=supplier.id, user_id=user_id, side=OURS, kind=TAP
    )
    if (answered and answered > since) or (asked and asked > since):
        return False
    if person and person > now - timedelta(days=PERSON_DAYS):
        return False
    session.add(PulseAsk(workspace_id=workspace_id, supplier_id=supplier.id, user_id=user_id, kind=TAP, asked_at=now))
    return True


QUARTER_MAX = 10  # Rate buttons in one nudge


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def rate_period(local_day: date, country: str | None) -> str | None:
    """The quarter whose Rate buttons are due on this local day: from the quarter's first working day to the end of
    its first month (the catch-up for who was away); None outside that stretch."""
    start = quarter_start(local_day)
    first = start if is_working_day(country, start) else next_working_day(country, start)
    if first <= local_day and local_day.month == start.month:
        return quarter_of(local_day)
    return None


def quarterly_rates(
    session: Session, workspace: Workspace, periods: dict[str, str]
) -> dict[str, list[tuple[int, str]]]:
    """Per owner whose quarter is due (`periods`: owner → "2027Q1"), the strategic suppliers to rate — at most 10,
    the most recently touched first — unless that owner already had the quarter's buttons."""
    assert workspace.id is not None
    if not periods:
        return {}
    claimed = queries.pulse_quarter_claimed(session, workspace_id=workspace.id, periods=sorted(set(periods.values())))
    owed = {user for user, period in periods.items() if (user, period) not in claimed}
    by_owner: dict[str, list[Supplier]] = {}
    for supplier in queries.strategic_suppliers(session, workspace_id=workspace.id):
        if supplier.owner_id in owed:
            by_owner.setdefault(supplier.owner_id, []).append(supplier)
    oldest = datetime.min.replace(tzinfo=UTC)
    return {
        owner: [
            (s.id, s.name)
            for s in sorted(suppliers, key=lambda s: (-(s.last_touch_at or oldest).timestamp(), s.name_key))
            if s.id is not None
        ][:QUARTER_MAX]
        for owner, suppliers in by_owner.items()
    }


def claim_quarter(session: Session, *, workspace_id: int, user_id: str, period: str, now: datetime) -> bool:
    """The quarter's buttons went out to this owner: once per owner and quarter (INSERT … ON CONFLICT DO NOTHING)."""
    values = {"workspace_id": workspace_id, "user_id": user_id, "kind": QUARTER, "period": period, "asked_at": now}
    return queries.insert_if_absent(session, PulseAsk, values, ["workspace_id", "user_id", "kind", "period"])


@dataclass(frozen=True)
class TapAnswer:
    answer_id: int
    supplier_id: int
    supplier_name: str
    score: int


@dataclass(frozen=True)
class LinkMade:
    token: str
    supplier_name: str
    contact_name: str
    expires_at: datetime
    revoked: int  # earlier links to the same contact now closed


@dataclass(frozen=True)
class LinkPage:
    """What the supplier's page shows: no ids, nothing about other suppliers."""

    supplier_name: str
    contact_name: str
    owner_name: str
    language: str
    answered: bool


@dataclass(frozen=True)
class AnswerStored:
    """A supplier's answer arrived: told to the supplier's owner."""

    team_id: str
    owner_id: str
    supplier_id: int
    supplier_name: str
    contact_name: str
    score: float | None
    relative: int | None
    fell: bool
    below_best: bool


@dataclass(frozen=True)
class Comment:
    side: str
    who: str  # a user id (ours) or a contact's name (theirs)
    answered_at: datetime
    text: str


@dataclass(frozen=True)
class PulseReport:
    """`/covalis pulse <supplier>`: the drivers side by side, the relative answers and the comments."""

    supplier_id: int
    supplier_name: str
    ours: SideView
    theirs: SideView
    gap: dict[str, float]
    biggest: tuple[str, float] | None
    relatives: list[tuple[str, str, int, datetime]] = field(default_factory=list)  # side, who, score, when
    comments: list[Comment] = field(default_factory=list)


@dataclass(frozen=True)
class PulseLine:
    """The card's line on `/covalis status`."""

    ours: float | None
    ours_at: datetime | None
    theirs: float | None
    theirs_at: datetime | None
    biggest: tuple[str, float] | None


def pulse_line(session: Session, supplier: Supplier) -> PulseLine | None:
    """The supplier's line for the card; None while nobody answered on either side."""
    assert supplier.id is not None
    answers = queries.pulse_answers_of(session, workspace_id=supplier.workspace_id, supplier_ids=[supplier.id])
    if not answers:
        return None
    ours = side_view(scores_of(a) for a in answers if a.side == OURS)
    theirs = side_view(scores_of(a) for a in answers if a.side == THEIRS)
    return PulseLine(ours.score, ours.latest_at, theirs.score, theirs.latest_at, biggest_gap(gaps(ours, theirs)))


@dataclass(frozen=True)
class PulseNews:
    """For the digest: a strategic supplier whose answer this week fell by a point or more, or rated us below
    their best customer."""

    supplier_name: str
    before: float | None
    after: float | None
    relative: int | None
    fell: bool
    below_best: bool


def pulse_news(
    session: Session, *, workspace_id: int, start: datetime, end: datetime, segment: str | None, owner_id: str | None
) -> list[PulseNews]:
    """Strategic suppliers (within the digest's filter) whose latest supplier answer arrived in [start, end) and fell
    by a point or more from their previous one, or rated us below their best customer; by name."""
    if segment not in (None, STRATEGIC):
        return []
    suppliers = queries.active_supplier_rows(
        session, workspace_id=workspace_id, segments=(STRATEGIC,), segment=None, owner_id=owner_id
    )
    by_id = {s.id: s for s in suppliers}
    answers = queries.pulse_answers_of(session, workspace_id=workspace_id, supplier_ids=list(by_id), side=THEIRS)
    per_supplier: dict[int, list[PulseAnswer]] = {}
    for answer in answers:
        per_supplier.setdefault(answer.supplier_id, []).append(answer)
    news = []
    for supplier_id, theirs in per_supplier.items():
        latest = theirs[-1]
        if not start <= latest.answered_at < end:
            continue
        previous = scores_of(theirs[-2]) if len(theirs) > 1 else None
        now_scores = scores_of(latest)
        fell, below = worth_telling(previous, now_scores)
        if fell or below:
            before = previous.score if previous else None
            news.append(PulseNews(by_id[supplier_id].name, before, now_scores.score, latest.relative, fell, below))
    return sorted(news, key=lambda n: n.supplier_name.casefold())


def _score(value: object, what: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not valid_score(value):
        raise InvalidInput("pulse.bad_score", what=what)
    return value


def _comment(raw: str | None) -> str | None:
    text = clean_text(raw or "")
    if len(text) > COMMENT_MAX:
        raise InvalidInput("pulse.comment_too_long", max=COMMENT_MAX)
    return text or None


def _own_answer(session: Session, actor: Actor, answer_id: int) -> PulseAnswer | None:
    """One's own answer in one's own workspace; None for anyone else's, another workspace's, or one gone."""
    workspace_id = existing_workspace_id(session, actor)
    answer = queries.get_pulse_answer(session, workspace_id=workspace_id, answer_id=answer_id) if workspace_id else None
    return answer if answer is not None and answer.answered_by == actor.user_id else None


class PulseService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    # --- our view ---------------------------------------------------------------------------------------------

    def record_tap(self, actor: Actor, supplier_id: int, score: int) -> TapAnswer:
        """The one tap: how the supplier seemed to experience us, 1–5, from any member of the team."""
        _score(score, "overall")
        with self.db.write() as session:
            supplier = self._supplier(session, actor, supplier_id)
            answer = self._ours(session, supplier, actor, TAP, overall=score)
            session.flush()
            assert answer.id is not None
            return TapAnswer(answer.id, answer.supplier_id, supplier.name, score)

    def add_comment(self, actor: Actor, answer_id: int, raw: str) -> str:
        """The optional comment to one's own answer; the supplier's name comes back."""
        text = _comment(raw)
        with self.db.write() as session:
            answer = _own_answer(session, actor, answer_id)
            if answer is None:
                raise InvalidInput("pulse.gone")
            answer.comment = text
            session.add(answer)
            supplier = self._supplier(session, actor, answer.supplier_id)
            return supplier.name

    def answer_supplier(self, actor: Actor, answer_id: int) -> str | None:
        """The supplier's name of one's own answer (for the comment modal); None when it is not theirs or gone."""
        with self.db.read() as session:
            answer = _own_answer(session, actor, answer_id)
            if answer is None:
                return None
            supplier = queries.get_supplier(session, workspace_id=answer.workspace_id, supplier_id=answer.supplier_id)
            return supplier.name if supplier else None

    def record_look(
        self, actor: Actor, supplier_id: int, drivers: dict[str, int], relative: int | None, raw_comment: str | None
    ) -> str:
        """The quarterly look: our view per driver (any left out), the relative question and a comment."""
        scores = {d: _score(drivers.get(d), d) for d in DRIVERS}
        rel = _score(relative, "relative")
        if not any(v is not None for v in scores.values()):
            raise InvalidInput("pulse.no_scores")
        with self.db.write() as session:
            supplier = self._supplier(session, actor, supplier_id)
            answer = self._ours(session, supplier, actor, QUARTER, relative=rel, comment=_comment(raw_comment))
            _set_drivers(answer, scores)
            return supplier.name

    def _ours(self, session: Session, supplier: Supplier, actor: Actor, source: str, **scores: Any) -> PulseAnswer:
        """A colleague's answer for our view of the supplier, added to the session."""
        assert supplier.id is not None
        answer = PulseAnswer(
            workspace_id=supplier.workspace_id,
            supplier_id=supplier.id,
            side=OURS,
            source=source,
            answered_by=actor.user_id,
            answered_at=self.clock.now(),
            **scores,
        )
        session.add(answer)
        return answer

    # --- their view -------------------------------------------------------------------------------------------

    def make_link(self, actor: Actor, supplier_id: int, contact_name: str) -> LinkMade:
        """A new link for one contact (owner or admin): random, only its hash kept, 30 days; earlier ones revoked."""
        now = self.clock.now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.db.write() as session:
            supplier = self._supplier(session, actor, supplier_id)
            self.rights.require_owner(session, supplier, actor.user_id)
            assert supplier.id is not None
            contact = named_contact(session, supplier, contact_name)
            assert contact.id is not None
            if contact.left_at is not None:
                raise InvalidInput("pulse.contact_left", name=contact.name, supplier=supplier.name)
            revoked = queries.revoke_pulse_links(
                session, workspace_id=supplier.workspace_id, contact_id=contact.id, at=now
            )
            _, workspace_language, _ = queries.language_settings(session, team_id=actor.team_id, user_id=actor.user_id)
            link = PulseLink(
                workspace_id=supplier.workspace_id,
                supplier_id=supplier.id,
                contact_id=contact.id,
                token_hash=token_hash(token),
                created_by=actor.user_id,
                language=workspace_language or DEFAULT_LANGUAGE,
                created_at=now,
                expires_at=now + timedelta(days=LINK_DAYS),
            )
            session.add(link)
            audit.record(
                session,
                workspace_id=supplier.workspace_id,
                actor_id=actor.user_id,
                action="pulse.link",
                at=now,
                supplier_id=supplier.id,
                detail={"supplier": supplier.name, "contact": contact.name, "contact_id": contact.id},
            )
            return LinkMade(token, supplier.name, contact.name, link.expires_at, revoked)

    def open_link(self, token: str) -> LinkPage | None:
        """The page behind a link; None for an unknown, expired or revoked one. Opening never uses it up."""
        with self.db.read() as session:
            found = self._link(session, token)
            if found is None:
                return None
            link, supplier, contact = found
            owner = queries.get_colleague(session, workspace_id=supplier.workspace_id, user_id=supplier.owner_id)
            owner_name = (owner.display_name if owner else None) or ""
            return LinkPage(supplier.name, contact.name, owner_name, link.language, link.answered_at is not None)

    def answer_link(
        self, token: str, drivers: dict[str, int | None], relative: int | None, raw_comment: str | None
    ) -> AnswerStored | bool | None:
        """Stores the supplier's answer once. None: no such link (or expired, revoked); False: already answered."""
        scores = {d: _score(drivers.get(d), d) for d in DRIVERS}
        rel = _score(relative, "relative")
        comment = _comment(raw_comment)
        now = self.clock.now()
        with self.db.write() as session:
            found = self._link(session, token)
            if found is None:
                return None
            link, supplier, contact = found
            assert link.id is not None
            assert supplier.id is not None
            if link.answered_at is not None or not queries.use_pulse_link(session, link_id=link.id, at=now):
                return False
            previous = queries.pulse_answers_of(
                session, workspace_id=supplier.workspace_id, supplier_ids=[supplier.id], side=THEIRS
            )
            answer = PulseAnswer(
                workspace_id=supplier.workspace_id,
                supplier_id=supplier.id,
                side=THEIRS,
                source=PAGE,
                contact_id=contact.id,
                link_id=link.id,
                relative=rel,
                comment=comment,
                answered_at=now,
            )
            _set_drivers(answer, scores)
            session.add(answer)
            session.flush()
            latest = scores_of(answer)
            fell, below = worth_telling(scores_of(previous[-1]) if previous else None, latest)
            workspace = session.get(Workspace, supplier.workspace_id)
            assert workspace is not None
            return AnswerStored(
                workspace.team_id,
                supplier.owner_id,
                supplier.id,
                supplier.name,
                contact.name,
                latest.score,
                rel,
                fell,
                below,
            )

    # --- the gap ----------------------------------------------------------------------------------------------

    def report(self, actor: Actor, supplier_id: int) -> PulseReport:
        with self.db.read() as session:
            supplier = self._supplier(session, actor, supplier_id)
            assert supplier.id is not None
            answers = queries.pulse_answers_of(session, workspace_id=supplier.workspace_id, supplier_ids=[supplier.id])
            contacts = {
                c.id: c.name
                for c in queries.contacts_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)
            }
        ours = side_view(scores_of(a) for a in answers if a.side == OURS)
        theirs = side_view(scores_of(a) for a in answers if a.side == THEIRS)
        gap = gaps(ours, theirs)
        newest_first = sorted(answers, key=lambda a: a.answered_at, reverse=True)
        relatives = [
            (a.side, _who(a, contacts), a.relative, a.answered_at) for a in newest_first if a.relative is not None
        ]
        comments = [Comment(a.side, _who(a, contacts), a.answered_at, a.comment) for a in newest_first if a.comment]
        return PulseReport(supplier.id, supplier.name, ours, theirs, gap, biggest_gap(gap), relatives, comments)

    # --- internals --------------------------------------------------------------------------------------------

    def _supplier(self, session: Session, actor: Actor, supplier_id: int) -> Supplier:
        self.rights.require_member(
            session, workspace_id=existing_workspace_id(session, actor) or 0, user_id=actor.user_id
        )
        workspace_id = existing_workspace_id(session, actor)
        supplier = (
            queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id) if workspace_id else None
        )
        if supplier is None:
            raise SupplierNotFound(str(supplier_id))
        return supplier

    def _link(self, session: Session, token: str) -> tuple[PulseLink, Supplier, Contact] | None:
        if not token or len(token) > 100:
            return None
        link = queries.pulse_link_by_hash(session, token_hash=token_hash(token))
        if link is None or link.revoked_at is not None or link.expires_at <= self.clock.now():
            return None
        supplier = queries.get_supplier(session, workspace_id=link.workspace_id, supplier_id=link.supplier_id)
        contact = session.get(Contact, link.contact_id)
        if supplier is None or supplier.archived or contact is None:
            return None
        return link, supplier, contact


def _who(answer: PulseAnswer, contacts: dict[int | None, str]) -> str:
    if answer.side == THEIRS:
        return contacts.get(answer.contact_id, "")
    return answer.answered_by or ""


def _set_drivers(answer: PulseAnswer, scores: dict[str, int | None]) -> None:
    for driver in DRIVERS:
        setattr(answer, driver, scores.get(driver))
