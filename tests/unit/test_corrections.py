"""A coordinator corrects a wrong decision: later deadlines move, the history says why."""

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.decisions import AccommodationSecured
from models.tables import JourneyStep, StepStatus
from tests.utils.factories import add_journey, stored_step


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _journey(db: Session) -> str:
    housed = stored_step("accommodation", StepStatus.DONE, "housing-partner",
                         opened_on=date(2027, 1, 20), settled_on=date(2027, 1, 25))  # fmt: skip
    housed.outcome = AccommodationSecured(advisor="VBW", move_in_date=date(2027, 2, 1)).model_dump(
        mode="json"
    )
    registration = stored_step("anmeldung", StepStatus.PENDING, "buergerbuero-bochum",
                               due=date(2027, 2, 15), depends_on=["accommodation"])  # fmt: skip
    return add_journey(db, 1, [housed, registration], launched_on=date(2027, 1, 20))


def test_a_corrected_move_in_date_moves_the_anmeldung_deadline(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _journey(office)
    code, out, err = _run(
        capsys, "correct", journey, "accommodation", "--move-in-date", "10.02.2027",
        "--reason", "the landlord moved the key handover",
    )  # fmt: skip
    assert code == 0, err
    assert "move_in_date: 2027-02-01 → 2027-02-10" in out
    assert "anmeldung: due 2027-02-24 (was 2027-02-15)" in out
    anmeldung = office.exec(select(JourneyStep).where(JourneyStep.step == "anmeldung")).one()
    office.refresh(anmeldung)
    assert anmeldung.due == date(2027, 2, 24)
    events = json.loads(_run(capsys, "history", journey, "--json")[1])
    assert any(e["event"] == "corrected" and "key handover" in e["detail"] for e in events)
    assert any(
        e["event"] == "deadline" and "correction of accommodation" in e["detail"] for e in events
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["anmeldung", "--registered-on", "01.02.2027"], 1, "has no applied decision"),
        (["accommodation", "--move-in-date", "2027-02-01"], 1, "changes nothing"),
        (["accommodation", "--move-in-date", "soon"], 2, "move_in_date"),
        (["recognition_application"], 1, "no decision to correct"),
    ],
)
def test_a_correction_that_cannot_be_made_changes_nothing(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    journey = _journey(office)
    result = _run(capsys, "correct", journey, *args, "--reason", "typo")
    assert result[0] == code and message in result[2]
    anmeldung = office.exec(select(JourneyStep).where(JourneyStep.step == "anmeldung")).one()
    assert anmeldung.due == date(2027, 2, 15)


def test_only_a_coordinator_corrects_once_the_office_has_advisors(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _journey(office)
    _run(capsys, "advisor", "add", "Anna", "--org", "welcome-office-bochum", "--coordinator")
    _run(capsys, "advisor", "add", "Hans", "--org", "housing-partner", "--as", "st-0001")
    code, _, err = _run(capsys, "correct", journey, "accommodation", "--move-in-date",
                        "2027-02-10", "--reason", "x", "--as", "st-0002")  # fmt: skip
    assert code == 1 and "not a coordinator" in err
