"""A page of a list people read in Slack: the rows shown, where they start, and how many there are in all."""

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 40  # rows a list shows at once; the rest are a More button away
MAX_OFFSET = 100_000  # no list is this long; a larger offset in a button value is someone's invention


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    offset: int
    total: int
    size: int = PAGE_SIZE  # rows a page of this list holds (search and history: 10)

    @property
    def first(self) -> int:
        """The 1-based position of the first row shown."""
        return self.offset + 1

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)

    @property
    def next_offset(self) -> int | None:
        return self.last if self.last < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.size) if self.offset > 0 else None
