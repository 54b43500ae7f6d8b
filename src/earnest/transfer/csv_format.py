"""Reading a CSV file: its rows with the lines they start on, and the cells CRMs write (dates, amounts,
lists of ids, yes/no flags), before any row is matched to the ledger."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from earnest.domain.errors import DomainError

from .crm_presets import Mapping

TRUE = ("true", "1", "yes")
FALSE = ("false", "0", "no")
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%d.%m.%Y", "%d.%m.%Y %H:%M")
Row = dict[str, str]


def csv_rows(text: str, name: str, offsets: list[int] | None = None) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each row with the line it starts on; broken quoting names its line and byte."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DomainError(f"{name}: {where(start, offsets)}: broken CSV ({exc})") from None
    rows = [(n, cells) for n, cells in rows if "".join(cells).strip()]  # blank lines, or only delimiters
    if not rows:
        raise DomainError(f"{name}: the file is empty")
    (_, header), *body = rows
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise DomainError(f"{name}: the header repeats the column {', '.join(map(repr, dupes))}")
    return header, body


def where(line: int, offsets: list[int] | None) -> str:
    """'line 7 (byte offset 412)': the line, and where it starts in the file as stored."""
    if offsets is None or not 0 < line <= len(offsets):
        return f"line {line}"
    return f"line {line} (byte offset {offsets[line - 1]})"


def mapped(mapping: Mapping, cells: dict[str, str]) -> Row:
    """A row's cells under earnest's field names: for each field, the first of its columns that is not empty."""
    row: Row = {}
    for field_name, columns in mapping.columns.items():
        for column in columns:
            value = cells.get(column, "").strip()
            if value:
                row[field_name] = value
                break
    return row


def split_ids(value: str) -> list[str]:
    """HubSpot joins the ids of several associated records with ';'."""
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_day(value: str, field: str) -> date:
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace(" UTC", "")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError(f"{field} {value!r} is not a date (2026-03-14 or 03/14/2026)")


def parse_money(value: str) -> Decimal | None:
    text = value.strip().lstrip("$€£").replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise DomainError(f"amount {value!r} is not a number") from None
