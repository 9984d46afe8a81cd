"""Nudges: one DM per person per local working day, batching their quiet relationships and due follow-ups.

Split in three: what is due and fits in a message (nudge_selection, pure), claiming and sending each DM once
(nudge_sending), and what the recipient does with it (nudge_actions). What other layers use is importable from
here too.
"""

from bot.services.deliveries import SendResult
from bot.services.nudge_actions import NudgeActions
from bot.services.nudge_selection import (
    ITEMS_MAX,
    LeaverNotice,
    Nudge,
    NudgeItem,
    Window,
    in_working_hours,
    known_zone,
    local_moment,
    pick_for_message,
)
from bot.services.nudge_sending import NudgePort, NudgeReport, NudgeService

__all__ = [
    "ITEMS_MAX",
    "LeaverNotice",
    "Nudge",
    "NudgeActions",
    "NudgeItem",
    "NudgePort",
    "NudgeReport",
    "NudgeService",
    "SendResult",
    "Window",
    "in_working_hours",
    "known_zone",
    "local_moment",
    "pick_for_message",
]
