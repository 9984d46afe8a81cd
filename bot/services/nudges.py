"""Nudges: one DM per person per local working day, batching their quiet relationships and due follow-ups.

Split in three: what is due and fits in a message (nudge_selection, pure), claiming and sending each DM once
(nudge_sending), and what the recipient does with it (nudge_actions). Everything is importable from here too.
"""

from bot.services.nudge_actions import NudgeActions
from bot.services.nudge_selection import (
    DEFAULT_TZ,
    FOLLOW_UP_SLOTS,
    ITEMS_MAX,
    WEEKDAYS,
    Nudge,
    NudgeItem,
    Window,
    colleague_language,
    in_working_hours,
    known_zone,
    local_moment,
    pick_for_message,
    start_of_local_day,
)
from bot.services.nudge_sending import LEASE, PERMANENT_ERRORS, NudgePort, NudgeReport, NudgeService, SendResult

__all__ = [
    "DEFAULT_TZ",
    "FOLLOW_UP_SLOTS",
    "ITEMS_MAX",
    "LEASE",
    "PERMANENT_ERRORS",
    "WEEKDAYS",
    "Nudge",
    "NudgeActions",
    "NudgeItem",
    "NudgePort",
    "NudgeReport",
    "NudgeService",
    "SendResult",
    "Window",
    "colleague_language",
    "in_working_hours",
    "known_zone",
    "local_moment",
    "pick_for_message",
    "start_of_local_day",
]
