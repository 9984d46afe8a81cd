"""Issue 18: reading what a team's spreadsheet program writes — CSV with , ; or tab in UTF-8 (BOM or not) or
Windows-1252, and .xlsx — with column names in English or Dutch and the line number of every row."""

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook

from bot.services.errors import InvalidInput
from bot.services.import_files import read_table
from bot.services.importing import parse_when

HEADER = ["Naam", "Segment", "Eigenaar", "Cadans", "Aliassen"]
ROWS = [["Müller & Söhne", "strategisch", "U111", "14", "MS;Muller"], ["Café Noir", "hefboom", "U222", "", ""]]


def csv_bytes(delimiter: str, encoding: str) -> bytes:
    lines = [delimiter.join(HEADER)] + [delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"], ids=["utf8", "bom", "windows1252"])
def test_a_dutch_supplier_list_reads_the_same_whatever_the_separator_and_encoding(
    delimiter: str, encoding: str
) -> None:
    table = read_table(csv_bytes(delimiter, encoding), "suppliers")

    assert [r.line for r in table.rows] == [2, 3]
    assert table.rows[0].values == {
        "name": "Müller & Söhne",
        "segment": "strategisch",
        "owner": "U111",
        "cadence": "14",
        "aliases": "MS;Muller",
    }
    assert table.rows[1].get("name") == "Café Noir"
    assert table.unknown_columns == ()


def test_an_xlsx_file_reads_its_first_sheet_with_dates_as_iso_dates() -> None:
    data = xlsx_bytes(
        [
            ["Leverancier", "Datum", "Soort", "Samenvatting", "Collega's"],
            ["Acme", datetime(2026, 11, 3), "belletje", "Forecast", "U111"],  # noqa: DTZ001 (spreadsheets have no zones)
            [None, None, None, None, None],
            ["Acme", datetime(2026, 11, 4, 14, 30), "overleg", 42, "U111"],  # noqa: DTZ001
        ]
    )

    table = read_table(data, "interactions", filename="history.xlsx")

    assert [r.line for r in table.rows] == [2, 4]
    assert table.rows[0].get("date") == "2026-11-03"
    assert table.rows[1].get("date") == "2026-11-04T14:30:00"
    assert table.rows[1].get("summary") == "42"
    assert table.rows[0].get("colleagues") == "U111"


def test_unknown_columns_are_reported_and_the_rest_is_read() -> None:
    table = read_table(b"Name,Owner,Notes,Region\nAcme,U1,x,EU\n", "suppliers")

    assert table.unknown_columns == ("Notes", "Region")
    assert table.rows[0].values == {"name": "Acme", "owner": "U1"}


def test_a_file_without_its_required_column_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_table(b"Supplier,Role\nAcme,Buyer\n", "contacts")
    assert (refused.value.key, refused.value.params) == ("import.missing_column", {"column": "name"})


def test_the_quote_the_export_put_before_a_formula_comes_off_and_other_quotes_stay() -> None:
    table = read_table(b"name,aliases\n'=HYPERLINK(1),'-2\n'quoted,ok\n", "suppliers")

    assert table.rows[0].values == {"name": "=HYPERLINK(1)", "aliases": "-2"}
    assert table.rows[1].get("name") == "'quoted"


def test_a_quoted_cell_over_two_lines_keeps_the_next_rows_line_numbers_right() -> None:
    table = read_table(b'supplier,date,summary\nAcme,1-11-2026,"two\nlines"\nAcme,2-11-2026,next\n', "interactions")

    assert [(r.line, r.get("summary")) for r in table.rows] == [(2, "two\nlines"), (4, "next")]


def test_a_file_that_is_not_a_workbook_is_refused_clearly() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_table(b"PK\x03\x04 not really a zip", "suppliers", filename="list.xlsx")
    assert refused.value.key == "import.bad_xlsx"


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("3-11-2026", False, date(2026, 11, 3)),
        ("03/11/2026", False, date(2026, 11, 3)),
        ("3.11.26", False, date(2026, 11, 3)),
        ("11/3/2026", True, date(2026, 11, 3)),
        ("2026-11-03", True, date(2026, 11, 3)),
    ],
)
def test_dates_are_day_first_unless_month_first_and_iso_always(text: str, month_first: bool, expected: date) -> None:
    moment, has_time = parse_when(text, month_first=month_first)
    assert (moment.date(), has_time) == (expected, False)


def test_a_date_with_a_time_keeps_it_and_a_day_that_does_not_exist_is_refused() -> None:
    assert parse_when("3-11-2026 14:30", month_first=False) == (datetime(2026, 11, 3, 14, 30, tzinfo=UTC), True)
    with pytest.raises(InvalidInput):
        parse_when("31-2-2026", month_first=False)
    with pytest.raises(InvalidInput):
        parse_when("next friday", month_first=False)
