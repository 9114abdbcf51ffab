"""The recognition's clock (§6(3) BQFG: a decision within 3 months of complete documents,
extended once where the case justifies it): it stands while the body waits on the newcomer
for more documents (a Nachforderung), and the deadline moves by the days it stood."""

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.status import journey_tags, summarise
from models.tables import JourneyStep, StepStatus
from tests.utils.factories import add_journey, stored_step

TODAY = date(2027, 3, 1)  # the unit office's day


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _deciding(db: Session) -> str:
    step = stored_step("recognition_decision", StepStatus.WAITING, "bezreg-muenster",
                       opened_on=date(2027, 2, 20), due=date(2027, 5, 20))  # fmt: skip
    return add_journey(db, 1, [step], launched_on=date(2027, 1, 20))


def _step(db: Session) -> JourneyStep:
    row = db.exec(select(JourneyStep)).one()
    db.refresh(row)
    return row


def test_paused_resumed_and_extended_once_with_the_reasons_in_the_history(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _deciding(office)
    code, out, err = _run(capsys, "clock", journey, "pause", "--on", "21.02.2027",
                          "--reason", "certified translation of the transcripts",
                          "--as", "BR-7")  # fmt: skip
    assert code == 0, err
    assert "paused 2027-02-21: Nachforderung, bezreg-muenster waits on the newcomer" in out
    row = _step(office)
    assert row.due is None and row.paused_due == date(2027, 5, 20)
    # While it stands nothing is overdue, and Prefect's tags say whom the journey waits on.
    assert "waits-on:newcomer" in journey_tags([row], TODAY)
    assert summarise(journey, [row], TODAY).waiting == [("recognition_decision", "newcomer")]
    status = _run(capsys, "status", journey)[1]
    assert "paused since 2027-02-21 (Nachforderung)" in status

    code, _, err = _run(capsys, "clock", journey, "extend", "--until", "2027-08-20",
                        "--reason", "x", "--as", "BR-7")  # fmt: skip
    assert code == 1 and "stands: resume it first" in err

    code, out, err = _run(capsys, "clock", journey, "resume", "--on", "2027-03-01",
                          "--as", "BR-7")  # fmt: skip
    assert code == 0, err
    assert "the documents arrived after 8 days; due 2027-05-28 (was 2027-05-20)" in out
    assert _step(office).due == date(2027, 5, 28)

    code, out, err = _run(capsys, "clock", journey, "extend", "--until", "2027-07-28",
                          "--reason", "an expert opinion on the curriculum",
                          "--as", "BR-7")  # fmt: skip
    assert code == 0, err
    assert "due 2027-07-28 (was 2027-05-28), an expert opinion on the curriculum" in out
    code, _, err = _run(capsys, "clock", journey, "extend", "--until", "2027-09-28",
                        "--reason", "again", "--as", "BR-7")  # fmt: skip
    assert code == 1
    assert "was extended on 2027-03-01 already; once is allowed (§6(3) BQFG" in err
    assert _step(office).due == date(2027, 7, 28)

    events = json.loads(_run(capsys, "history", journey, "--json")[1])
    said = [(e["event"], e["actor"]) for e in events if e["step"] == "recognition_decision"]
    assert said == [("paused", "BR-7"), ("resumed", "BR-7"), ("extended", "BR-7")]
    assert "certified translation of the transcripts" in events[-3]["detail"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["resume"], 1, "is not paused"),
        (["pause"], 1, "say what the authority asked for: --reason"),
        (["pause", "--reason", "x", "--on", "2027-03-02"], 1, "lies in the future"),
        (["pause", "--reason", "x", "--on", "2027-02-01"], 1, "lies before recognition_decision"),
        (["extend", "--reason", "x"], 2, "extend needs the new deadline: --until DATE"),
        (["extend", "--until", "2027-05-01", "--reason", "x"], 1, "moves the deadline later"),
        (["halt"], 2, "'halt' is not one of 'pause',"),
    ],
)
def test_a_clock_change_that_cannot_be_made_is_named_and_changes_nothing(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    journey = _deciding(office)
    got, _, err = _run(capsys, "clock", journey, *args, "--as", "BR-7")
    assert got == code and message in err, err
    row = _step(office)
    assert (row.due, row.paused_since, row.extended_on) == (date(2027, 5, 20), None, None)


def test_a_clock_that_has_not_started_cannot_be_paused(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    step = stored_step("recognition_decision", StepStatus.PENDING, "bezreg-muenster")
    journey = add_journey(office, 1, [step], launched_on=date(2027, 1, 20))
    code, _, err = _run(capsys, "clock", journey, "pause", "--reason", "x", "--as", "BR-7")
    assert code == 1 and "is not running (the step is pending" in err
