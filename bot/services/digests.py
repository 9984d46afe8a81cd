"""Weekly channel digests: subscriptions, what a digest says, and sending each one once a week.

A digest is due from its weekday and time (in the time zone of whoever set it up) until the week ends, so a bot
that was down on Monday still sends on Tuesday, and three missed weeks give one digest, not three. Each is claimed
in the delivery log under (subscription, ISO week) before it is posted.
"""

from datetime import timedelta

from bot.clock import Clock
from bot.services.digest_content import ROWS, Digest, NextPost, QuietLine, scheduled_in_week
from bot.services.digest_sending import LEASE, DigestPort, DigestReport, DigestSending
from bot.services.digest_subscriptions import DigestSubscriptions, Subscription
from bot.services.errors import InvalidInput
from bot.services.weekdays import WEEKDAY_WORDS
from storage.db import Database


def parse_when(weekday_word: str, hhmm: str) -> tuple[int, int]:
    weekday = WEEKDAY_WORDS.get(weekday_word.strip().casefold().rstrip("."))
    hours, _, minutes = hhmm.replace(".", ":").partition(":")
    if weekday is None or not hours.isdigit() or not minutes.isdigit():
        raise InvalidInput("digest.bad_when", when=f"{weekday_word} {hhmm}")
    if int(hours) > 23 or int(minutes) > 59:
        raise InvalidInput("digest.bad_when", when=f"{weekday_word} {hhmm}")
    return weekday, int(hours) * 60 + int(minutes)


class DigestService(DigestSubscriptions, DigestSending):
    """Subscriptions (digest_subscriptions), content (digest_content) and sending (digest_sending), in one."""

    def __init__(self, db: Database, clock: Clock, lease: timedelta = LEASE) -> None:
        self.db = db
        self.clock = clock
        self.lease = lease


__all__ = [
    "ROWS",
    "Digest",
    "DigestPort",
    "DigestReport",
    "DigestService",
    "NextPost",
    "QuietLine",
    "Subscription",
    "parse_when",
    "scheduled_in_week",
]
