"""Hostile and malformed input (issue 12 §2): arrivals, cohort files, advisors' decisions and
answers to the Prefect UI's form, each generated bad in one known way (tests/utils/
malformed.py), are refused with the bad-input exit code and a message naming the field (and
a cohort's line), crash nothing and write nothing.

1,250 generated examples, the same on every run (derandomized, no example database), so that
CI is deterministic; what they found is kept below as plain examples, each of which once
crashed a reader, was misread, or was stored.
"""

import csv
import io
import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.render import FORMULA_START, csv_text
from tasks.cohort_file import read_cohort
from tests.utils.bad_values import FORMULAS
from tests.utils.factories import arrival_data
from tests.utils.malformed import (
    FILE,
    JOURNEY,
    Desk,
    Malformed,
    arrivals,
    cohorts,
    decisions,
    field_named,
    open_desk,
    refusal_problem,
    run_inputs,
)


def deterministic(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    with open_desk(tmp_path_factory.mktemp("office")) as opened:
        yield opened


@deterministic(300)
@given(example=arrivals())
def test_a_malformed_arrival_is_refused_naming_its_field(desk: Desk, example: Malformed) -> None:
    assert (problem := refusal_problem(example, desk)) is None, problem


@deterministic(400)
@given(example=cohorts())
def test_a_malformed_cohort_is_refused_naming_the_line_and_field(
    desk: Desk, example: Malformed
) -> None:
    assert (problem := refusal_problem(example, desk)) is None, problem


@deterministic(300)
@given(example=decisions())
def test_a_malformed_decision_is_refused_naming_its_field(desk: Desk, example: Malformed) -> None:
    assert (problem := refusal_problem(example, desk)) is None, problem


@deterministic(250)
@given(example=run_inputs())
def test_a_malformed_answer_in_the_prefect_ui_is_refused_naming_its_field(
    desk: Desk, example: Malformed
) -> None:
    assert (problem := refusal_problem(example, desk)) is None, problem


HEADER = (
    "name,nationality,profession,qualification_country,purpose,german_level,arrival_date,language"
)
ROW = "Arjun Nair,IN,Pflegefachmann,IN,training,B1,2027-03-01,en"


def _cohort(how: str, names: str, *lines: str, header: str = HEADER) -> Malformed:
    text = "\n".join([header, *lines]) + "\n"
    return Malformed("cohort", names, how, ("launch", FILE), text.encode(), ".csv")


def _arrival(how: str, names: str, file: bytes) -> Malformed:
    return Malformed("arrival", names, how, ("launch", FILE), file)


ARRIVAL = json.dumps(arrival_data(name="Jürgen Müller", email="jm@example.org"), ensure_ascii=False)
FOUND = [
    _cohort("a comma in a name, unquoted: crashed", field_named("row", 2),
            "Nair, Arjun" + ROW.removeprefix("Arjun Nair")),
    _cohort("text under a column without a name: not said in plain words",
            field_named("row", 2) + " text beyond the header's named columns", ROW + ",x",
            header=HEADER + ","),
    _cohort("a cell over 128 KiB: crashed", field_named("name", 2),
            ROW.replace("Arjun Nair", "Arjun" * 30_000)),
    _cohort("a carriage return in a cell, unquoted: crashed", field_named("nationality", 2),
            ROW.replace("Arjun Nair", "Arjun\rNair")),
    _cohort("a column twice: the last one was taken", r"the column\(s\) name twice",
            ROW + ",Someone Else", header=HEADER + ",name"),
    _cohort("a NUL in a name: stored", field_named("name", 2), ROW.replace(" ", "\x00", 1)),
    _arrival("not UTF-8: crashed", "not text in UTF-8", ARRIVAL.encode("utf-8").replace(
        "ü".encode(), "ü".encode("latin-1"))),
    _arrival("nested 100,000 deep: crashed", "nests too deep", b"[" * 100_000),
    _arrival("a number of 5,000 digits: crashed", "a number in it is too long",
             ARRIVAL.replace('"PL"', "9" * 5_000, 1).encode()),
    _arrival("a terminal's escape in a name: stored", field_named("name"),
             ARRIVAL.replace("Jürgen", "J\\u001b[2Jürgen").encode()),
    Malformed("decision", field_named("advisor"), "a line break in the advisor: stored",
              ("complete", JOURNEY, "anmeldung", "--advisor", "Anna\nSchmidt")),
    Malformed("decision", field_named("valid_until"), "a rule between fields: said as input",
              ("complete", JOURNEY, "residence_permit", "--advisor", "ABH", "--title", "18a",
               "--issued-on", "2027-02-25", "--valid-until", "2027-02-01")),
    Malformed("run input", field_named("advisor"), "a NUL in the advisor: stored",
              answer={"advisor": "Anna\x00", "decision": {"step": "anmeldung"}}),
]  # fmt: skip


@pytest.mark.parametrize("example", FOUND, ids=lambda example: example.how)
def test_what_was_found_stays_refused(desk: Desk, example: Malformed) -> None:
    assert (problem := refusal_problem(example, desk)) is None, problem


def test_a_quoted_cell_is_read_as_excel_writes_it(desk: Desk) -> None:
    """Quotes inside a quoted cell are doubled; the separator was guessed with the quoting,
    which read them as the cell's end and shifted every cell after."""
    path = desk.folder / "quoted.csv"
    path.write_text(HEADER + "\n" + ROW.replace("Arjun Nair", '"Nair, Arjun ""AJ"""') + "\n")
    (_, arrival), *_ = read_cohort(path).rows
    assert arrival.name == 'Nair, Arjun "AJ"'


def test_excels_unicode_text_is_read(desk: Desk) -> None:
    """Excel's "Unicode text": UTF-16 with a byte order mark, separated by tabs."""
    path = desk.folder / "unicode.csv"
    path.write_bytes((HEADER + "\n" + ROW.replace("Arjun", "Łukasz")).replace(",", "\t")
                     .encode("utf-16"))  # fmt: skip
    found = read_cohort(path)
    assert found.problems == [] and found.rows[0][1].name == "Łukasz Nair"
    assert found.encoding.startswith("UTF-16")


PRINTABLE = st.characters(categories=["L", "N", "P", "S", "Zs"])
FORMULA_NAMES = st.sampled_from(FORMULAS) | st.builds(
    str.__add__, st.sampled_from("=+-@"), st.text(PRINTABLE)
)


@deterministic(100)
@given(name=FORMULA_NAMES)
def test_a_formula_in_a_name_is_exported_as_text(name: str) -> None:
    """A name a spreadsheet would run comes back from an export as text (a name is stored
    stripped, without control characters: so it starts with what it starts with here)."""
    (cell,) = list(csv.reader(io.StringIO(csv_text(["newcomer"], [[name]]))))[1]
    assert cell == "'" + name and not cell.startswith(FORMULA_START)
