"""Checklists: advisors tick documents as they arrive; the recognition's documents complete
themselves, and start its 3-month clock (§6(3) BQFG), on the day the last one arrived."""

from datetime import date

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.steps import Stage
from models.tables import Decision, DocumentReceived, JourneyStep, StepStatus
from tasks.stage import advance_stage
from tests.utils.factories import add_journey, stored_step

BEZREG = "bezreg-muenster"
RECOGNITION_DOCUMENTS = ["passport", "certificates", "transcripts", "work_experience",
                         "translations"]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _collecting(db: Session) -> str:
    documents = stored_step("recognition_documents", StepStatus.WAITING, BEZREG,
                            opened_on=date(2027, 2, 1))  # fmt: skip
    documents.documents = RECOGNITION_DOCUMENTS
    decision = stored_step("recognition_decision", StepStatus.PENDING, BEZREG,
                           depends_on=["recognition_documents"])  # fmt: skip
    return add_journey(db, 1, [documents, decision], launched_on=date(2027, 1, 20))


def test_the_last_document_completes_the_step_and_starts_the_clock(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _collecting(office)
    code, out, err = _run(capsys, "tick", journey, "recognition_documents", "passport",
                          "certificates", "--on", "10.02.2027", "--as", "Weber")  # fmt: skip
    assert code == 0, err
    assert "Ticked passport, certificates for Recognition documents complete" in out
    assert "Still missing: transcripts (subjects and hours), proof of work experience, " in out
    assert office.exec(select(Decision)).all() == []

    code, out, err = _run(capsys, "tick", journey, "recognition_documents", "transcripts",
                          "work_experience", "translations", "--on", "2027-02-20",
                          "--as", "Yilmaz")  # fmt: skip
    assert code == 0, err
    assert "The checklist is complete: Recognition documents complete is done" in out
    (decision,) = office.exec(select(Decision)).all()
    assert decision.source == "checklist" and decision.advisor == "Yilmaz"
    assert decision.payload["complete_on"] == "2027-02-20"

    advance_stage(journey, Stage.RECOGNITION, final_attempt=True, today=date(2027, 3, 1))
    office.expire_all()
    steps = {s.step: s for s in office.exec(select(JourneyStep)).all()}
    assert steps["recognition_documents"].status is StepStatus.DONE
    assert steps["recognition_decision"].due == date(2027, 5, 20)  # 3 months from the last

    code, out, _ = _run(capsys, "documents", journey)
    assert "Recognition documents complete (recognition_documents, Bezirksregierung Münster" in out
    assert "5 of 5 arrived" in out and "✓ translations" in out and "Yilmaz" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["diploma"], 2, "diploma is not on the checklist of recognition_documents; it holds: "
                         "passport (passport), certificates"),
        (["passport", "--on", "2027-03-02"], 1, "2027-03-02 lies in the future"),
        (["passport", "--on", "soon"], 2, "'soon' is not a date"),
        (["passport"], 1, "say who ticks: --as NAME"),
    ],
)  # fmt: skip
def test_a_tick_that_cannot_be_made_is_named_and_changes_nothing(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    journey = _collecting(office)
    actor = [] if args == ["passport"] else ["--as", "Weber"]
    got, _, err = _run(capsys, "tick", journey, "recognition_documents", *args, *actor)
    assert (got, message in err) == (code, True), err
    assert office.exec(select(DocumentReceived)).all() == []


def test_a_document_is_ticked_once_and_the_second_advisor_is_told(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _collecting(office)
    assert _run(capsys, "tick", journey, "recognition_documents", "passport",
                "--on", "2027-02-10", "--as", "Weber")[0] == 0  # fmt: skip
    code, _, err = _run(capsys, "tick", journey, "recognition_documents", "passport",
                        "certificates", "--as", "Yilmaz")  # fmt: skip
    assert code == 1
    assert "passport of WO-2027-0001 was already ticked on 2027-02-10 by Weber" in err
    assert [r.document for r in office.exec(select(DocumentReceived)).all()] == ["passport"]


def test_a_step_without_a_checklist_or_done_takes_no_ticks(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _collecting(office)
    code, _, err = _run(capsys, "tick", journey, "recognition_decision", "passport",
                        "--as", "Weber")  # fmt: skip
    assert code == 1 and "recognition_decision of WO-2027-0001 has no checklist" in err


def test_documents_in_before_the_application_is_filed_are_complete_when_it_is(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    """§6(3) BQFG counts from complete documents at the body: not before it has the
    application."""
    filed = stored_step("recognition_application", StepStatus.DONE, BEZREG)
    filed.outcome = {"reference": "R-1", "submitted_on": "2027-02-25", "channel": "api"}
    documents = stored_step("recognition_documents", StepStatus.WAITING, BEZREG,
                            depends_on=["recognition_application"])  # fmt: skip
    documents.documents = RECOGNITION_DOCUMENTS
    journey = add_journey(office, 1, [filed, documents], launched_on=date(2027, 1, 20))
    code, _, err = _run(capsys, "tick", journey, "recognition_documents", *RECOGNITION_DOCUMENTS,
                        "--on", "2027-02-20", "--as", "Weber")  # fmt: skip
    assert code == 0, err
    (decision,) = office.exec(select(Decision)).all()
    assert decision.payload["complete_on"] == "2027-02-25"
