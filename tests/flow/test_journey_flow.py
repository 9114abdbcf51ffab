"""The journey's logic under one Prefect test server, with the real suspend and resume
(tests/utils/journey_runs.py): advisors answer through the resume form's input, and the clock
is fixed, so whole journeys run in seconds."""

from datetime import date
from typing import Any

import pytest
from prefect.flow_runs import resume_flow_run
from sqlmodel import select

from models.tables import Decision, DocumentReceived, Journey, Newcomer, StepEvent
from tasks.advisor_form import wake_input
from tasks.database import session
from tasks.decisions import StepNotOpen, record_decision, unapplied
from tasks.journeys import journey_steps
from tasks.settings import get_settings
from tests.utils.journey_runs import TODAY, Run, launch


def test_a_whole_journey_with_several_open_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    # Launched before the newcomer arrives: what is done from abroad (recognition) and the
    # flat open one after another as they are decided; from the arrival, the visit's steps.
    run = Run(launch(arrival_date="2026-12-15", move_in_date=None))
    abroad = [
        ("Welcome", {"step": "recognition_posted"}),  # no authority API: staff post it
        ("IHK FOSA", {"step": "recognition_documents"}),
        ("Housing", {"step": "accommodation", "move_in_date": "2026-12-16"}),
    ]
    here = [
        ("Housing", {"step": "landlord_confirmation"}),
        ("Bürgerbüro", {"step": "anmeldung"}),
        ("IHK FOSA", {"step": "recognition_decision", "outcome": "partial"}),
        ("IHK FOSA", {"step": "recognition_decision", "outcome": "partial",
                      "gaps": ["food hygiene law"], "measure": "anpassungslehrgang"}),
        ("Mentor network", {"step": "mentoring", "programme": "sports_club"}),
        ("IHK FOSA", {"step": "anpassungslehrgang", "starts_on": "2026-12-17", "passed": True}),
        ("IHK FOSA", {"step": "recognition_final", "outcome": "full"}),
    ]  # fmt: skip
    answers = [*abroad, *here]
    while run.until_it_waits():
        if len(answers) == len(here):  # what is done from abroad is done: the newcomer came
            monkeypatch.setenv("ANKOMMEN_TODAY", "2026-12-20")
            get_settings.cache_clear()
        advisor, decision = answers.pop(0)
        run.answer(advisor, **decision)
    assert answers == []

    open_steps = [set(steps) for steps, _ in run.forms]
    assert open_steps[0] == {"accommodation", "recognition_posted"}
    assert open_steps[1] == {"accommodation", "recognition_documents"}
    assert open_steps[2] == {"accommodation", "recognition_decision"}
    assert "due 2027-02-26" in run.forms[2][1]  # 3 months after documents complete
    assert open_steps[3] == {"landlord_confirmation", "recognition_decision"}
    # once the newcomer has come, the rest of the visit opens at once
    assert open_steps[4] == {"anmeldung", "mentoring", "recognition_decision"}
    assert open_steps[7] == {"anpassungslehrgang", "mentoring"}  # the measure of the partial
    assert open_steps[9] == {"recognition_final"}
    refused_form = next(description for _, description in run.forms if "was refused" in description)
    assert "gaps" in refused_form

    with session() as db:
        steps = {s.step: s for s in journey_steps(session=db, journey_id=run.journey_id)}
        events = db.exec(select(StepEvent).where(StepEvent.journey_id == run.journey_id)).all()
        decisions = db.exec(select(Decision).where(Decision.journey_id == run.journey_id)).all()
    assert all(s.status.settled for s in steps.values())
    assert steps["anmeldung"].due == date(2026, 12, 30)  # 14 days after the move-in date
    # the landlord's confirmation is on the Anmeldung's checklist as it is recorded
    with session() as db:
        brought = db.exec(select(DocumentReceived).where(DocumentReceived.step == "anmeldung"))
        assert [(d.document, d.received_on, d.source) for d in brought] == [
            ("landlord_confirmation", date(2026, 12, 20), "journey")
        ]
    assert steps["recognition_decision"].outcome["gaps"] == ["food hygiene law"]
    assert steps["recognition_application"].outcome["channel"] == "post"
    assert sum(e.event == "done" for e in events) == 10
    assert [e.step for e in events if e.event == "refused"] == ["recognition_decision"]
    assert all(d.applied_at and d.source == "prefect-ui" for d in decisions)
    # take stock, the stages with work, take stock again: at most 5 task runs per wait
    assert len(run.task_runs()) <= 5 * len(run.forms)


def test_a_graduate_starts_where_she_already_is() -> None:
    run = Run(
        launch(
            nationality="CN",
            qualification_country="DE",
            profession="Informatikerin",
            already_done=["accommodation", "landlord_confirmation", "anmeldung"],
        )
    )
    assert run.until_it_waits()
    run.answer("ABH", step="residence_permit", title="18b")
    assert run.until_it_waits()
    assert [set(steps) for steps, _ in run.forms] == [
        {"residence_permit", "mentoring"},  # a German degree: no approval (§2(1) no. 3 BeschV)
        {"residence_card", "mentoring"},  # ... produced in 4-6 weeks
    ]
    with session() as db:
        statuses = {
            s.step: s.status.value for s in journey_steps(session=db, journey_id=run.journey_id)
        }
    assert statuses["anmeldung"] == "skipped" and statuses["residence_permit"] == "done"


def test_on_the_visit_day_every_step_of_the_visit_is_open_at_once() -> None:
    """The newcomer is here (arrived before today): each partner of the one-visit day sees
    their step at once and decides it in the visit's order, without a journey run between."""
    run = Run(launch(qualification_country="DE"))
    assert run.until_it_waits()
    assert set(run.forms[0][0]) == {
        "accommodation", "landlord_confirmation", "anmeldung", "mentoring"
    }  # fmt: skip

    def decide(step: str, **fields: Any) -> None:
        with session() as db:
            record_decision(session=db, journey_id=run.journey_id, step=step, source="cli",
                            data={"advisor": "Desk", **fields}, today=TODAY)  # fmt: skip

    with pytest.raises(StepNotOpen, match="comes after landlord_confirmation at the visit"):
        decide("anmeldung")
    decide("accommodation", move_in_date="2026-11-20")
    decide("landlord_confirmation")
    decide("anmeldung")
    with session() as db:
        first = unapplied(session=db, journey_id=run.journey_id)[0]
    # Woken as `ankommen complete` wakes it: everything is recorded already.
    resume_flow_run(
        run.flow_run.id,
        run_input=wake_input(step=first.step, payload=first.payload, decision_id=first.id),
    )
    assert run.until_it_waits()
    assert run.forms[1][0] == ["mentoring"]
    with session() as db:
        steps = {s.step: s for s in journey_steps(session=db, journey_id=run.journey_id)}
    assert steps["anmeldung"].due == date(2026, 12, 4)  # set by the accommodation's decision
    assert {
        steps[s].status.value for s in ("accommodation", "landlord_confirmation", "anmeldung")
    } == {"done"}


def test_a_coordinator_routes_a_profession_the_catalogue_does_not_know() -> None:
    """A typo never blocks a launch, and never guesses a body: the Welcome Office picks it,
    and the recognition goes on with that body."""
    run = Run(launch(profession="Bäckermeisterin aus Lwiw", arrival_date="2026-12-15",
                     move_in_date=None))  # fmt: skip
    assert run.until_it_waits()
    assert set(run.forms[0][0]) == {"accommodation", "competent_body"}
    run.answer("st-0001", step="competent_body", body="hwk-dortmund")
    assert run.until_it_waits()
    assert set(run.forms[1][0]) == {"accommodation", "recognition_posted"}

    with session() as db:
        steps = {s.step: s for s in journey_steps(session=db, journey_id=run.journey_id)}
        events = db.exec(select(StepEvent).where(StepEvent.event == "routed")).all()
        journey = db.get(Journey, run.journey_id)
        newcomer = db.get(Newcomer, journey.newcomer_id)  # type: ignore[union-attr]
    assert [steps[name].organisation for name in RECOGNITION] == ["hwk-dortmund"] * 3
    assert steps["recognition_application"].status.value == "done"
    assert steps["recognition_posted"].organisation == "welcome-office-bochum"
    assert {(e.step, e.detail) for e in events} == {
        (name, "to hwk-dortmund at competent_body") for name in RECOGNITION
    }
    # a craft's recognition helps but is no condition of working: not in "ready to work"
    assert journey is not None and "recognition_decision" not in journey.ready_steps
    assert newcomer is not None and newcomer.profession_key is None


def test_the_profession_is_matched_once_at_launch() -> None:
    with session() as db:
        journey = db.get(Journey, launch(profession="Köchin (m/w/d)"))
        newcomer = db.get(Newcomer, journey.newcomer_id)  # type: ignore[union-attr]
    assert newcomer is not None and newcomer.profession_key == "cook"


RECOGNITION = ("recognition_application", "recognition_documents", "recognition_decision")


def test_a_partial_recognition_goes_on_with_the_exam_retaken_once() -> None:
    """The Defizitbescheid's measure becomes steps of their own: the Kenntnisprüfung, due
    within 6 months (§3(3) BÄO), its retake after a failed part, then the final notice,
    which is now what makes the dentist ready to work."""
    run = Run(launch(profession="Zahnärztin"))  # here already, since 2026-11-10
    for answer in [
        {"step": "recognition_posted"},
        {"step": "recognition_documents"},
        {"step": "recognition_decision", "outcome": "partial", "gaps": ["Prothetik"],
         "measure": "kenntnispruefung", "interim_licence": True},
        {"step": "interim_licence"},
        {"step": "kenntnispruefung", "passed": False, "failed_parts": ["Prothetik"]},
        {"step": "kenntnispruefung_retake", "passed": True},
    ]:  # fmt: skip
        assert run.until_it_waits()
        assert answer["step"] in run.forms[-1][0]
        run.answer("Bezreg", **answer)
    assert run.until_it_waits()
    assert "recognition_final" in run.forms[-1][0]
    with session() as db:
        steps = {s.step: s for s in journey_steps(session=db, journey_id=run.journey_id)}
        journey = db.get(Journey, run.journey_id)
    assert steps["kenntnispruefung"].due == date(2027, 5, 26)  # 6 months after the decision
    assert steps["kenntnispruefung"].organisation == "bezreg-muenster"
    assert {"kenntnispruefung", "kenntnispruefung_retake"} <= set(
        steps["recognition_final"].depends_on
    )
    assert steps["anpassungslehrgang"].status.value == "skipped"
    assert journey is not None and "recognition_final" in journey.ready_steps
    assert "recognition_decision" not in journey.ready_steps
