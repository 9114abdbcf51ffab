"""An organisation's work list: its open manual steps, overdue first, filtered, by case number."""

import json
from datetime import date

import pytest
from sqlmodel import Session

from cli.main import main
from models.tables import StepStatus
from tests.utils.factories import add_journey, stored_step

S = StepStatus
BB, ABH = "buergerbuero-bochum", "auslaenderbehoerde-bochum"


def _office(db: Session) -> None:
    add_journey(
        db,
        1,
        [stored_step("anmeldung", S.WAITING, BB, opened_on=date(2027, 2, 20))],
        launched_on=date(2027, 2, 1),
    )
    add_journey(
        db,
        2,
        [
            stored_step(
                "anmeldung", S.WAITING, BB, opened_on=date(2027, 2, 25), due=date(2027, 2, 27)
            )
        ],
        launched_on=date(2027, 2, 1),
        cohort="pflege-2027-1",
    )
    registered = date(2027, 2, 3)
    add_journey(
        db,
        3,
        [
            stored_step("anmeldung", S.DONE, BB, opened_on=date(2027, 2, 1), settled_on=registered),
            stored_step("residence_permit", S.WAITING, ABH, opened_on=registered),
        ],
        launched_on=date(2027, 2, 1),
    )


def _work(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["tasks", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_work_list_puts_overdue_steps_first(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    _office(office)
    code, out, _ = _work(capsys, "--org", BB)
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("WO-")]
    assert [row.split()[0] for row in rows] == ["WO-2027-0002", "WO-2027-0001"]
    assert "overdue" in rows[0] and "2027-02-27" in rows[0] and "pflege-2027-1" in rows[0]
    assert "1–2 of 2 open steps waiting on Bürgerbüro Bochum." in out
    assert all(len(line) <= 120 for line in out.splitlines())


def test_filters_and_json(office: Session, capsys: pytest.CaptureFixture[str]) -> None:
    _office(office)

    def ids(*args: str) -> list[str]:
        code, out, _ = _work(capsys, "--json", *args)
        assert code == 0
        return [s["journey"] for s in json.loads(out)["steps"]]

    assert ids("--org", BB, "--overdue") == ["WO-2027-0002"]
    assert ids("--org", BB, "--cohort", "pflege-2027-1") == ["WO-2027-0002"]
    assert ids("--org", "auslaenderbehoerde-bochum", "--step", "residence_permit") == [
        "WO-2027-0003"
    ]
    assert ids("--org", "bamf") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "rathaus"], "unknown organisation 'rathaus'"),
        (["--org", BB, "--step", "flat"], "unknown step 'flat'"),
        (["--org", BB, "--step", "recognition_application"], "done by ankommen itself"),
    ],
)
def test_bad_filters_are_named(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _work(capsys, *args)
    assert code == 2 and out == "" and message in err
