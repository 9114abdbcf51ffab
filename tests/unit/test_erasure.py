"""Erasure on request and by retention, in our database: who may, what goes, what stays.
(Prefect's part, and a search of every file, is tests/e2e/test_erasure_leaves_nothing.py.)"""

import io
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.decisions import RecognitionDecided
from models.erasure import kept_of
from models.tables import (
    Decision,
    Journey,
    JourneyStep,
    Newcomer,
    Notification,
    StepEvent,
    StepStatus,
)
from tasks import erasure
from tasks.erasure import erase_past_retention, past_retention
from tasks.report import gather
from tests.utils.factories import add_journey, stored_step
from tests.utils.office import run_cli

TODAY = date(2027, 3, 1)
NAME, EMAIL, BORN = "Ana Guadalupe Erasmo", "ana.erasmo@example.org", date(1983, 7, 29)


def _journey(db: Session, number: int, finished_on: date | None) -> str:
    """A journey whose person left traces everywhere ours: newcomer, decision with free text,
    an outcome, the history and a message in the outbox."""
    done = StepStatus.DONE
    steps = [
        stored_step("accommodation", done, "housing-partner", opened_on=date(2025, 1, 6),
                    settled_on=date(2025, 1, 20)),
        stored_step("recognition_decision", done if finished_on else StepStatus.WAITING,
                    "bezreg-muenster", opened_on=date(2025, 1, 6),
                    settled_on=date(2025, 3, 3) if finished_on else None),
    ]  # fmt: skip
    journey_id = add_journey(db, number, steps, launched_on=date(2025, 1, 6),
                             finished_on=finished_on, employer="Zahnklinik Bochum")  # fmt: skip
    journey = db.get(Journey, journey_id)
    newcomer = db.get(Newcomer, journey.newcomer_id)  # type: ignore[union-attr]
    newcomer.name, newcomer.email, newcomer.birth_date = NAME, EMAIL, BORN  # type: ignore[union-attr]
    decided = {
        "advisor": "st-0002", "outcome": "partial", "decided_on": "2025-03-03",
        "gaps": [f"Prothetik, laut {NAME}"], "measure": "kenntnispruefung",
    }  # fmt: skip
    if finished_on:
        rows = select(JourneyStep).where(JourneyStep.journey_id == journey_id)
        next(row for row in db.exec(rows) if row.step == "recognition_decision").outcome = decided
    db.add(Decision(journey_id=journey_id, step="recognition_decision", advisor="st-0002",
                    payload=decided, source="cli"))  # fmt: skip
    db.add(StepEvent(journey_id=journey_id, step="accommodation", event="reopened",
                     detail=f"{NAME} asked to move", actor="st-0001"))  # fmt: skip
    db.add(Notification(key=f"{journey_id}:welcome", journey_id=journey_id, kind="welcome",
                        recipient="newcomer", language="es", subject=f"Hola {NAME}",
                        body=f"Hola {NAME}, ..."))  # fmt: skip
    db.commit()
    return journey_id


@pytest.fixture
def no_runs_in_prefect(monkeypatch: pytest.MonkeyPatch) -> None:
    """This office has no Prefect server: the journeys' runs are already gone from it."""
    monkeypatch.setattr(erasure, "forget_journey", lambda journey_id: 0)


def _files_hold(home: Path, *texts: str) -> list[str]:
    found = []
    for path in home.glob("ankommen.db*"):
        content = path.read_bytes()
        found += [f"{text} in {path.name}" for text in texts if text.encode() in content]
    return found


def test_a_coordinator_erases_on_request_and_the_statistics_stay(
    office: Session, tmp_path: Path, no_runs_in_prefect: None
) -> None:
    journey_id = _journey(office, 1, finished_on=date(2025, 3, 3))
    before = gather(TODAY)
    assert _files_hold(tmp_path, NAME, EMAIL)  # the test would see it, were it left

    code, out, err = run_cli("erase", journey_id.lower(), "--yes", "--as", "Dana Koordinatorin")

    assert code == 0, err
    assert f"Erased the personal data of {journey_id}" in out
    office.expire_all()
    newcomer = office.exec(select(Newcomer)).one()
    assert (newcomer.name, newcomer.email, newcomer.birth_date) == ("(erased)", None, None)
    assert (newcomer.nationality, newcomer.arrival_date, newcomer.employer) == (
        "IN", date(2025, 1, 6), "Zahnklinik Bochum"
    )  # fmt: skip
    decision = office.exec(select(Decision)).one()
    assert decision.payload == {
        "advisor": "st-0002", "outcome": "partial", "decided_on": "2025-03-03",
        "measure": "kenntnispruefung",
    }  # fmt: skip
    assert office.exec(select(Notification)).all() == []
    events = office.exec(select(StepEvent).order_by(StepEvent.id)).all()
    assert [(e.event, e.detail) for e in events] == [
        ("reopened", ""),
        ("erased", "on request (GDPR Art. 17)"),
    ]
    assert events[-1].actor == "Dana Koordinatorin" and events[-1].source == "cli"
    assert gather(TODAY) == before  # the reports stay right
    code, shown, _ = run_cli("history", journey_id)
    assert code == 0 and "erased" in shown and NAME not in shown
    code, shown, _ = run_cli("status", journey_id)
    assert code == 0 and "(erased)" in shown and NAME not in shown
    assert _files_hold(tmp_path, NAME, EMAIL, BORN.isoformat()) == []

    code, _, err = run_cli("erase", journey_id, "--yes", "--as", "Dana Koordinatorin")
    assert code == 1 and f"{journey_id} was erased on" in err


def test_only_a_coordinator_erases_and_only_when_asked_to(
    office: Session, monkeypatch: pytest.MonkeyPatch, no_runs_in_prefect: None
) -> None:
    journey_id = _journey(office, 1, finished_on=date(2025, 3, 3))
    assert (
        run_cli("advisor", "add", "Dana", "--org", "welcome-office-bochum", "--coordinator")[0] == 0
    )
    assert run_cli("advisor", "add", "Bea", "--org", "bezreg-muenster", "--as", "st-0001")[0] == 0

    code, _, err = run_cli("erase", journey_id, "--yes", "--as", "st-0002")
    assert code == 1 and "st-0002 is not a coordinator" in err
    code, _, err = run_cli("erase", journey_id, "--yes")
    assert code == 1 and "say who acts" in err
    for answer in ("n\n", ""):  # no, and no answer at all (no terminal)
        monkeypatch.setattr("sys.stdin", io.StringIO(answer))
        code, out, err = run_cli("erase", journey_id, "--as", "st-0001")
        assert code == 1 and "nothing erased: not confirmed" in err
        assert "Erase the personal data of" in out
    office.expire_all()
    assert office.exec(select(Newcomer.name)).one() == NAME

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run_cli("erase", journey_id, "--as", "st-0001")[0] == 0
    office.expire_all()
    assert office.exec(select(Newcomer.name)).one() == "(erased)"


def test_of_two_erasures_at_once_one_erases_and_the_other_is_told(
    office: Session, no_runs_in_prefect: None
) -> None:
    journey_id = _journey(office, 1, finished_on=date(2025, 3, 3))
    # Both passed the check before either erased.
    erasure.erase(journey_id, by="st-0001", source="cli", reason="on request")
    with pytest.raises(erasure.ErasureRefused, match="erased a moment ago, by someone else"):
        erasure.erase(journey_id, by="st-0003", source="cli", reason="on request")
    office.expire_all()
    assert [e.actor for e in office.exec(select(StepEvent).where(StepEvent.event == "erased"))] == [
        "st-0001"
    ]


def test_an_open_journey_ends_when_erased(office: Session, no_runs_in_prefect: None) -> None:
    journey_id = _journey(office, 1, finished_on=None)
    code, out, _ = run_cli("erase", journey_id, "--yes", "--as", "Dana")
    assert code == 0 and "It was still open and has ended." in out
    office.expire_all()
    assert office.get(Journey, journey_id).finished_on == TODAY  # type: ignore[union-attr]
    steps = office.exec(select(JourneyStep.step, JourneyStep.status)).all()
    assert dict(steps)["recognition_decision"] is StepStatus.SKIPPED


def test_without_prefect_nothing_is_erased(office: Session) -> None:
    journey_id = _journey(office, 1, finished_on=date(2025, 3, 3))
    code, _, err = run_cli("erase", journey_id, "--yes", "--as", "Dana")
    assert code == 1 and "refused, nothing erased: no Prefect server answers" in err
    office.expire_all()
    assert office.exec(select(Newcomer.name)).one() == NAME


def test_retention_erases_what_was_finished_long_enough_ago(
    office: Session, monkeypatch: pytest.MonkeyPatch, no_runs_in_prefect: None
) -> None:
    published: list[str] = []
    monkeypatch.setattr(
        erasure, "publish_card", lambda key, markdown, _: published.append(markdown)
    )
    old = _journey(office, 1, finished_on=date(2025, 2, 28))  # 24 months and a day
    _journey(office, 2, finished_on=date(2025, 3, 1))  # 24 months to the day: kept
    _journey(office, 3, finished_on=None)
    assert past_retention(office, TODAY, 24) == [old]
    assert past_retention(office, TODAY, 12) == [old, "WO-2027-0002"]

    assert erase_past_retention.fn() == [old]
    assert erase_past_retention.fn() == []  # erased once
    assert f"- {old}" in published[0] and "None on 2027-03-01" in published[1]
    office.expire_all()
    event = office.exec(select(StepEvent).where(StepEvent.event == "erased")).one()
    assert (event.journey_id, event.actor, event.source) == (old, "retention", "retention")
    assert "finished more than 24 months before 2027-03-01" in event.detail

    monkeypatch.setenv("ANKOMMEN_RETENTION_MONTHS", "1")
    from tasks.settings import get_settings

    get_settings.cache_clear()
    assert erase_past_retention.fn() == ["WO-2027-0002"]


def test_a_decision_keeps_its_figures_and_chosen_values_not_its_free_text() -> None:
    payload = {
        "advisor": "st-0002", "outcome": "partial", "decided_on": "2025-03-03",
        "gaps": ["Prothetik"], "measure": "kenntnispruefung", "interim_licence": True,
    }  # fmt: skip
    assert kept_of(RecognitionDecided, payload) == {
        "advisor": "st-0002", "outcome": "partial", "decided_on": "2025-03-03",
        "measure": "kenntnispruefung", "interim_licence": True,
    }  # fmt: skip
