"""What an audit log's More / Back button carries and reads back: where, and the supplier (or the whole workspace).
The value comes back from Slack, so it is read as untrusted: every part checked, anything else None."""

from dataclasses import dataclass, replace

from handlers.untrusted import read_id, read_offset


@dataclass(frozen=True)
class AuditQuery:
    supplier_id: int | None = None
    offset: int = 0

    def at(self, offset: int) -> "AuditQuery":
        return replace(self, offset=offset)

    def encode(self) -> str:
        """`40:7` — offset, supplier id (or nothing for the whole workspace)."""
        return f"{self.offset}:{self.supplier_id or ''}"

    @classmethod
    def decode(cls, value: object) -> "AuditQuery | None":
        parts = value.split(":") if isinstance(value, str) else []
        if len(parts) != 2:
            return None
        offset, supplier = parts
        at = read_offset(offset)
        supplier_id = read_id(supplier) if supplier else None
        if at is None or (supplier and supplier_id is None):
            return None
        return cls(supplier_id, at)
