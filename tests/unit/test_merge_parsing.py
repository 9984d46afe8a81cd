"""Issue 19: `supplier merge <a> into <b>` and `contact merge <supplier>: <a> into <b>` read in both languages, and a
name that holds the word `in` stays whole when a clearer word separates the two."""

import pytest

from handlers.commands import parse_command
from handlers.parsing import ContactMerge, SupplierMerge
from handlers.registry import UsageError


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("supplier merge Acme BV into Acme Industries", SupplierMerge("Acme BV", "Acme Industries")),
        ("leverancier samenvoegen Acme BV in Acme Industries", SupplierMerge("Acme BV", "Acme Industries")),
        (
            "leverancier samenvoegen Made in Holland naar Made in Holland BV",
            SupplierMerge("Made in Holland", "Made in Holland BV"),
        ),
        (
            "supplier merge Made in Holland into Made in Holland BV",
            SupplierMerge("Made in Holland", "Made in Holland BV"),
        ),
        ("contact merge Acme: J. Kok into Sara Kok", ContactMerge("Acme", "J. Kok", "Sara Kok")),
        ("contact samenvoegen Acme: J. Kok → Sara Kok", ContactMerge("Acme", "J. Kok", "Sara Kok")),
        ("contact merge Acme: J. Kok into Globex: Sara Kok", ContactMerge("Acme", "J. Kok", "Sara Kok", "Globex")),
    ],
)
def test_merges_are_read_in_both_languages(text: str, args: object) -> None:
    assert parse_command(text).args == args


@pytest.mark.parametrize("text", ["supplier merge Acme", "supplier merge into Acme", "contact merge Acme: Jan into"])
def test_a_merge_without_both_names_shows_its_usage(text: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_command(text)
    assert refused.value.topic in ("supplier.merge", "contact.merge")
