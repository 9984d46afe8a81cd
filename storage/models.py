"""SQLModel tables. Every row carries its workspace; every datetime is timezone-aware UTC."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always returns aware datetimes: SQLite drops the zone, PostgreSQL keeps it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], datetime | None] | None:
        if dialect.name == "sqlite":
            return _sqlite_utc
        return super().result_processor(dialect, coltype)


def _sqlite_utc(value: str | datetime | None) -> datetime | None:
    """SQLite keeps datetimes as ISO text: one parse in C instead of SQLAlchemy's regular expression and a second
    pass over the result (a tick at 100,000 suppliers reads some 100,000 of them)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _workspace_fk() -> Any:
    return Field(sa_column=Column(Integer, ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False, index=True))


class Workspace(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    enterprise_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    language: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    created_at: datetime = _utc_column()
    # Workspace cadence defaults per segment in days: None = the built-in default, 0 = off.
    cadence_strategic: int | None = Field(default=None)
    cadence_bottleneck: int | None = Field(default=None)
    cadence_leverage: int | None = Field(default=None)
    cadence_routine: int | None = Field(default=None)
    # The interfaces a segment needs covered: None = the built-in default, "" = none, else comma-separated keys.
    interfaces_strategic: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    interfaces_bottleneck: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    interfaces_leverage: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    interfaces_routine: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    renudge_days: int = Field(default=7)
    work_start_minute: int = Field(default=9 * 60)
    work_end_minute: int = Field(default=17 * 60)
    # A country code the `holidays` library knows (`NL`): no nudges or digests on its public holidays. None = off.
    holiday_country: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    users_synced_at: datetime | None = _utc_column(nullable=True)
    # Retention (bot/services/retention.py): note texts older than this many months are removed; None = kept.
    retention_months: int | None = Field(default=None)
    # How long the audit log keeps its entries, in months.
    audit_months: int = Field(default=24, sa_column=Column(Integer, nullable=False, server_default="24"))
    # Slack said the app was uninstalled (or its bot token revoked): no token is kept; a re-install clears it, and
    # the workspace's data is deleted COVALIS_UNINSTALL_GRACE_DAYS later (installed into many workspaces).
    uninstalled_at: datetime | None = _utc_column(nullable=True)


class Colleague(SQLModel, table=True):
    """A person on our side (a Slack user) and their Covalis settings; Slack profile facts are a cache."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id"),
        Index("ix_colleague_left_at", "workspace_id", "left_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    language: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    slack_locale: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    tz: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    display_name: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    deleted: bool = Field(default=False)
    is_admin: bool = Field(default=False)
    is_guest: bool = Field(default=False)  # Slack's restricted or ultra-restricted account: refused everything
    is_bot: bool = Field(default=False)
    paused_until: date | None = Field(default=None)
    profile_fetched_at: datetime | None = _utc_column(nullable=True)
    # When Covalis saw them go from in Slack to deleted: the one moment their relationships are handed over.
    left_at: datetime | None = _utc_column(nullable=True)


class Supplier(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("workspace_id", "name_key"),
        Index("ix_supplier_last_touch", "workspace_id", "archived", "last_touch_at"),
        Index("ix_supplier_next_nudge", "workspace_id", "next_nudge_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    name: str = Field(sa_column=Column(String(75), nullable=False))
    name_key: str = Field(sa_column=Column(String(300), nullable=False))
    segment: str = Field(sa_column=Column(String(16), nullable=False))
    owner_id: str = Field(sa_column=Column(String(32), nullable=False))
    cadence_days: int | None = Field(default=None)
    archived: bool = Field(default=False)
    created_at: datetime = _utc_column()
    last_touch_at: datetime | None = _utc_column(nullable=True)
    # Denormalised by the service whenever touch, cadence, snooze or nudge change, so a tick reads indexed
    # columns instead of scanning interactions. due_at: when it goes quiet (last touch + cadence);
    # next_nudge_at: when it may next be nudged (also after snooze and re-nudge wait). None = never.
    due_at: datetime | None = _utc_column(nullable=True, index=True)
    next_nudge_at: datetime | None = _utc_column(nullable=True)
    snoozed_until: datetime | None = _utc_column(nullable=True)
    last_nudged_at: datetime | None = _utc_column(nullable=True)


class SupplierAlias(SQLModel, table=True):
    __tablename__ = "supplier_alias"
    __table_args__ = (UniqueConstraint("workspace_id", "alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    alias: str = Field(sa_column=Column(String(75), nullable=False))
    alias_key: str = Field(sa_column=Column(String(300), nullable=False))


class Contact(SQLModel, table=True):
    """A person at a supplier. Removing one hides it but keeps the interactions it took part in."""

    __table_args__ = (
        UniqueConstraint("supplier_id", "name_key"),
        Index("ix_contact_next_nudge", "workspace_id", "next_nudge_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(sa_column=Column(String(75), nullable=False))
    name_key: str = Field(sa_column=Column(String(300), nullable=False))
    role: str | None = Field(default=None, sa_column=Column(String(75), nullable=True))
    email: str | None = Field(default=None, sa_column=Column(String(254), nullable=True))
    # The area they work in (bot/services/interfaces.py): guessed from the role, corrected by hand.
    interface: str = Field(default="other", sa_column=Column(String(20), nullable=False, server_default="other"))
    removed: bool = Field(default=False)
    created_at: datetime = _utc_column()
    # A key contact has its own cadence (days); None = not a key contact.
    cadence_days: int | None = Field(default=None)
    last_touch_at: datetime | None = _utc_column(nullable=True)
    due_at: datetime | None = _utc_column(nullable=True, index=True)
    next_nudge_at: datetime | None = _utc_column(nullable=True)
    snoozed_until: datetime | None = _utc_column(nullable=True)
    last_nudged_at: datetime | None = _utc_column(nullable=True)
    # Who on our side holds the relationship with them, when fixed by hand; else worked out from the touches.
    holder_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    # They left their company: kept in history with their ties, never nudged, never active.
    left_at: datetime | None = _utc_column(nullable=True)


class ContactAlias(SQLModel, table=True):
    """Another name a contact is known by: the name of a duplicate merged into it (`contact merge`)."""

    __tablename__ = "contact_alias"
    __table_args__ = (UniqueConstraint("contact_id", "alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    alias: str = Field(sa_column=Column(String(75), nullable=False))
    alias_key: str = Field(sa_column=Column(String(300), nullable=False))


class Interaction(SQLModel, table=True):
    __table_args__ = (
        Index("ix_interaction_supplier_time", "supplier_id", "occurred_at"),
        Index("ix_interaction_workspace_time", "workspace_id", "occurred_at"),
        Index("ix_interaction_external_id", "workspace_id", "external_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False))
    occurred_at: datetime = _utc_column()
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    summary: str = Field(sa_column=Column(Text, nullable=False))
    logged_by: str = Field(sa_column=Column(String(32), nullable=False))
    source: str = Field(sa_column=Column(String(16), nullable=False))
    visibility: str = Field(default="team", sa_column=Column(String(8), nullable=False))
    channel_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    message_ts: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    permalink: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _utc_column()
    # Its id in the system it was imported from (`covalis import interactions`, an `external_id` column).
    external_id: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))


class InteractionContact(SQLModel, table=True):
    __tablename__ = "interaction_contact"

    interaction_id: int = Field(
        sa_column=Column(Integer, ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True)
    )
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class InteractionColleague(SQLModel, table=True):
    __tablename__ = "interaction_colleague"

    interaction_id: int = Field(
        sa_column=Column(Integer, ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: str = Field(sa_column=Column(String(32), primary_key=True))


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_owner", "workspace_id", "owner_id", "status", "due_date"),
        Index("ix_follow_up_due", "workspace_id", "status", "due_date"),
        Index("ix_follow_up_promise", "workspace_id", "supplier_id", "promise", "due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    interaction_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("interaction.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    text: str = Field(sa_column=Column(Text, nullable=False))
    due_date: date
    owner_id: str = Field(sa_column=Column(String(32), nullable=False))
    status: str = Field(default="open", sa_column=Column(String(8), nullable=False))
    created_at: datetime = _utc_column()
    done_at: datetime | None = _utc_column(nullable=True)
    snoozed_until: date | None = Field(default=None)
    last_nudged_at: datetime | None = _utc_column(nullable=True)
    # A promise to the supplier (bot/services/promises.py): kept, kept late or missed; None while open.
    promise: bool = Field(default=False)
    outcome: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    missed_told_at: datetime | None = _utc_column(nullable=True)


class PendingCommand(SQLModel, table=True):
    """A command waiting for the user to pick a supplier, kept server-side so nothing typed is lost."""

    __tablename__ = "pending_command"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _utc_column()


class ProcessedEvent(SQLModel, table=True):
    """Slack retries events up to three times; the first copy seen wins."""

    __tablename__ = "processed_event"

    event_id: str = Field(sa_column=Column(String(64), primary_key=True))
    received_at: datetime = _utc_column(index=True)


class Delivery(SQLModel, table=True):
    """One message Covalis sends on its own (a nudge DM, a digest), claimed before sending so it goes out once.

    `key` names what it is for, e.g. `nudge:T1:U1:2026-11-25`. A claim is leased: a sender that crashed leaves a
    lease that expires, and a later tick takes the work over.
    """

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    recipient: str = Field(sa_column=Column(String(32), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    lease_until: datetime | None = _utc_column(nullable=True)
    attempts: int = Field(default=0)
    error: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    channel_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    message_ts: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    items: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    language: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    created_at: datetime = _utc_column()
    sent_at: datetime | None = _utc_column(nullable=True)


class DigestSubscription(SQLModel, table=True):
    """A weekly digest for one channel, optionally filtered to a segment or an owner."""

    __tablename__ = "digest_subscription"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    channel_id: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    channel_name: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    segment: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    owner_filter: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    tz: str = Field(sa_column=Column(String(64), nullable=False))
    language: str = Field(sa_column=Column(String(8), nullable=False))
    weekday: int = Field(default=0)
    minute: int = Field(default=9 * 60)
    skip_empty: bool = Field(default=False)
    active: bool = Field(default=True)
    error: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    error_at: datetime | None = _utc_column(nullable=True)
    error_seen: bool = Field(default=False)
    created_at: datetime = _utc_column()


class SearchEntry(SQLModel, table=True):
    """One interaction or follow-up as search finds it: who may see it, when, and its words with accents removed.

    Written by the unit of work that writes the note (storage/search_index.py). The full-text index over `names`
    and `body` is engine-specific and lives in migrations 0014 and 0015 only: an FTS5 table on SQLite (with `scope`,
    the supplier as a token), generated tsvector columns with GIN indexes on PostgreSQL.
    """

    __tablename__ = "search_entry"
    __table_args__ = (
        Index("ix_search_entry_supplier", "workspace_id", "supplier_id", "occurred_at"),
        Index("ix_search_entry_newest", "workspace_id", "occurred_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False))
    interaction_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("interaction.id", ondelete="CASCADE"), nullable=True, unique=True),
    )
    follow_up_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("follow_up.id", ondelete="CASCADE"), nullable=True, unique=True),
    )
    occurred_at: datetime = _utc_column()
    visibility: str = Field(sa_column=Column(String(8), nullable=False))
    author_id: str = Field(sa_column=Column(String(32), nullable=False))
    names: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    scope: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # `s<supplier id>`


class PulseLink(SQLModel, table=True):
    """A link a supplier's contact opens to say how they experience us; only the token's SHA-256 is kept."""

    __tablename__ = "pulse_link"
    __table_args__ = (Index("ix_pulse_link_contact", "workspace_id", "contact_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    contact_id: int = Field(sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False))
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    language: str = Field(sa_column=Column(String(8), nullable=False))
    created_at: datetime = _utc_column()
    expires_at: datetime = _utc_column()
    revoked_at: datetime | None = _utc_column(nullable=True)
    answered_at: datetime | None = _utc_column(nullable=True)


class PulseAnswer(SQLModel, table=True):
    """One answer to the pulse: ours (a colleague's one tap or quarterly look) or theirs (a contact, on the page).

    Drivers and the relative question are scored 1–5 (None: not asked or skipped); `overall` is the one tap.
    """

    __tablename__ = "pulse_answer"
    __table_args__ = (Index("ix_pulse_answer_supplier", "workspace_id", "supplier_id", "side", "answered_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int = Field(sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False))
    side: str = Field(sa_column=Column(String(8), nullable=False))
    source: str = Field(sa_column=Column(String(16), nullable=False))
    answered_by: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    contact_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True)
    )
    link_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("pulse_link.id", ondelete="SET NULL"), nullable=True, unique=True),
    )
    overall: int | None = Field(default=None)
    growth: int | None = Field(default=None)
    profitability: int | None = Field(default=None)
    operational: int | None = Field(default=None)
    reliability: int | None = Field(default=None)
    support: int | None = Field(default=None)
    involvement: int | None = Field(default=None)
    accessibility: int | None = Field(default=None)
    relative: int | None = Field(default=None)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answered_at: datetime = _utc_column()


class PulseAsk(SQLModel, table=True):
    """When Covalis asked someone for our view: a one tap after a note (`period` None) or a quarter's Rate buttons
    (`period` "2027Q1", claimed once per owner and quarter by the unique constraint)."""

    __tablename__ = "pulse_ask"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id", "kind", "period"),
        Index("ix_pulse_ask_supplier", "workspace_id", "supplier_id", "asked_at"),
        Index("ix_pulse_ask_user", "workspace_id", "user_id", "asked_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = _workspace_fk()
    supplier_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="CASCADE"), nullable=True)
    )
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    kind: str = Field(sa_column=Column(String(8), nullable=False))
    period: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    asked_at: datetime = _utc_column()


class AuditEntry(SQLModel, table=True):
    """Who changed what in a workspace (bot/services/audit.py). `detail` is a JSON object of the facts shown —
    names included, so forgetting a person rewrites it too. `actor_id` None: the operator's CLI or the tick."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_time", "workspace_id", "at"),
        Index("ix_audit_entry_supplier", "workspace_id", "supplier_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(sa_column=Column(Integer, ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False))
    at: datetime = _utc_column()
    actor_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    supplier_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("supplier.id", ondelete="SET NULL"), nullable=True)
    )
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class Installation(SQLModel, table=True):
    """The app installed into one workspace through Slack's OAuth flow: its bot, encrypted with COVALIS_SECRET_KEY.

    Tokens are Fernet tokens (Text: their length grows with the secret); a token that rotates carries its refresh
    token and expiry, both replaced together under a row lock."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(
        sa_column=Column(Integer, ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    team_id: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    enterprise_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    team_name: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    app_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    bot_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    bot_user_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    bot_scopes: str = Field(default="", sa_column=Column(Text, nullable=False))
    bot_token: str = Field(sa_column=Column(Text, nullable=False))
    bot_refresh_token: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    bot_token_expires_at: datetime | None = _utc_column(nullable=True)
    installer_user_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    installed_at: datetime = _utc_column()
    updated_at: datetime = _utc_column()


class OAuthState(SQLModel, table=True):
    """A state handed out by /slack/install: good once, for ten minutes, so a redirect can't be replayed."""

    __tablename__ = "oauth_state"

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    expires_at: datetime = _utc_column(index=True)
