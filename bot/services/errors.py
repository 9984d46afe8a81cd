"""Domain errors carry a message key and its parameters; the handler renders them in the user's language."""

from dataclasses import dataclass


class CovalisError(Exception):
    """An expected refusal, shown to the user as a friendly message (never a stack trace)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class InvalidInput(CovalisError):
    pass


class NotAllowed(CovalisError):
    pass


@dataclass(frozen=True)
class Candidate:
    supplier_id: int
    name: str
    archived: bool


class SupplierNotFound(CovalisError):
    def __init__(self, phrase: str) -> None:
        super().__init__("supplier.not_found", name=phrase)
        self.phrase = phrase


class SupplierAmbiguous(CovalisError):
    def __init__(self, phrase: str, candidates: list[Candidate], more: bool = False) -> None:
        super().__init__("supplier.ambiguous", name=phrase)
        self.phrase = phrase
        self.candidates = candidates
        self.more = more


class SupplierArchived(CovalisError):
    """A note for an archived supplier: the user is asked to unarchive it first, rather than log out of sight."""

    def __init__(self, supplier_id: int, name: str) -> None:
        super().__init__("supplier.archived_note", name=name)
        self.supplier_id = supplier_id


class ContactAmbiguous(CovalisError):
    """A first name the note uses is shared by several contacts: the user picks one (or none) first."""

    def __init__(self, word: str, candidates: list[tuple[int, str]]) -> None:
        super().__init__("contact.which", name=word)
        self.word = word
        self.candidates = candidates
