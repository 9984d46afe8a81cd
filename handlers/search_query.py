"""What a search's More / Back button carries and reads back: the words, the supplier and where. The value comes back
from Slack, so it is read as untrusted: every part checked, anything else None."""

from dataclasses import dataclass, replace

from bot.services.search import QUERY_MAX
from bot.text import clean_name
from handlers.untrusted import read_id, read_offset


@dataclass(frozen=True)
class SearchQuery:
    words: str
    supplier_id: int | None = None
    offset: int = 0

    def at(self, offset: int) -> "SearchQuery":
        return replace(self, offset=offset)

    def encode(self) -> str:
        """`10:42:price index` — offset, supplier id (or nothing), then the words, within a value's 2,000 chars."""
        return f"{self.offset}:{self.supplier_id or ''}:{self.words[:QUERY_MAX]}"

    @classmethod
    def decode(cls, value: object) -> "SearchQuery | None":
        parts = value.split(":", 2) if isinstance(value, str) else []
        if len(parts) != 3:
            return None
        offset, supplier, words = parts
        at = read_offset(offset)
        if at is None:
            return None
        supplier_id = read_id(supplier) if supplier else None
        if supplier and supplier_id is None:
            return None
        words = clean_name(words)
        if not words or len(words) > QUERY_MAX:
            return None
        return cls(words, supplier_id, at)
