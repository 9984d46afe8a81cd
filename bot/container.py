"""The composition root: settings, database, clock and services, wired once and handed to handlers via context."""

from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.services.capture import CaptureService
from bot.services.digests import DigestService
from bot.services.export import ExportService
from bot.services.importing import ImportService
from bot.services.nudges import NudgeActions, NudgeService
from bot.services.pending import PendingService
from bot.services.people import PeopleService
from bot.services.relationships import RelationshipService
from bot.services.rights import Rights
from bot.services.settings import SettingsService
from bot.services.suppliers import SupplierService
from bot.services.ticks import TickService
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
    imports: ImportService


def build_services(settings: Settings, *, db: Database | None = None, clock: Clock | None = None) -> Services:
    db = db or Database.from_url(settings.database_url)
    clock = clock or SystemClock()
    rights = Rights(settings.admin_ids)
    people = PeopleService(db, clock, rights)
    pending = PendingService(db, clock)
    nudges = NudgeService(db, clock)
    digests = DigestService(db, clock)
    return Services(
        config=settings,
        db=db,
        clock=clock,
        suppliers=SupplierService(db, clock, rights),
        capture=CaptureService(db, clock),
        relationships=RelationshipService(db, clock, rights),
        people=people,
        pending=pending,
        export=ExportService(db),
        nudges=nudges,
        nudge_actions=NudgeActions(db, clock, rights),
        workspace_settings=SettingsService(db, clock, rights),
        ticks=TickService(pending, people, nudges, digests),
        digests=digests,
        imports=ImportService(db, clock, rights),
    )
