"""The journey's logic under one Prefect test server: the suspension is replaced by advisors'
prepared answers, so whole journeys run in seconds, with the clock fixed."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness
from sqlmodel import select

import flows.journey
from models.arrival import Arrival
from models.plan import make_plan
from models.tables import Decision, JourneyStep, StepEvent
from tasks.database import session
from tasks.journeys import create_journey, journey_steps
from tasks.settings import get_settings
from tests.utils.factories import short_journey_data

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(autouse=True)
def our_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ANKOMMEN_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ANKOMMEN_AUTHORITY_URL", raising=False)
    monkeypatch.setenv("ANKOMMEN_TODAY", TODAY.isoformat())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class Advisors:
    """Stands in for suspend_flow_run: answers from a script, and notes each form shown."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self.answers = answers
        self.forms: list[tuple[list[str], str]] = []

    def __call__(self, wait_for_input: Any, key: str) -> Any:
        schema = wait_for_input.model_json_schema()
        self.forms.append((schema["properties"]["step"]["enum"], wait_for_input._description))
        if not self.answers:
            raise LookupError("no advisor answers left")
        return wait_for_input(**self.answers.pop(0))


def launch(**overrides: Any) -> str:
    arrival = Arrival.model_validate(short_journey_data(name="Flow Person", **overrides))
    with session() as db:
        journey = create_journey(
            session=db, arrival=arrival, plan=make_plan(arrival), prefix="WO", today=TODAY
        )
    return journey.id


def test_a_whole_journey_with_several_open_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    journey_id = launch()
    advisors = Advisors(
        [
            {"step": "recognition_documents", "advisor": "IHK FOSA"},
            {"step": "accommodation", "advisor": "Housing", "move_in_date": "2026-11-20"},
            {"step": "landlord_confirmation", "advisor": "Housing"},
            {"step": "anmeldung", "advisor": "Bürgerbüro"},
            {"step": "recognition_decision", "advisor": "IHK FOSA", "outcome": "partial"},
            {
                "step": "recognition_decision",
                "advisor": "IHK FOSA",
                "outcome": "partial",
                "gaps": ["food hygiene law"],
                "measure": "anpassungslehrgang",
            },
            {"step": "mentoring", "advisor": "Mentor network", "programme": "sports_club"},
        ]
    )
    monkeypatch.setattr(flows.journey, "suspend_flow_run", advisors)

    assert flows.journey.journey(journey_id) == "complete"

    open_steps = [set(steps) for steps, _ in advisors.forms]
    assert open_steps[0] == {"accommodation", "recognition_documents"}
    assert open_steps[1] == {"accommodation", "recognition_decision"}
    assert open_steps[4] == open_steps[5] == {"recognition_decision", "mentoring"}
    refused_form = advisors.forms[5][1]
    assert "was refused" in refused_form and "gaps" in refused_form
    assert "due 2027-02-26" in advisors.forms[1][1]  # 3 months after documents complete

    with session() as db:
        steps = {s.step: s for s in journey_steps(session=db, journey_id=journey_id)}
        events = db.exec(select(StepEvent).where(StepEvent.journey_id == journey_id)).all()
        decisions = db.exec(select(Decision).where(Decision.journey_id == journey_id)).all()
    assert all(s.status.settled for s in steps.values())
    assert steps["anmeldung"].due == date(2026, 12, 4)  # 14 days after the move-in date
    assert steps["recognition_decision"].outcome["gaps"] == ["food hygiene law"]
    assert steps["recognition_application"].outcome["channel"] == "post"
    assert sum(e.event == "done" for e in events) == 7
    assert [e.step for e in events if e.event == "refused"] == ["recognition_decision"]
    assert all(d.applied_at and d.source == "prefect-ui" for d in decisions)


def test_a_graduate_starts_where_she_already_is(monkeypatch: pytest.MonkeyPatch) -> None:
    journey_id = launch(
        nationality="CN",
        qualification_country="DE",
        profession="Informatikerin",
        already_done=["accommodation", "landlord_confirmation", "anmeldung"],
    )
    advisors = Advisors(
        [
            {"step": "residence_permit", "advisor": "ABH", "title": "18b"},
        ]
    )
    monkeypatch.setattr(flows.journey, "suspend_flow_run", advisors)
    with pytest.raises(LookupError):
        flows.journey.journey(journey_id)
    assert [set(steps) for steps, _ in advisors.forms] == [
        {"residence_permit", "mentoring"},
        {"mentoring"},
    ]
    with session() as db:
        statuses = {
            s.step: s.status.value
            for s in db.exec(select(JourneyStep).where(JourneyStep.journey_id == journey_id))
        }
    assert statuses["anmeldung"] == "skipped" and statuses["residence_permit"] == "done"
