"""The sandbox's Slack workspace: colleagues in several time zones, two channels, and when its clock starts."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.slack_api import FakeSlackApi

GENERAL = "C_GENERAL"
SUPPLIER_NEWS = "C_SUPPLIERS"
CHANNELS = {GENERAL: "general", SUPPLIER_NEWS: "supplier-news"}
HOME_ZONE = ZoneInfo("Europe/Amsterdam")
START_HOUR = time(10, 0)


@dataclass(frozen=True)
class Colleague:
    user_id: str
    handle: str
    name: str
    tz: str
    locale: str
    admin: bool = False


COLLEAGUES = (
    Colleague("U_ALEX", "alex", "Alex Morgan", "Europe/Amsterdam", "en-GB", admin=True),
    Colleague("U_SANNE", "sanne", "Sanne de Boer", "Europe/Amsterdam", "nl-NL"),
    Colleague("U_JORDAN", "jordan", "Jordan Lee", "America/New_York", "en-US"),
    Colleague("U_MEI", "mei", "Mei Tanaka", "Asia/Singapore", "en-US"),
)
BY_ID = {c.user_id: c for c in COLLEAGUES}


def find(word: str) -> Colleague | None:
    """A colleague by handle, first name, full name or user id, case and a leading @ ignored."""
    wanted = word.strip().lstrip("@").casefold()
    for colleague in COLLEAGUES:
        names = {colleague.handle, colleague.name.casefold(), colleague.name.split()[0].casefold()}
        if wanted in names or wanted == colleague.user_id.casefold():
            return colleague
    return None


def populate(fake: FakeSlackApi) -> None:
    """The colleagues and channels, registered with the stand-in as Slack would list them."""
    for c in COLLEAGUES:
        fake.add_user(
            c.user_id,
            name=c.handle,
            real_name=c.name,
            email=f"{c.handle}@example.com",
            tz=c.tz,
            locale=c.locale,
            is_admin=c.admin,
        )
    for channel_id, name in CHANNELS.items():
        fake.add_channel(channel_id, name=name)


def start_of_sandbox(now: datetime) -> datetime:
    """The next weekday at 10:00 in Amsterdam (today, if that is still ahead): nudges go out Monday to Friday in
    working hours, so the first `:tick` shows them."""
    local = now.astimezone(HOME_ZONE)
    day = local.date()
    if local.time() >= START_HOUR:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, START_HOUR, HOME_ZONE).astimezone(UTC)
