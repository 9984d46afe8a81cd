"""Interfaces: what users type as a role, the interface words in both languages, and the lists a segment needs."""

import pytest

from bot.services.errors import InvalidInput
from bot.services.interfaces import (
    DEFAULT_NEEDED,
    INTERFACES,
    parse_interface,
    parse_needed,
    stored_needed,
    workspace_needed,
)
from bot.services.interfaces import guess_interface as guess
from storage.models import Workspace


@pytest.mark.parametrize(
    ("role", "interface"),
    [
        ("Directiesecretaresse", "other"),
        ("assistant to the CEO", "other"),
        ("Bedrijfsontwikkelaar", "commercial"),
        ("assistant quality manager", "quality"),
        # commercial
        ("sales director", "commercial"),
        ("Account Manager", "commercial"),
        ("accountmanager", "commercial"),
        ("Key Account Manager Benelux", "commercial"),
        ("Salesmanager", "commercial"),
        ("verkoop binnendienst", "commercial"),
        ("Verkoper", "commercial"),
        ("Commercieel directeur", "commercial"),
        ("commerciële binnendienst", "commercial"),
        ("Business Developer", "commercial"),
        ("sales engineer", "commercial"),
        ("Customer service", "commercial"),
        # planning
        ("planner", "planning"),
        ("Productieplanner", "planning"),
        ("Logistiek medewerker", "planning"),
        ("Head of Logistics", "planning"),
        ("supply chain manager", "planning"),
        ("Supply-Chain Coordinator", "planning"),
        ("warehouse manager", "planning"),
        ("Hoofd magazijn", "planning"),
        ("S&OP lead", "planning"),
        # quality
        ("Quality manager", "quality"),
        ("QA engineer", "quality"),
        ("QC", "quality"),
        ("QHSE manager", "quality"),
        ("Kwaliteitsmanager", "quality"),
        ("medewerker kwaliteit", "quality"),
        ("KAM-coördinator", "quality"),
        ("quality controller", "quality"),
        # engineering
        ("engineer", "engineering"),
        ("Process Engineer", "engineering"),
        ("R&D manager", "engineering"),
        ("Head of R & D", "engineering"),
        ("Techniek", "engineering"),
        ("Technisch directeur", "engineering"),
        ("technical director", "engineering"),
        ("Productontwikkelaar", "engineering"),
        ("hoofd ontwikkeling", "engineering"),
        ("CTO", "engineering"),
        # finance
        ("controller", "finance"),
        ("Financial Controller", "finance"),
        ("CFO", "finance"),
        ("finance manager", "finance"),
        ("Financieel directeur", "finance"),
        ("Hoofd boekhouding", "finance"),
        ("medewerker crediteuren", "finance"),
        ("financiën", "finance"),
        # executive
        ("CEO", "executive"),
        ("COO", "executive"),
        ("Managing Director", "executive"),
        ("general manager", "executive"),
        ("Directeur", "executive"),
        ("algemeen directeur", "executive"),
        ("DGA", "executive"),
        ("Eigenaar", "executive"),
        ("owner", "executive"),
        ("founder & CEO", "executive"),
        ("mede-eigenaar", "executive"),
        # our side, or nothing to go on
        ("buyer", "other"),
        ("Inkoper", "other"),
        ("inkoop", "other"),
        ("office manager", "other"),
        ("manager", "other"),
        ("Plant manager", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_the_interface_is_guessed_from_the_role_people_type(role: str | None, interface: str) -> None:
    assert guess(role) == interface


@pytest.mark.parametrize(
    ("word", "interface"),
    [
        ("commercial", "commercial"),
        ("Commercieel", "commercial"),
        ("planning", "planning"),
        ("QUALITY", "quality"),
        ("kwaliteit", "quality"),
        ("engineering", "engineering"),
        ("techniek", "engineering"),
        ("finance", "finance"),
        ("financiën", "finance"),
        ("financien", "finance"),
        ("executive", "executive"),
        ("directie", "executive"),
        ("other", "other"),
        ("overig", "other"),
    ],
)
def test_an_interface_is_named_in_either_language_with_or_without_accents(word: str, interface: str) -> None:
    assert parse_interface(word) == interface


def test_an_unknown_word_is_no_interface() -> None:
    assert parse_interface("purchasing") is None
    assert parse_interface("") is None


def test_every_interface_has_its_english_name_as_a_word() -> None:
    assert all(parse_interface(key) == key for key in INTERFACES)


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("commercial,quality", ("commercial", "quality")),
        ("quality commercial", ("commercial", "quality")),
        ("commercieel, kwaliteit", ("commercial", "quality")),
        ("commercieel en kwaliteit", ("commercial", "quality")),
        ("Financiën,directie", ("finance", "executive")),
        ("planning planning", ("planning",)),
        ("none", ()),
        ("geen", ()),
        ("default", None),
        ("Standaard", None),
    ],
)
def test_a_list_of_needed_interfaces_is_read_in_either_language(text: str, needed: tuple[str, ...] | None) -> None:
    assert parse_needed(text) == needed


def test_other_is_never_needed_and_says_so() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_needed("commercial, other")
    assert refused.value.key == "interface.other_not_needed"


def test_an_unknown_word_in_the_list_is_named_in_the_refusal() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_needed("commercial, purchasing")
    assert refused.value.key == "interface.unknown"
    assert refused.value.params == {"interface": "purchasing"}


def test_the_stored_form_round_trips_and_nothing_stored_means_the_default() -> None:
    for segment in DEFAULT_NEEDED:
        assert workspace_needed(Workspace(team_id="T1"), segment) == DEFAULT_NEEDED[segment]
        for needed in [(), ("commercial",), ("planning", "finance")]:
            stored = Workspace(team_id="T1", **{f"interfaces_{segment}": stored_needed(needed)})
            assert workspace_needed(stored, segment) == needed
    assert stored_needed(None) is None


def test_the_defaults_need_most_of_a_strategic_supplier_and_nothing_of_a_routine_one() -> None:
    assert DEFAULT_NEEDED == {
        "strategic": ("commercial", "planning", "quality", "engineering", "executive"),
        "bottleneck": ("commercial", "planning", "quality"),
        "leverage": ("commercial",),
        "routine": (),
    }
