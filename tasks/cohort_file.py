"""A cohort as an employer sends it: a CSV file or an Excel workbook (.xlsx, its first
sheet), one arrival a row, checked whole before anything is launched.

Excel in a German office writes CSV as Windows-1252 with semicolons, and "Unicode text" as
UTF-16 with tabs; all are read as well as UTF-8 and commas. Every bad row is named with its
line and field (a workbook's row number); a person twice in the file, or already on an open
journey, is named with the line or journey they clash with.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models import validation
from models.arrival import Arrival
from models.dates import iso_date
from tasks.arrivals import BadFile
from tasks.database import session
from tasks.journeys import find_duplicate

REQUIRED = (
    "name",
    "nationality",
    "profession",
    "qualification_country",
    "purpose",
    "german_level",
    "arrival_date",
    "language",
)
OPTIONAL = (
    "move_in_date",
    "birth_date",
    "employer",
    "children",
    "email",
    "already_done",
    "annual_salary",
    "fast_track",
)
DATES = ("arrival_date", "move_in_date", "birth_date")
LISTS = ("children", "already_done")  # several values in one cell: "3 5" or "3, 5"


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass
class CohortFile:
    rows: list[tuple[int, Arrival]] = field(default_factory=list)  # (line, arrival)
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = "utf-8"

    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems}

    def good(self) -> list[tuple[int, Arrival]]:
        bad = self.bad_lines()
        return [(line, arrival) for line, arrival in self.rows if line not in bad]


def _text(path: Path) -> tuple[str, str]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BadFile(f"cannot read {path}: {error.strerror}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "UTF-16 (as Excel saves Unicode text)"
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252 (as Excel saves it)"


def _stray_cells(row: dict[str | None, Any]) -> bool:
    """Whether a row has text beyond the header's columns, or under a column without a name
    (taken out of the row): a cell holding the separator, unquoted, shifts all after it."""
    beyond = row.pop(None, None) or []
    unnamed = row.pop("", None)
    return any((cell or "").strip() for cell in [*beyond, unnamed])


def _cells(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in row.items():
        text = (value or "").strip()
        if not text:
            continue
        if name in DATES:
            data[name] = iso_date(text)
        elif name in LISTS:
            data[name] = [part for part in text.replace(",", " ").split() if part]
        else:
            data[name] = text
    return data


Rows = Iterator[tuple[int, dict[str, Any]]]  # (line, cells by column)


def _checked_header(names: list[str], path: Path) -> list[str]:
    header = [name.strip() for name in names]
    if missing := [name for name in REQUIRED if name not in header]:
        raise BadFile(f"{path} lacks the column(s) {', '.join(missing)}; nothing was launched")
    if unknown := [name for name in header if name and name not in (*REQUIRED, *OPTIONAL)]:
        raise BadFile(
            f"{path} has unknown column(s) {', '.join(unknown)}; columns are: "
            f"{', '.join((*REQUIRED, *OPTIONAL))}"
        )
    if twice := sorted({name for name in header if name and header.count(name) > 1}):
        raise BadFile(f"{path} has the column(s) {', '.join(twice)} twice; nothing was launched")
    return header


def _csv_rows(path: Path) -> tuple[Rows, str]:
    text, encoding = _text(path)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise BadFile(f"{path} is empty: no header, no rows")
    try:
        delimiter = csv.Sniffer().sniff(lines[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # one column only: the header check names what is missing
    # Only the separator is guessed: quotes are read as Excel writes them ("" inside quotes);
    # a cell may be as long as the file (csv's own limit, 128 KiB, would end the reading);
    # a line ends at \r, \n or both, as csv expects (a lone \r in a cell ended the reading).
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    reader.fieldnames = _checked_header(list(reader.fieldnames or []), path)
    # The file's line, header included, as a spreadsheet counts.
    return ((reader.line_num, row) for row in reader), encoding


def _cell_text(value: Any) -> str:
    """A workbook's cell as the CSV would hold it: dates as dates, whole numbers whole."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _xlsx_rows(path: Path) -> tuple[Rows, str]:
    from openpyxl import load_workbook  # only for workbooks

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise BadFile(f"cannot read {path} as an Excel workbook (.xlsx): {error}") from None
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    numbered = [(number, row) for number, row in enumerate(rows, 1) if any(c.strip() for c in row)]
    if not numbered:
        raise BadFile(f"{path} is empty: no header, no rows")
    (_, names), *body = numbered
    header = _checked_header(names, path)
    return (
        (number, {name: cell for name, cell in zip(header, row, strict=False) if name})
        for number, row in body
    ), "an Excel workbook"


STRAY = "text beyond the header's named columns: a cell holding the separator needs quotes"


def read_cohort(path: Path) -> CohortFile:
    """Every row checked: its fields, twins within the file, and people already on an open
    journey. Raises BadFile when the file as a whole cannot be read."""
    rows, encoding = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    found = CohortFile(encoding=encoding)
    seen: dict[tuple[str, ...], int] = {}
    for line, row in rows:
        if _stray_cells(row):
            found.problems.append(RowProblem(line, "row", STRAY))
            continue
        try:
            arrival = Arrival.model_validate(_cells(row))
        except ValidationError as error:
            for where, message in validation.problems(error, whole="row"):
                found.problems.append(RowProblem(line, where, message))
            continue
        for key in _keys(arrival):
            if key in seen:
                found.problems.append(
                    RowProblem(line, key[0], f"the same person as on line {seen[key]}")
                )
                break
        else:
            for key in _keys(arrival):
                seen[key] = line
        found.rows.append((line, arrival))
    if not found.rows and not found.problems:
        raise BadFile(f"{path} has a header but no rows")
    _against_open_journeys(found)
    return found


def _keys(arrival: Arrival) -> list[tuple[str, ...]]:
    keys = [("name", arrival.name.casefold(), str(arrival.birth_date or arrival.arrival_date))]
    if arrival.email:
        keys.append(("email", arrival.email.casefold()))
    return keys


def _against_open_journeys(found: CohortFile) -> None:
    with session() as db:
        for line, arrival in found.rows:
            if journey_id := find_duplicate(session=db, arrival=arrival):
                found.problems.append(
                    RowProblem(line, "name", f"already on the open journey {journey_id}")
                )
