"""Plausible decisions: a date of what happened lies neither in the future, nor before the
newcomer arrived (unless the step is done from abroad, as recognition is), nor before the step
it comes after; and an accelerated procedure is launched before entry (§81a AufenthG)."""

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.tables import Decision, Journey, StepStatus
from tests.utils.factories import add_journey, arrival_data, stored_step

ARRIVED = date(2027, 2, 10)  # the newcomer's arrival; today is 2027-03-01


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _journey(db: Session) -> str:
    confirmed = stored_step("landlord_confirmation", StepStatus.DONE, "housing-partner")
    confirmed.outcome = {"advisor": "VBW", "received_on": "2027-02-20"}
    registration = stored_step("anmeldung", StepStatus.WAITING, "buergerbuero-bochum",
                               depends_on=["landlord_confirmation"])  # fmt: skip
    documents = stored_step("recognition_documents", StepStatus.WAITING, "ihk-fosa")
    return add_journey(db, 1, [confirmed, registration, documents], launched_on=ARRIVED)


@pytest.mark.parametrize(
    ("step", "day", "message"),
    [
        ("anmeldung", "2027-02-01", "registered_on: 2027-02-01 lies before the arrival on "
                                    "2027-02-10, and anmeldung is done in Germany"),
        ("anmeldung", "2027-02-15", "registered_on: 2027-02-15 lies before "
                                    "landlord_confirmation, which it comes after (2027-02-20)"),
        ("anmeldung", "2027-03-02", "registered_on: 2027-03-02 lies in the future"),
    ],
)  # fmt: skip
def test_an_implausible_date_is_refused_and_nothing_is_stored(
    office: Session, capsys: pytest.CaptureFixture[str], step: str, day: str, message: str
) -> None:
    journey = _journey(office)
    code, _, err = _run(capsys, "complete", journey, step, "--advisor", "BB-1",
                        "--registered-on", day)  # fmt: skip
    assert code == 2 and message in err, err
    assert office.exec(select(Decision)).all() == []


def test_what_is_done_from_abroad_may_lie_before_the_arrival(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _journey(office)
    code, _, err = _run(capsys, "complete", journey, "recognition_documents", "--advisor",
                        "IHK-1", "--complete-on", "2026-12-01")  # fmt: skip
    assert code == 0, err
    code, _, err = _run(capsys, "complete", journey, "anmeldung", "--advisor", "BB-1",
                        "--registered-on", "2027-02-20")  # fmt: skip
    assert code == 0, err


def test_an_accelerated_procedure_is_launched_before_entry(
    office: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    arrival = arrival_data(nationality="IN", employer="Klinikum Bochum", fast_track=True,
                           arrival_date="2027-02-01", move_in_date=None)  # fmt: skip
    path = tmp_path / "late.json"
    path.write_text(json.dumps(arrival))
    code, _, err = _run(capsys, "launch", str(path))
    assert code == 1
    assert "fast_track: the accelerated procedure (§81a AufenthG) is launched before entry" in err
    assert office.exec(select(Journey)).all() == []
