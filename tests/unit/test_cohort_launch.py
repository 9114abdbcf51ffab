"""A cohort from an employer's CSV: checked whole, every bad row named by line and field,
nothing launched unless told to skip the bad rows, nobody launched twice."""

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.tables import Journey, Newcomer

HEADER = ",".join(
    "name nationality profession qualification_country purpose german_level arrival_date "
    "language birth_date email".split()
)
ROWS = [
    "Arjun Nair,IN,Pflegefachmann,IN,training,B1,2027-03-01,en,2003-01-23,arjun@example.org",
    "Lan Nguyen,VN,Pflegefachfrau,VN,training,B1,01.03.2027,vi,2002-05-11,",
    "Amira Ben Salah,TN,Pflegefachfrau,TN,training,A2,2027-03-01,ar,2001-09-30,",
]


def _csv(tmp_path: Path, *rows: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "cohort.csv"
    path.write_bytes("\n".join([header, *rows]).encode(encoding))
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["launch", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _journeys(db: Session) -> list[tuple[str, str | None, str]]:
    query = select(Journey.id, Journey.cohort, Newcomer.name).join(Newcomer)
    return list(db.exec(query.order_by(Journey.number)).all())


def test_a_good_cohort_is_launched_under_its_tag(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, str(_csv(tmp_path, *ROWS)), "--cohort", "pflege-2027-1")
    assert code == 0, out
    assert "Launched 3 journeys of cohort pflege-2027-1 (tag cohort:pflege-2027-1)" in out
    assert [(cohort, name) for _, cohort, name in _journeys(office)] == [
        ("pflege-2027-1", "Arjun Nair"),
        ("pflege-2027-1", "Lan Nguyen"),
        ("pflege-2027-1", "Amira Ben Salah"),
    ]


def test_excels_windows_1252_and_semicolons_are_read(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = "Jürgen Müller;TR;Koch;TR;work;A2;2027-03-01;de;1990-02-02;"
    path = _csv(tmp_path, row, header=HEADER.replace(",", ";"), encoding="cp1252")
    code, out, _ = _run(capsys, str(path))
    assert code == 0 and "read as Windows-1252" in out
    assert _journeys(office)[0][2] == "Jürgen Müller"


def test_every_bad_row_is_named_and_nothing_is_launched(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_date = ROWS[1].replace("2002-05-11", "31.02.2002")
    twin = ROWS[0].replace("arjun@example.org", "other@example.org")
    code, out, err = _run(capsys, str(_csv(tmp_path, ROWS[0], bad_date, ROWS[2], twin)))
    assert code == 2 and out == ""
    assert "2 bad row(s)" in err and "nothing was launched" in err
    assert "line 3, birth_date:" in err
    assert "line 5, name: the same person as on line 2" in err
    assert _journeys(office) == []


def test_skip_invalid_launches_the_good_rows_and_lists_the_rest(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = ROWS[1].replace(",VN,Pflegefachfrau,VN,", ",XX,Pflegefachfrau,VN,")
    code, out, _ = _run(capsys, str(_csv(tmp_path, ROWS[0], bad, ROWS[2])), "--skip-invalid")
    assert code == 0 and "Launched 2 journeys" in out
    assert "line 3, nationality: 'XX' is not an ISO 3166-1 alpha-2 country code" in out
    assert len(_journeys(office)) == 2


def test_nobody_is_launched_twice_and_the_message_points_to_the_journey(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, str(_csv(tmp_path, ROWS[0])))[0] == 0
    (first, _, _) = _journeys(office)[0]
    same_email = ROWS[1].replace("vi,2002-05-11,", "vi,2002-05-11,ARJUN@example.org")
    code, _, err = _run(capsys, str(_csv(tmp_path, same_email, ROWS[2])))
    assert code == 2 and f"line 2, name: already on the open journey {first}" in err
    assert len(_journeys(office)) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        (HEADER, "has a header but no rows"),
        ("name,nationality\nA,IN", "lacks the column(s) profession, qualification_country"),
        (HEADER + ",shoe_size\n" + ROWS[0] + ",42", "unknown column(s) shoe_size"),
    ],
)
def test_a_file_that_is_not_a_cohort_is_refused(
    office: Session,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(content)
    code, _, err = _run(capsys, str(path))
    assert code == 2 and message in err
    assert _journeys(office) == []


def test_a_cohort_name_is_a_tag_not_a_person(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, str(_csv(tmp_path, *ROWS)), "--cohort", "Arjun Nair")
    assert code == 2 and "cannot name a cohort" in err
    assert _journeys(office) == []


def test_a_cohorts_progress_and_its_export(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(_csv(tmp_path, *ROWS)), "--cohort", "pflege-2027-1")
    _run(capsys, str(_csv(tmp_path, ROWS[0].replace("Arjun Nair", "Someone Else")
                          .replace("arjun@", "else@"))))  # fmt: skip
    assert main(["cohort", "pflege-2027-1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cohort pflege-2027-1: 3 journeys: 3 starting; 0 overdue.")
    assert "Ready to work (open journeys): first likely" in out
    assert "Someone Else" not in out and out.count("WO-") == 3
    assert main(["cohort", "pflege-2027-1", "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("journey,newcomer,state,waits_on")
    assert [row.split(",")[1] for row in rows[1:]] == [
        "Arjun Nair",
        "Lan Nguyen",
        "Amira Ben Salah",
    ]
    assert main(["status", "--cohort", "pflege-2027-1", "--json"]) == 0
    assert '"total": 3' in capsys.readouterr().out
    assert main(["cohort", "pflege-2099-9"]) == 1
    assert "no cohort 'pflege-2099-9'; cohorts are: pflege-2027-1" in capsys.readouterr().err


def test_the_example_cohort_reads_without_a_problem(office: Session) -> None:
    from tasks.cohort_file import read_cohort

    example = Path(__file__).resolve().parents[2] / "examples/cohorts/diakonie-pflege-2027-1.csv"
    found = read_cohort(example)
    assert found.problems == [] and len(found.rows) == 5


def _workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER.split(","), *rows]:
        sheet.append(row)
    path = tmp_path / "cohort.xlsx"
    book.save(path)
    return path


def test_an_excel_workbook_is_read_like_its_csv(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Real date cells and dates typed as text, as an employer's HR sheet has them."""
    rows: list[list[object]] = [
        ["Arjun Nair", "IN", "Pflegefachmann", "IN", "training", "B1", date(2027, 3, 1), "en",
         datetime(2003, 1, 23), "arjun@example.org"],
        ["Lan Nguyen", "VN", "Pflegefachfrau", "VN", "training", "B1", "01.03.2027", "vi",
         None, None],
    ]  # fmt: skip
    code, out, err = _run(capsys, str(_workbook(tmp_path, rows)), "--cohort", "pflege-2027-1")
    assert code == 0, err
    assert "Launched 2 journeys of cohort pflege-2027-1" in out
    newcomer = office.exec(select(Newcomer).where(Newcomer.name == "Arjun Nair")).one()
    assert newcomer.birth_date == date(2003, 1, 23)


def test_a_bad_workbook_row_is_named_by_its_row_number(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        ["Arjun Nair", "IN", "Pflegefachmann", "IN", "training", "B1", "2027-03-01", "en"],
        [],  # an empty row between people, as spreadsheets have
        ["Lan Nguyen", "XX", "Pflegefachfrau", "VN", "training", "B1", "31.02.2027", "vi"],
    ]
    code, _, err = _run(capsys, str(_workbook(tmp_path, rows)))
    assert code == 2 and "line 4, nationality" in err and "line 4, arrival_date" in err
    assert _journeys(office) == []
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_text("name,nationality\n")
    code, _, err = _run(capsys, str(not_a_workbook))
    assert code == 2 and "cannot read" in err and "as an Excel workbook" in err
