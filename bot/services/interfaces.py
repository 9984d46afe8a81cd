"""Interfaces: the area a contact works in, guessed from their role, and which ones a segment needs covered.

Pure rules: the words in both languages, the guess from a role, the defaults per segment, and the workspace column's
stored form (`workspace_needed` reads it from a Workspace the caller already loaded).
"""

import re

from bot.services.errors import InvalidInput
from bot.services.segments import SEGMENTS
from bot.services.settings_words import DEFAULT_WORDS
from bot.text import loose_key
from storage.models import Workspace

INTERFACES = ("commercial", "planning", "quality", "engineering", "finance", "executive", "other")
OTHER = "other"
#: The interfaces a segment can need: `other` is never needed.
NEEDABLE = tuple(i for i in INTERFACES if i != OTHER)

INTERFACE_WORDS = {
    "commercial": "commercial",
    "commercieel": "commercial",
    "sales": "commercial",
    "verkoop": "commercial",
    "planning": "planning",
    "logistics": "planning",
    "logistiek": "planning",
    "quality": "quality",
    "kwaliteit": "quality",
    "engineering": "engineering",
    "techniek": "engineering",
    "technical": "engineering",
    "finance": "finance",
    "financien": "finance",
    "financieel": "finance",
    "executive": "executive",
    "directie": "executive",
    "other": "other",
    "overig": "other",
    "overige": "other",
    "anders": "other",
}
NONE_WORDS = frozenset({"none", "geen", "nothing", "niets", "-"})

DEFAULT_NEEDED: dict[str, tuple[str, ...]] = {
    "strategic": ("commercial", "planning", "quality", "engineering", "executive"),
    "bottleneck": ("commercial", "planning", "quality"),
    "leverage": ("commercial",),
    "routine": (),
}

# What people type as a role, in English and Dutch, per interface. `words` match whole words or phrases; `stems`
# match anywhere, for Dutch compounds ("kwaliteitsmanager", "productontwikkelaar", "salesmanager"). The order is the
# precedence: the area beats the rank ("sales director" is commercial, "quality engineer" quality, "technisch
# directeur" engineering); executive only when no area is named. Our own side's words (buyer, inkoop) are absent.
# storage/migrations/versions/0005_contact_interfaces.py keeps a frozen copy of this table for existing contacts.
ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "commercial",
        (
            "account",
            "key account",
            "business development",
            "bizdev",
            "customer service",
            "customer success",
            "marketing",
            "cco",
            "chief commercial officer",
            "relationship manager",
        ),
        (
            "sales",
            "verkoop",
            "verkoper",
            "commerci",
            "accountmanag",
            "accountbeheer",
            "klantenservice",
            "binnendienst",
            "buitendienst",
            "vertegenwoordiger",
            "relatiebeheer",
            "businessdevelop",
            "bedrijfsontwikkel",
        ),
    ),
    (
        "quality",
        ("qa", "qc", "qhse", "hseq", "kam", "quality assurance", "quality control", "compliance"),
        ("quality", "kwaliteit", "inspect"),
    ),
    (
        "planning",
        (
            "supply chain",
            "scm",
            "s op",
            "operations",
            "order desk",
            "inventory",
            "materials",
            "scheduler",
            "scheduling",
        ),
        (
            "plann",
            "logisti",
            "supplychain",
            "warehouse",
            "magazijn",
            "expeditie",
            "transport",
            "dispatch",
            "orderdesk",
            "voorraad",
            "levertijd",
            "orderverwerk",
        ),
    ),
    (
        "engineering",
        ("r d", "rnd", "cto", "research", "product development", "product owner", "design", "constructeur"),
        ("engineer", "techni", "technolog", "ontwikkel", "ontwerp", "tekenaar"),
    ),
    (
        "finance",
        (
            "cfo",
            "controller",
            "controlling",
            "accountant",
            "accounting",
            "accounts payable",
            "accounts receivable",
            "credit control",
            "treasury",
            "billing",
            "administratie",
        ),
        ("financ", "boekhoud", "crediteur", "debiteur", "facturatie"),
    ),
    (
        # Support roles next to the management ("directiesecretaresse", "assistant to the CEO") are no executives.
        "other",
        ("office manager", "personal assistant", "executive assistant", "assistant to"),
        ("secretar", "assistent", "assistant"),
    ),
    (
        "executive",
        (
            "ceo",
            "coo",
            "dga",
            "md",
            "vp",
            "owner",
            "founder",
            "president",
            "vice president",
            "director",
            "directrice",
            "managing director",
            "general manager",
            "chief",
            "board",
        ),
        ("directeur", "directie", "eigenaar", "oprichter", "bestuur", "bedrijfsleider"),
    ),
)


def _plain(text: str) -> str:
    """loose_key with every run of other characters than a-z and digits one space: `R&D-Manager` → `r d manager`."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", loose_key(text)).split())


def parse_interface(word: str) -> str | None:
    """An interface key from its English or Dutch word (any case, accents optional), else None."""
    return INTERFACE_WORDS.get(_plain(word).replace(" ", ""))


def guess_interface(role: str | None) -> str:
    """The interface a role names (see ROLE_KEYWORDS), or `other` when it names none."""
    if not role:
        return OTHER
    plain = _plain(role)
    padded = f" {plain} "
    compact = plain.replace(" ", "")
    for interface, words, stems in ROLE_KEYWORDS:
        if any(f" {w} " in padded for w in words) or any(s in compact for s in stems):
            return interface
    return OTHER


def parse_needed(text: str) -> tuple[str, ...] | None:
    """`commercial,quality` / `commercieel kwaliteit` → keys in order; `none`/`geen` → (); `default` → None."""
    plain = text.strip().casefold()
    if plain in DEFAULT_WORDS:
        return None
    if plain in NONE_WORDS:
        return ()
    words = [w for w in re.split(r"[\s,;/+&]+|\ben\b|\band\b", text.strip()) if w]
    if not words:
        raise InvalidInput("interface.list_empty")
    chosen: set[str] = set()
    for word in words:
        interface = parse_interface(word)
        if interface is None:
            raise InvalidInput("interface.unknown", interface=word)
        if interface == OTHER:
            raise InvalidInput("interface.other_not_needed")
        chosen.add(interface)
    return tuple(i for i in NEEDABLE if i in chosen)


def stored_needed(needed: tuple[str, ...] | None) -> str | None:
    """The workspace column's form: None = the default, "" = none, else comma-separated keys."""
    return None if needed is None else ",".join(needed)


def workspace_needed(workspace: Workspace, segment: str) -> tuple[str, ...]:
    """The interfaces a supplier of `segment` needs covered, from the workspace's stored value (None: the default)."""
    if segment not in SEGMENTS:
        raise InvalidInput("segment.unknown", segment=segment)
    value: str | None = getattr(workspace, f"interfaces_{segment}")
    if value is None:
        return DEFAULT_NEEDED[segment]
    stored = set(value.split(","))
    return tuple(i for i in NEEDABLE if i in stored)
