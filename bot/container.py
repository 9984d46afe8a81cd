"""The composition root: settings, database, clock and services, wired once and handed to handlers via context."""

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.services.audit import AuditService
from bot.services.brief import BriefService
from bot.services.capture import CaptureService
from bot.services.departures import DepartureService
from bot.services.digests import DigestService
from bot.services.export import ExportService
from bot.services.forgetting import ForgetService
from bot.services.handover import HandoverService
from bot.services.history import HistoryService
from bot.services.importing import ImportService
from bot.services.installations import InstallationService
from bot.services.merging import MergeService
from bot.services.nudges import NudgeActions, NudgeService
from bot.services.pending import PendingService
from bot.services.people import PeopleService
from bot.services.people_map import PeopleMapService
from bot.services.promises import PromiseService
from bot.services.pulse import PulseService
from bot.services.relationships import RelationshipService
from bot.services.retention import RetentionService
from bot.services.rights import Rights
from bot.services.search import SearchService
from bot.services.settings import SettingsService
from bot.services.suppliers import SupplierService
from bot.services.ticks import TickService
from bot.services.trend import TrendService
from storage.db import Database


@dataclass
class Services:
    config: Settings  # the environment, read once at start-up
    db: Database
    clock: Clock
    suppliers: SupplierService
    capture: CaptureService
    relationships: RelationshipService
    people: PeopleService
    pending: PendingService
    export: ExportService
    nudges: NudgeService
    nudge_actions: NudgeActions
    workspace_settings: SettingsService  # each workspace's own settings, changed by its admins
    digests: DigestService
    ticks: TickService
    handover: HandoverService
    departures: DepartureService  # contacts who leave their company, and their successors
    promises: PromiseService
    imports: ImportService
    search: SearchService  # finding what was logged
    pulse: PulseService  # the customer-of-choice pulse: our view, theirs, the gap
    history: HistoryService  # a supplier's notes, newest first
    merging: MergeService  # duplicates merged, nothing lost
    forgetting: ForgetService  # a person's data erased on request
    audit: AuditService  # who changed what, for admins
    people_map: PeopleMapService  # who knows whom, laid out for a picture
    trend: TrendService  # a supplier's touches, ties, promises and pulse over the last year
    briefs: BriefService  # the two-minute brief before a meeting
    installations: InstallationService  # the workspaces installed through OAuth, their tokens encrypted


def build_services(settings: Settings, *, db: Database | None = None, clock: Clock | None = None) -> Services:
    db = db or Database.from_url(settings.database_url)
    clock = clock or SystemClock()
    rights = Rights(settings.admin_ids)
    people = PeopleService(db, clock, rights)
    pending = PendingService(db, clock)
    lease = timedelta(seconds=settings.lease_seconds)
    suppliers = SupplierService(db, clock, rights)
    relationships = RelationshipService(db, clock, rights)
    handover = HandoverService(db, clock, rights, suppliers, relationships, lease)
    nudges = NudgeService(db, clock, lease, notices=handover.notices)
    digests = DigestService(db, clock, lease)
    installations = InstallationService(db, clock, settings.secret_keys, timedelta(days=settings.uninstall_grace_days))
    return Services(
        config=settings,
        db=db,
        clock=clock,
        suppliers=suppliers,
        capture=CaptureService(db, clock, rights),
        relationships=relationships,
        people=people,
        pending=pending,
        export=ExportService(db, clock, rights),
        nudges=nudges,
        nudge_actions=NudgeActions(db, clock, rights),
        workspace_settings=SettingsService(db, clock, rights),
        ticks=TickService(pending, people, nudges, digests, handover, RetentionService(db, clock), installations),
        audit=AuditService(db, clock, rights),
        digests=digests,
        handover=handover,
        departures=DepartureService(db, clock, rights),
        promises=PromiseService(db, clock, rights),
        imports=ImportService(db, clock, rights),
        search=SearchService(db, clock, rights),
        pulse=PulseService(db, clock, rights),
        history=HistoryService(db, clock, rights),
        merging=MergeService(db, clock, rights, suppliers),
        forgetting=ForgetService(db, clock, rights),
        people_map=PeopleMapService(db, clock),
        trend=TrendService(db, clock),
        briefs=BriefService(db, clock),
        installations=installations,
    )
