"""What a history's More / Back button carries and reads back: the supplier, the contact and where. The value comes
back from Slack, so it is read as untrusted: every part checked, anything else None."""

from dataclasses import dataclass, replace

from handlers.untrusted import read_id, read_offset


@dataclass(frozen=True)
class HistoryQuery:
    supplier_id: int
    contact_id: int | None = None
    offset: int = 0

    def at(self, offset: int) -> "HistoryQuery":
        return replace(self, offset=offset)

    def encode(self) -> str:
        """`10:42:7` — offset, supplier id, contact id (or nothing)."""
        return f"{self.offset}:{self.supplier_id}:{self.contact_id or ''}"

    @classmethod
    def decode(cls, value: object) -> "HistoryQuery | None":
        parts = value.split(":") if isinstance(value, str) else []
        if len(parts) != 3:
            return None
        offset, supplier, contact = parts
        at = read_offset(offset)
        if at is None:
            return None
        supplier_id = read_id(supplier)
        contact_id = read_id(contact) if contact else None
        if supplier_id is None or (contact and contact_id is None):
            return None
        return cls(supplier_id, contact_id, at)
