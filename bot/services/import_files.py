"""Reading an import file into rows: CSV or .xlsx, column names in English or Dutch, each row with its line number.

CSV: `,` `;` or tab, chosen by counting them on the header line (Excel in a Dutch locale writes `;`); UTF-8 with or
without a BOM, else Windows-1252 (what Excel writes there too). `.xlsx`: the first sheet, read with openpyxl in
read-only mode. A leading `'` that Covalis's own CSV export put before a would-be formula is taken off again.
Pure of the database: the importer (bot/services/importing.py) decides what a row means.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bot.services.errors import InvalidInput
from bot.services.export import FORMULA_STARTS
from bot.text import clean_text, loose_key

FILE_KINDS = ("suppliers", "contacts", "interactions")

#: Each file's columns: the canonical name, then the headers that mean it (English, Dutch, and the export's own).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "suppliers": {
        "name": ("name", "supplier", "supplier name", "naam", "leverancier", "leveranciersnaam"),
        "segment": ("segment", "kraljic", "kraljic segment", "kwadrant"),
        "owner": ("owner", "owner id", "owner email", "eigenaar", "eigenaar e-mail", "supplier manager"),
        "cadence": ("cadence", "cadence days", "cadence (days)", "cadans", "cadans dagen", "cadans (dagen)"),
        "aliases": ("aliases", "alias", "aliassen", "aliasen", "ook bekend als", "also known as"),
    },
    "contacts": {
        "supplier": ("supplier", "supplier name", "leverancier", "leveranciersnaam"),
        "name": ("name", "contact", "contact name", "naam", "contactpersoon", "persoon"),
        "role": ("role", "title", "job title", "rol", "functie"),
        "interface": ("interface", "area", "gebied", "raakvlak"),
        "email": ("email", "e-mail", "mail", "email address", "e-mailadres", "emailadres"),
        "cadence": (
            "key cadence",
            "cadence",
            "cadence days",
            "cadence (days)",
            "sleutelcadans",
            "cadans",
            "cadans dagen",
            "cadans (dagen)",
        ),
    },
    "interactions": {
        "supplier": ("supplier", "supplier name", "leverancier", "leveranciersnaam"),
        "date": ("date", "when", "occurred at", "occurred_at", "datum", "wanneer"),
        "kind": ("kind", "type", "soort"),
        "summary": ("summary", "note", "notes", "text", "samenvatting", "notitie", "notities", "tekst"),
        "colleagues": ("colleagues", "colleague", "collega's", "collegas", "collega", "wie"),
        "contacts": ("contacts", "contact", "contactpersonen", "contactpersoon", "contacten"),
        "external_id": ("external id", "external_id", "extern id", "externe id", "extern_id", "source id", "bron id"),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "suppliers": ("name",),
    "contacts": ("supplier", "name"),
    "interactions": ("supplier", "date"),
}
DELIMITERS = (",", ";", "\t")
_XLSX_MAGIC = b"PK\x03\x04"


def header_key(text: str) -> str:
    """A header as it is matched: accents, case and punctuation aside (`Collega's` = `collegas` = `COLLEGA S`)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", loose_key(text.replace("'", ""))).split())


_HEADERS = {
    kind: {header_key(word): name for name, words in columns.items() for word in words}
    for kind, columns in COLUMNS.items()
}


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Table:
    kind: str
    rows: list[Row] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    unknown_columns: tuple[str, ...] = ()


def cell_text(value: Any) -> str:
    """One cell as text: spreadsheet dates as ISO dates, whole numbers without `.0`, the export's `'` taken off."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return clean_text(text)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; a file that is neither is refused, not guessed at."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InvalidInput("import.bad_encoding") from None


def sniff_delimiter(header_line: str) -> str:
    """The separator the header line uses most: `,` `;` or tab (a header never holds quoted separators in
    practice; a one-column file has none and reads the same with any)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidInput("import.bad_csv", line=reader.line_num, reason=str(exc)) from None


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        raise InvalidInput("import.bad_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(record)
    finally:
        workbook.close()


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return filename.lower().endswith(".xlsx") or data.startswith(_XLSX_MAGIC)


def read_table(data: bytes, kind: str, *, filename: str = "") -> Table:
    """The file's rows keyed by canonical column name; blank rows skipped; unknown columns kept aside by name.

    A file without its required columns, or with a column twice, is refused as a whole (InvalidInput)."""
    if kind not in COLUMNS:
        raise ValueError(kind)
    records: Iterator[tuple[int, list[Any]]] = (
        _xlsx_records(data) if is_xlsx(data, filename) else _csv_records(decode(data))
    )
    table = Table(kind)
    names: list[str | None] = []
    for line, record in records:
        cells = [cell_text(value) for value in record]
        if not any(cells):
            continue
        if not names:
            names = _header(table, cells)
            continue
        values = {name: cells[i] for i, name in enumerate(names) if name is not None and i < len(cells)}
        table.rows.append(Row(line, values))
    if not names:
        raise InvalidInput("import.empty_file")
    return table


def _header(table: Table, cells: list[str]) -> list[str | None]:
    known = _HEADERS[table.kind]
    names: list[str | None] = []
    unknown: list[str] = []
    for cell in cells:
        name = known.get(header_key(cell)) if cell else None
        if name is not None and name in names:
            raise InvalidInput("import.duplicate_column", column=cell)
        if name is None and cell:
            unknown.append(cell)
        names.append(name)
    missing = [name for name in REQUIRED[table.kind] if name not in names]
    if missing:
        raise InvalidInput("import.missing_column", column=COLUMNS[table.kind][missing[0]][0])
    table.columns = tuple(n for n in names if n is not None)
    table.unknown_columns = tuple(unknown)
    return names
