"""`ankommen status` for a real office: overdue first, filters, pages, 120 columns, JSON."""

import json
from datetime import date

import pytest
from sqlmodel import Session

from cli.main import main
from models.tables import StepStatus
from tests.utils.factories import add_journey, stored_step

S = StepStatus


def _journey(db: Session, number: int, organisation: str, *, due: date | None = None) -> str:
    step = "anmeldung" if organisation == "buergerbuero-bochum" else "recognition_decision"
    return add_journey(
        db,
        number,
        [stored_step(step, S.WAITING, organisation, opened_on=date(2027, 2, 1), due=due)],
        launched_on=date(2027, 1, 4),
    )


def _status(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["status", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_overdue_journeys_come_first_and_the_page_says_how_many_there_are(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in range(1, 4):
        _journey(office, number, "bezreg-muenster")
    late = _journey(office, 4, "buergerbuero-bochum", due=date(2027, 2, 20))
    code, out, _ = _status(capsys, "--limit", "2")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("WO-")]
    assert rows[0].startswith(late) and "overdue" in rows[0] and "2027-02-20 9 d late" in rows[0]
    assert rows[1].startswith("WO-2027-0001") and len(rows) == 2
    assert "1–2 of 4 open journeys, 1 overdue. More: --offset 2" in out
    assert all(len(line) <= 120 for line in out.splitlines())


def test_filters_by_organisation_stage_and_overdue(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    _journey(office, 1, "bezreg-muenster")
    _journey(office, 2, "buergerbuero-bochum", due=date(2027, 2, 20))
    _journey(office, 3, "buergerbuero-bochum")

    def ids(*args: str) -> list[str]:
        code, out, _ = _status(capsys, "--json", *args)
        assert code == 0
        return [j["journey"] for j in json.loads(out)["journeys"]]

    assert ids("--org", "buergerbuero-bochum") == ["WO-2027-0002", "WO-2027-0003"]
    assert ids("--stage", "recognition") == ["WO-2027-0001"]
    assert ids("--overdue") == ["WO-2027-0002"]
    assert ids("--org", "bezreg-muenster", "--overdue") == []


def test_finished_journeys_only_with_all(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    _journey(office, 1, "bezreg-muenster")
    add_journey(
        office,
        2,
        [stored_step("anmeldung", S.DONE, "buergerbuero-bochum", settled_on=date(2027, 2, 1))],
        launched_on=date(2027, 1, 4),
        finished_on=date(2027, 2, 1),
    )
    _, out, _ = _status(capsys, "--json")
    assert json.loads(out)["total"] == 1
    _, out, _ = _status(capsys, "--json", "--all")
    page = json.loads(out)
    assert page["total"] == 2 and page["journeys"][1] == {
        "journey": "WO-2027-0002",
        "state": "done",
        "waiting": [],
        "decided": [],
        "failed": [],
        "since": None,
        "next_due": None,
        "overdue": [],
    }


def test_an_empty_office_says_so(office: Session, capsys: pytest.CaptureFixture[str]) -> None:
    assert _status(capsys)[1].strip() == "No open journeys."
    assert json.loads(_status(capsys, "--json")[1])["journeys"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "ihk-bochum"], "unknown organisation 'ihk-bochum'; organisations are: welcome"),
        (["--stage", "visa"], "unknown stage 'visa'; stages are: housing, registration"),
        (["--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_a_bad_filter_is_named(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _status(capsys, *args)
    assert code == 2 and out == "" and message in err


def test_the_list_costs_the_same_few_queries_for_five_journeys_or_sixty(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import event

    from tasks.database import engine

    def queries_for_status() -> int:
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine(), "before_cursor_execute", count)
        try:
            assert _status(capsys, "--json")[0] == 0
        finally:
            event.remove(engine(), "before_cursor_execute", count)
        return len(statements)

    for number in range(1, 6):
        _journey(office, number, "bezreg-muenster")
    few = queries_for_status()
    for number in range(6, 61):
        _journey(office, number, "buergerbuero-bochum", due=date(2027, 2, 20))
    assert queries_for_status() == few <= 5
