"""Which list, with which filter, from where: what a More or Back button carries and reads back. The value comes
back from Slack, so it is read as untrusted: every part checked, anything else None."""

import re
from dataclasses import dataclass, replace

from bot.services.segments import SEGMENTS
from handlers.untrusted import read_offset

KINDS = ("suppliers", "quiet", "followups")
_USER = re.compile(r"[UW][A-Z0-9]{1,20}")


@dataclass(frozen=True)
class ListQuery:
    kind: str  # suppliers | quiet | followups
    everyone: bool = False  # the team's quiet relationships or follow-ups; for suppliers, archived ones too
    segment: str | None = None
    owner_id: str | None = None
    offset: int = 0

    def at(self, offset: int) -> "ListQuery":
        return replace(self, offset=offset)

    def encode(self) -> str:
        """`suppliers:40:a:strategic:U123` — short, and within a button value's 2,000 characters."""
        flag = "a" if self.everyone else ""
        return ":".join((self.kind, str(self.offset), flag, self.segment or "", self.owner_id or ""))

    @classmethod
    def decode(cls, value: object) -> "ListQuery | None":
        parts = value.split(":") if isinstance(value, str) else []
        if len(parts) != 5:
            return None
        kind, offset, flag, segment, owner = parts
        if kind not in KINDS or flag not in ("", "a") or (segment and segment not in SEGMENTS):
            return None
        if owner and not _USER.fullmatch(owner):
            return None
        at = read_offset(offset)
        if at is None:
            return None
        return cls(kind, flag == "a", segment or None, owner or None, at)
