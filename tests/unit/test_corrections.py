"""A coordinator corrects a wrong decision: later deadlines move, the history says why."""

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.decisions import AccommodationSecured
from models.tables import Decision, Journey, JourneyStep, StepStatus, utcnow
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


def _housed_and_waiting_on_the_landlord(db: Session, finished: bool = False) -> str:
    """Accommodation decided (setting the Anmeldung's deadline), the landlord's confirmation
    open, or, when `finished`, done as well."""
    housed = stored_step("accommodation", StepStatus.DONE, "housing-partner",
                         opened_on=date(2027, 1, 20), settled_on=date(2027, 1, 25))  # fmt: skip
    housed.outcome = AccommodationSecured(
        advisor="st-0002", move_in_date=date(2027, 2, 1)
    ).model_dump(mode="json")
    landlord = stored_step(
        "landlord_confirmation",
        StepStatus.DONE if finished else StepStatus.WAITING,
        "housing-partner",
        opened_on=date(2027, 1, 25),
        depends_on=["accommodation"],
    )
    registration = stored_step(
        "anmeldung",
        StepStatus.DONE if finished else StepStatus.PENDING,
        "buergerbuero-bochum",
        due=date(2027, 2, 15),
        depends_on=["landlord_confirmation"],
    )
    journey = add_journey(
        db,
        1,
        [housed, landlord, registration],
        launched_on=date(2027, 1, 20),
        finished_on=date(2027, 2, 3) if finished else None,
    )
    db.add(Decision(journey_id=journey, step="accommodation", advisor="st-0002",
                    payload=housed.outcome, source="cli", applied_at=utcnow()))  # fmt: skip
    db.commit()
    return journey


def _statuses(db: Session) -> dict[str, tuple[str, date | None]]:
    rows = db.exec(select(JourneyStep)).all()
    for row in rows:
        db.refresh(row)
    return {row.step: (row.status.value, row.due) for row in rows}


def test_a_reopened_step_is_decided_again_and_what_waited_on_it_waits_again(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _housed_and_waiting_on_the_landlord(office)
    code, out, err = _run(
        capsys, "reopen", journey, "accommodation", "--reason", "the flat fell through"
    )
    assert code == 0, err
    assert "Reopened Accommodation of WO-2027-0001 (was: move_in_date 2027-02-01)" in out
    assert "Waits again on it: landlord_confirmation" in out
    assert "anmeldung: no deadline (was 2027-02-15) until accommodation is decided again" in out
    assert _statuses(office) == {
        "accommodation": ("pending", None),
        "landlord_confirmation": ("pending", None),
        "anmeldung": ("pending", None),
    }
    assert office.exec(select(Decision)).all() == []
    events = json.loads(_run(capsys, "history", journey, "--json")[1])
    reopened = next(e for e in events if e["event"] == "reopened")
    assert "the flat fell through" in reopened["detail"] and "2027-02-01" in reopened["detail"]
    assert any(e["event"] == "closed" and e["step"] == "landlord_confirmation" for e in events)

    # Decided again, like the first time; the step's new outcome is what counts.
    code, _, err = _run(capsys, "complete", journey, "accommodation", "--advisor", "VBW",
                        "--move-in-date", "2027-03-01")  # fmt: skip
    assert code == 0, err


def test_reopening_a_finished_journey_names_what_was_done_on_the_old_facts(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _housed_and_waiting_on_the_landlord(office, finished=True)
    code, out, err = _run(capsys, "reopen", journey, "accommodation", "--reason", "wrong flat")
    assert code == 0, err
    assert "By hand: landlord_confirmation was decided on the old facts" in out
    assert "By hand: anmeldung was decided on the old facts" in out
    assert _statuses(office)["anmeldung"] == ("done", date(2027, 2, 15))  # never undone
    stored = office.exec(select(Journey)).one()
    office.refresh(stored)
    assert (stored.finished_on, stored.flow_run_id) == (None, None)  # the keeper starts a run


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["landlord_confirmation", "--reason", "x"], 1, "is not done (it is waiting)"),
        (["recognition_application", "--reason", "x"], 1, "a filing is not reopened"),
        (["accommodation", "--reason", " "], 1, "say why"),
        (["no_such_step", "--reason", "x"], 2, "unknown step"),
    ],
)
def test_a_step_that_cannot_be_reopened_changes_nothing(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    journey = _housed_and_waiting_on_the_landlord(office)
    before = _statuses(office)
    result = _run(capsys, "reopen", journey, *args)
    assert result[0] == code and message in result[2], result
    assert _statuses(office) == before


def test_only_a_coordinator_reopens_and_only_once(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _housed_and_waiting_on_the_landlord(office)
    _run(capsys, "advisor", "add", "Anna", "--org", "welcome-office-bochum", "--coordinator")
    _run(capsys, "advisor", "add", "Hans", "--org", "housing-partner", "--as", "st-0001")
    code, _, err = _run(capsys, "reopen", journey, "accommodation", "--reason", "x",
                        "--as", "st-0002")  # fmt: skip
    assert code == 1 and "not a coordinator" in err
    assert (
        _run(capsys, "reopen", journey, "accommodation", "--reason", "x", "--as", "st-0001")[0] == 0
    )
    code, _, err = _run(
        capsys, "reopen", journey, "accommodation", "--reason", "x", "--as", "st-0001"
    )
    assert code == 1 and "is not done (it is pending)" in err


def _dentist_after_a_partial_recognition(db: Session) -> str:
    decided = stored_step("recognition_decision", StepStatus.DONE, "bezreg-muenster",
                          settled_on=date(2027, 2, 1))  # fmt: skip
    decided.outcome = {"advisor": "BR-1", "outcome": "partial", "decided_on": "2027-02-01",
                       "gaps": ["Prothetik"], "measure": "kenntnispruefung"}  # fmt: skip
    exam = stored_step("kenntnispruefung", StepStatus.WAITING, "bezreg-muenster",
                       due=date(2027, 8, 1), depends_on=["recognition_decision"])  # fmt: skip
    final = stored_step("recognition_final", StepStatus.PENDING, "bezreg-muenster",
                        depends_on=["kenntnispruefung"])  # fmt: skip
    return add_journey(db, 1, [decided, exam, final], launched_on=date(2027, 1, 5),
                       ready_steps=["recognition_final"])  # fmt: skip


def test_a_correction_that_changes_the_measure_is_refused_for_a_reopening(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _dentist_after_a_partial_recognition(office)
    code, _, err = _run(capsys, "correct", journey, "recognition_decision",
                        "--measure", "anpassungslehrgang", "--reason", "misread")  # fmt: skip
    assert code == 1
    assert "changes which steps follow recognition_decision" in err
    assert "reopen recognition_decision instead" in err


def test_reopening_a_partial_recognition_takes_its_measure_out_again(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _dentist_after_a_partial_recognition(office)
    code, out, err = _run(capsys, "reopen", journey, "recognition_decision",
                          "--reason", "the notice was for someone else")  # fmt: skip
    assert code == 0, err
    assert "Not needed until it is decided again: kenntnispruefung" in out
    assert "Not needed until it is decided again: recognition_final" in out
    statuses = {s.step: s.status.value for s in office.exec(select(JourneyStep)).all()}
    assert statuses == {
        "recognition_decision": "pending",
        "kenntnispruefung": "skipped",
        "recognition_final": "skipped",
    }
    journey_row = office.get(Journey, journey)
    assert journey_row is not None
    office.refresh(journey_row)
    assert journey_row.ready_steps == ["recognition_decision"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2027-03-02", "received_on: 2027-03-02 lies in the future (today is 2027-03-01)"),
        ("2027-01-10", "received_on: 2027-01-10 lies before the arrival on 2027-01-20"),
    ],
)
def test_a_corrected_date_is_checked_as_a_decision_s_is(
    office: Session, capsys: pytest.CaptureFixture[str], day: str, message: str
) -> None:
    confirmed = stored_step("landlord_confirmation", StepStatus.DONE, "housing-partner",
                            settled_on=date(2027, 2, 1))  # fmt: skip
    confirmed.outcome = {"advisor": "VBW", "received_on": "2027-02-01"}
    journey = add_journey(office, 1, [confirmed], launched_on=date(2027, 1, 20))
    code, _, err = _run(capsys, "correct", journey, "landlord_confirmation", "--received-on",
                        day, "--reason", "typo")  # fmt: skip
    assert code == 2 and message in err, err
    office.refresh(confirmed)
    assert confirmed.outcome == {"advisor": "VBW", "received_on": "2027-02-01"}
