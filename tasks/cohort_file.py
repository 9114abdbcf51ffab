"""A cohort as an employer sends it: a CSV file, one arrival a row, checked whole before
anything is launched.

Excel in a German office writes Windows-1252 and semicolons; both are read as well as UTF-8
and commas. Every bad row is named with its line and field; a person twice in the file, or
already on an open journey, is named with the line or journey they clash with.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

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
OPTIONAL = ("move_in_date", "birth_date", "employer", "children", "email", "already_done")
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
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252 (as Excel saves it)"


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


def _rows(text: str, path: Path) -> csv.DictReader:
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise BadFile(f"{path} is empty: no header, no rows")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column only: the header check names what is missing
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    if missing := [name for name in REQUIRED if name not in header]:
        raise BadFile(f"{path} lacks the column(s) {', '.join(missing)}; nothing was launched")
    if unknown := [name for name in header if name not in (*REQUIRED, *OPTIONAL)]:
        raise BadFile(
            f"{path} has unknown column(s) {', '.join(unknown)}; columns are: "
            f"{', '.join((*REQUIRED, *OPTIONAL))}"
        )
    return reader


def read_cohort(path: Path) -> CohortFile:
    """Every row checked: its fields, twins within the file, and people already on an open
    journey. Raises BadFile when the file as a whole cannot be read."""
    text, encoding = _text(path)
    found = CohortFile(encoding=encoding)
    seen: dict[tuple[str, ...], int] = {}
    reader = _rows(text, path)
    for row in reader:
        line = reader.line_num  # the file's line, header included, as a spreadsheet counts
        try:
            arrival = Arrival.model_validate(_cells(row))
        except ValidationError as error:
            for problem in error.errors():
                where = ".".join(str(part) for part in problem["loc"]) or "row"
                message = problem["msg"].removeprefix("Value error, ")
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
