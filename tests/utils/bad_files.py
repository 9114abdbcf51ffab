"""Malformed files people hand in: an arrival (one JSON object, for `plan` and `launch`) and a
cohort (a CSV file in the encodings and separators Excel writes, for `launch`), each with one
thing wrong that its refusal must name: the field, a cohort's line, or what the file lacks.
"""

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from models.arrival import Arrival
from tasks.cohort_file import OPTIONAL, REQUIRED
from tests.utils import bad_values as bad
from tests.utils.bad_values import FILE, Malformed, field_named
from tests.utils.factories import arrival_data

ARRIVAL_FIELDS = list(Arrival.model_fields)
NOT_A_LIST = st.sampled_from(["3 5", 3, {"a": 1}, True])


def _arrival_value(name: str, abc: bad.Alphabet) -> SearchStrategy[Any]:
    """A wrong value for a field of a JSON arrival."""
    text = bad.arrival_text(abc)[name]
    if name == "children":
        item = st.one_of(st.integers(18, 500), st.integers(-500, -1), bad.words(abc), st.none())
        return st.one_of(
            NOT_A_LIST,
            st.tuples(st.lists(st.integers(0, 17)), item).map(lambda lead: [*lead[0], lead[1]]),
        )
    if name == "already_done":
        return st.one_of(NOT_A_LIST, text.map(lambda step: ["anmeldung", step]))
    if name == "annual_salary":
        return st.one_of(text, st.integers(max_value=-1), st.sampled_from([1.5, []]))
    optional = not Arrival.model_fields[name].is_required()
    empty = st.sampled_from(["", "   "]) if name in ("name", "employer") else st.nothing()
    return st.one_of(text, empty, bad.NOT_TEXT, st.nothing() if optional else st.none())


def _document(data: Any, encoding: str) -> bytes:
    text = json.dumps(data, ensure_ascii=encoding == "ascii")
    return text.encode("utf-8" if encoding == "ascii" else encoding)


@st.composite
def arrivals(draw: st.DrawFn) -> Malformed:
    """A JSON arrival with one field wrong, missing or unknown; or no arrival at all."""
    data = arrival_data(email="katarzyna@example.org")
    command = draw(st.sampled_from(["plan", "launch"]))
    encoding = draw(st.sampled_from(["ascii", "utf-8", "utf-8-sig", "utf-16"]))
    what = draw(st.sampled_from(["wrong"] * 6 + ["missing", "unknown", "document"]))
    if what == "wrong":
        name = draw(st.sampled_from(ARRIVAL_FIELDS))
        if name == "fast_track" and draw(st.booleans()):
            value: Any = True  # for an EU citizen, who needs no visa
        else:
            value = draw(_arrival_value(name, bad.UTF8))
        data[name] = value
        how = f"{name} = {value!r:.80}"
    elif what == "missing":
        name = draw(st.sampled_from([n for n in ARRIVAL_FIELDS if n in REQUIRED]))
        del data[name]
        how = f"no {name}"
    elif what == "unknown":
        name = draw(
            st.from_regex(r"[A-Za-z_][\w -]{0,20}", fullmatch=True).filter(
                lambda key: key not in Arrival.model_fields
            )
        )
        data[name] = draw(st.one_of(st.text(max_size=5), st.integers()))
        how = f"unknown {name!r}"
    else:
        file, names = draw(_not_an_arrival())
        return Malformed("arrival", names, f"not an arrival: {file[:60]!r}", (command, FILE), file)
    return Malformed("arrival", field_named(name), how, (command, FILE), _document(data, encoding))


def _not_an_arrival() -> SearchStrategy[tuple[bytes, str]]:
    """A file that holds no arrival at all, and what its refusal says."""
    whole = json.dumps(arrival_data(email="k@example.org"))
    not_an_object = ['"Katarzyna"', "42", "null", "[]", json.dumps([arrival_data()])]
    return st.one_of(
        st.integers(0, len(whole) - 1).map(lambda end: (whole[:end].encode(), "is not JSON")),
        st.sampled_from(not_an_object).map(lambda text: (text.encode(), "one JSON object")),
        st.just(
            (
                whole.replace("Nowak", "Now\udcffak").encode("utf-8", "surrogateescape"),
                "not text in UTF-8",
            )
        ),
        st.just((b"[" * 100_000, "nests too deep")),
        st.just((whole.replace('"PL"', "1" * 5_000, 1).encode(), "a number in it is too long")),
    )


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]
PEOPLE = [  # (name, nationality, profession); the first one makes a file in one byte not UTF-8
    ("Jürgen Müller", "TR", "Koch"),
    ("Arjun Nair", "IN", "Pflegefachmann"),
    ("Nguyễn Thị Lan", "VN", "Pflegefachfrau"),
    ("Łukasz Wójcik", "PL", "Elektroniker"),
    ('Anna "Ani" Petrova', "BG", "Zahnärztin"),
    ("O'Brien, Seán", "IE", "nurse"),
]
PLAIN = ("Amira Ben Salah", "TN", "Pflegefachfrau")  # the bad row's person, unless a formula
GOOD = {  # the other cells of a good row: none holds a separator or a quote
    "purpose": "work",
    "german_level": "b1",
    "arrival_date": "01.03.2027",
    "language": "en",
    "move_in_date": "2027-03-02",
    "birth_date": "1990-05-17",
    "employer": "Klinikum Bochum",
    "children": "3 5",
    "already_done": "accommodation",
    "annual_salary": "45000",
    "fast_track": "false",
}
# Cells that a wrong byte spoils wherever inside it goes: a UTF-8 file with one is read as
# Windows-1252, whose bytes above 0x7F are letters (a no-break space inside still spoils them).
JUNK_CELLS = [
    "nationality",
    "qualification_country",
    "purpose",
    "german_level",
    "language",
    "arrival_date",
    "annual_salary",
]
MARK = "\ue000"  # where the wrong bytes go


@dataclass
class Table:
    """A cohort being made: its columns and rows as text, and how it is written."""

    columns: list[str]
    rows: list[dict[str, str]]
    encoding: str
    separator: str
    ending: str
    by_hand: dict[int, str] = field(default_factory=dict)  # rows written as they are, by index
    junk: bytes = b""  # the wrong bytes where MARK is

    def cells(self, row: dict[str, str]) -> list[str]:
        return [row.get(column, "") for column in self.columns]

    def _record(self, cells: list[str]) -> str:
        out = io.StringIO()  # with "\r\n", a cell holding either is quoted
        csv.writer(out, delimiter=self.separator, lineterminator="\r\n").writerow(cells)
        return out.getvalue()[:-2] + self.ending

    def render(self) -> tuple[bytes, list[int]]:
        """The file, and the line each row ends on, as a reader counts them."""
        text, lines = self._record(self.columns), []
        for index, row in enumerate(self.rows):
            text += self.by_hand.get(index) or self._record(self.cells(row))
            lines.append(len(re.findall(r"\r\n|\r|\n", text)))
        data = text.encode(self.encoding)
        return data.replace(MARK.encode(self.encoding), self.junk) if self.junk else data, lines


@dataclass(frozen=True)
class Fault:
    """What is wrong with a cohort: a field of its row at `row`, or the file as a whole."""

    how: str
    name: str = ""
    row: int = -1
    whole: str = ""  # the pattern of the refusal of the whole file
    file: bytes | None = None  # a file that is no table at all


def _person(index: int, who: tuple[str, str, str]) -> dict[str, str]:
    return {
        **dict(zip(("name", "nationality", "profession"), who, strict=True)),
        "qualification_country": who[1],
        **GOOD,
        "email": f"p{index}@example.org",
    }


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    return True


@st.composite
def _table(draw: st.DrawFn) -> Table:
    encoding = draw(st.sampled_from(ENCODINGS))
    people = [who for who in PEOPLE if _encodable(who[0], encoding)]
    chosen = [people[0], *draw(st.lists(st.sampled_from(people[1:]), max_size=2, unique=True))]
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    return Table(
        columns=draw(st.permutations([*REQUIRED, *optional])),
        rows=[_person(index, who) for index, who in enumerate(chosen)],
        encoding=encoding,
        separator=draw(st.sampled_from([",", ";", "\t"])),
        ending=draw(st.sampled_from(["\n", "\r\n"])),
    )


@st.composite
def cohorts(draw: st.DrawFn) -> Malformed:
    """A cohort with one bad row (a field, or its cells), a bad header, or no cohort at all."""
    table = draw(_table())
    faults = [_bad_cell] * 4 + [
        _empty_cell,
        _formula_and_bad_cell,
        _bad_header,
        _bad_cells,
        _no_cohort,
    ]
    fault: Fault = draw(draw(st.sampled_from(faults))(table))
    file, lines = table.render()
    if fault.file is not None:
        file = fault.file
    names = fault.whole or field_named(fault.name, lines[fault.row])
    how = f"{fault.how} ({table.encoding}, {table.separator!r}, {table.columns})"
    return Malformed("cohort", names, how, ("launch", FILE), file, ".csv")


def _bad_row(draw: st.DrawFn, table: Table, who: tuple[str, str, str] = PLAIN) -> int:
    """Put the bad row among the good ones; its index."""
    at = draw(st.integers(0, len(table.rows)))
    table.rows.insert(at, _person(len(table.rows) + 1, who))
    return at


@st.composite
def _bad_cell(
    draw: st.DrawFn, table: Table, who: tuple[str, str, str] = PLAIN, but: str = ""
) -> Fault:
    at = _bad_row(draw, table, who)
    name = draw(st.sampled_from([column for column in table.columns if column != but]))
    if table.encoding == "utf-8" and name in JUNK_CELLS and draw(st.booleans()):
        good = table.rows[at][name]
        table.rows[at][name] = good[:1] + MARK + good[1:]
        table.junk = draw(
            st.binary(min_size=1, max_size=4)
            .map(lambda junk: bytes(b | 0x80 for b in junk))
            .filter(_not_utf8)
        )
        return Fault(f"{name} with the bytes {table.junk!r}", name, at)
    text = bad.arrival_text(bad.alphabet(table.encoding))[name]
    cell = draw(text.filter(lambda text: _encodable(text, table.encoding)))
    table.rows[at][name] = cell
    return Fault(f"{name} = {cell!r:.80}", name, at)


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@st.composite
def _empty_cell(draw: st.DrawFn, table: Table) -> Fault:
    at = _bad_row(draw, table)
    name = draw(st.sampled_from(REQUIRED))
    table.rows[at][name] = draw(st.sampled_from(["", " ", "\t "]))
    return Fault(f"no {name}", name, at)


@st.composite
def _formula_and_bad_cell(draw: st.DrawFn, table: Table) -> Fault:
    """A name a spreadsheet would run, in a row refused for another field."""
    formula = draw(st.sampled_from(bad.FORMULAS))
    fault: Fault = draw(_bad_cell(table, (formula, "IN", "Koch"), but="name"))
    return replace(fault, how=f"name {formula}, {fault.how}")


@st.composite
def _bad_header(draw: st.DrawFn, table: Table) -> Fault:
    """A required column left out, a column twice, or one the office does not know."""
    how = draw(st.sampled_from(["lacks", "twice", "unknown"]))
    if how == "lacks":
        name = draw(st.sampled_from(REQUIRED))
        table.columns.remove(name)
        return Fault(f"no column {name}", whole=rf"lacks the column\(s\) [\w, ]*\b{name}\b")
    if how == "twice":
        name = draw(st.sampled_from(table.columns))
        table.columns.insert(draw(st.integers(0, len(table.columns))), name)
        return Fault(f"{name} twice", whole=rf"column\(s\) [\w, ]*\b{name}\b[\w, ]* twice")
    known = {*REQUIRED, *OPTIONAL}
    name = draw(
        st.from_regex(r"[A-Za-z][A-Za-z0-9_ -]{0,15}", fullmatch=True).filter(
            lambda name: name.strip() not in known
        )
    )
    table.columns.insert(draw(st.integers(0, len(table.columns))), name)
    return Fault(f"column {name!r}", whole=rf"unknown column\(s\) [^;]*{re.escape(name.strip())}")


@st.composite
def _bad_cells(draw: st.DrawFn, table: Table) -> Fault:
    """A row with more cells than the header, fewer, or a quote that never closes."""
    how = draw(st.sampled_from(["more", "fewer", "quote"]))
    if how == "quote":  # it runs to the end of the file: the last row
        table.rows.append(_person(len(table.rows) + 1, PLAIN))
        at = len(table.rows) - 1
    else:
        at = _bad_row(draw, table)
    cells = table.cells(table.rows[at])
    sep, ending = table.separator, table.ending
    if how == "more":  # a name with the separator, unquoted
        cells[table.columns.index("name")] = f"Ben Salah{sep} Amira"
        table.by_hand[at] = sep.join(cells) + ending
        return Fault("a name with the separator, unquoted", "row", at)
    # the cells from `cut` on are lost: at least one of them is required
    last = max(i for i, column in enumerate(table.columns) if column in REQUIRED)
    cut = draw(st.integers(1, last))  # never 0: a blank line is no row
    lost = next(column for column in table.columns[cut:] if column in REQUIRED)
    if how == "fewer":
        table.by_hand[at] = sep.join(cells[:cut]) + ending
        return Fault(f"the row ends before {lost}", lost, at)
    table.by_hand[at] = (
        sep.join(cells[: cut - 1])
        + (sep if cut > 1 else "")
        + '"'
        + sep.join(cells[cut - 1 :])
        + ending
    )
    return Fault(f'a " opens {table.columns[cut - 1]} and never closes', lost, at)


@st.composite
def _no_cohort(draw: st.DrawFn, table: Table) -> Fault:
    """A header without rows, nothing but blanks, or bytes that are no table."""
    how = draw(st.sampled_from(["header", "blank", "bytes"]))
    if how == "header":
        table.rows.clear()
        return Fault("a header, no rows", whole="has a header but no rows")
    if how == "blank":
        blank = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\n\n", b" \r\n\t\r\n"]
        file = draw(st.sampled_from(blank))
        return Fault(f"only {file!r}", whole="is empty", file=file)
    file = draw(st.binary(min_size=1, max_size=300))
    return Fault(f"the bytes {file!r:.60}", whole=r"lacks the column\(s\)|is empty", file=file)
