"""What a journey waits on, the answers advisors give in the Prefect UI, and its end.

Everything handed to Prefect here carries the journey id and step names only: no personal data.
"""

from datetime import date, datetime
from typing import Any

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel

from models.steps import step_spec
from models.tables import StepEvent, StepStatus, as_utc, utcnow
from tasks.database import session
from tasks.decisions import DecisionRefused, record_decision, winner
from tasks.journeys import get_journey, journey_steps
from tasks.settings import get_settings


class OpenStep(BaseModel):
    step: str
    label: str
    organisation: str | None
    check: str
    since: datetime
    due: date | None


class Situation(BaseModel):
    journey_id: str
    wait_round: int
    open_steps: list[OpenStep]
    finished: bool
    notice: str  # why the last answer from the UI was refused, if it was


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def take_stock(journey_id: str) -> Situation:
    with session() as db:
        journey = get_journey(session=db, journey_id=journey_id)
        steps = journey_steps(session=db, journey_id=journey_id)
    open_steps = [
        OpenStep(
            step=s.step,
            label=step_spec(s.step).label,
            organisation=s.organisation,
            check=step_spec(s.step).check,
            since=as_utc(s.since),
            due=s.due,
        )
        for s in steps
        if s.status is StepStatus.WAITING
    ]
    open_steps.sort(key=lambda s: (s.due or date.max, s.since))
    return Situation(
        journey_id=journey_id,
        wait_round=journey.wait_round,
        open_steps=open_steps,
        finished=all(s.status.settled for s in steps),
        notice=journey.notice,
    )


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def take_answer(journey_id: str, wait_round: int, answer: dict[str, Any]) -> None:
    """Record an answer given in the Prefect UI's form, once per round, also on replay."""
    with session() as db:
        journey = get_journey(session=db, journey_id=journey_id)
        if journey.wait_round != wait_round:
            return  # taken before this replay
        step, decision_id = answer.get("step", ""), answer.get("decision_id")
        earlier = winner(session=db, journey_id=journey_id, step=step)
        journey.notice = ""
        if earlier is None or earlier.id != decision_id:  # else: it woke us, already recorded
            try:
                record_decision(
                    session=db,
                    journey_id=journey_id,
                    step=step,
                    data=_fields_of(step, answer),
                    source="prefect-ui",
                    today=get_settings().current_date(),
                )
            except (DecisionRefused, LookupError, ValueError) as refusal:
                journey.notice = f"Your answer for {step or 'a step'} was refused: {refusal}"
                db.add(
                    StepEvent(
                        journey_id=journey_id,
                        step=step or "-",
                        event="refused",
                        detail=str(refusal),
                    )
                )
        journey.wait_round = wait_round + 1
        db.add(journey)
        db.commit()


def _fields_of(step: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The form shows the fields of every open step; keep those of the step decided."""
    model = step_spec(step).decision
    assert model is not None
    return {name: answer[name] for name in model.model_fields if answer.get(name) is not None}


@task(cache_policy=NO_CACHE)
def publish_status(journey_id: str) -> None:
    """A table artifact managers see in the Prefect UI: steps, who they wait on, deadlines."""
    with session() as db:
        steps = journey_steps(session=db, journey_id=journey_id)
    rows = [
        f"| {s.stage} | {s.step} | {s.organisation or '–'} | {s.status.value} | "
        f"{s.due.isoformat() if s.due else '–'} |"
        for s in steps
        if s.required
    ]
    create_markdown_artifact(
        key=f"journey-{journey_id.lower()}",
        markdown="\n".join(
            [
                f"# Journey {journey_id}",
                "",
                "| stage | step | organisation | status | due |",
                "|---|---|---|---|---|",
                *rows,
            ]
        ),
        description=f"Where journey {journey_id} stands",
    )


@task(cache_policy=NO_CACHE)
def finish(journey_id: str) -> None:
    with session() as db:
        journey = get_journey(session=db, journey_id=journey_id)
        journey.finished_at = journey.finished_at or utcnow()
        db.add(journey)
        db.commit()
