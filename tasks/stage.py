"""One home for how every stage advances: apply recorded decisions, open the steps whose
dependencies are settled, and run the steps that ankommen does by itself.

Each stage module builds its Prefect task with `stage_task`; only what differs between stages
(which steps call an outside system, and how) lives in the stage's own module.
"""

from collections.abc import Callable, Mapping
from datetime import date

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from pydantic import BaseModel
from sqlmodel import Session

from models.deadlines import follow_up_deadline
from models.status import ready
from models.steps import Stage, step_spec
from models.tables import Decision, JourneyStep, Newcomer, StepEvent, StepStatus, utcnow
from tasks.database import session
from tasks.decisions import unapplied
from tasks.journeys import get_journey, get_newcomer, journey_steps
from tasks.settings import get_settings

# A step ankommen does itself, e.g. submitting an application to an authority.
Automation = Callable[[JourneyStep, Newcomer, date], BaseModel]

RETRIES = 3
RETRY_DELAYS = [1, 5, 30]  # seconds: an authority's hiccup, then a longer outage


class StageReport(BaseModel):
    stage: Stage
    advanced: bool  # something changed: the journey should look again before it waits


def settle(
    session: Session, step: JourneyStep, outcome: BaseModel, steps: dict[str, JourneyStep]
) -> None:
    """Mark a step done with its outcome, and set the deadline it starts for a later step."""
    step.status, step.since, step.last_error = StepStatus.DONE, utcnow(), None
    step.outcome = outcome.model_dump(mode="json")
    session.add(StepEvent(journey_id=step.journey_id, step=step.step, event="done"))
    follow_up = follow_up_deadline(step.step, outcome)
    if follow_up and steps[follow_up[0]].required:
        later = steps[follow_up[0]]
        later.due = follow_up[1]
        session.add(
            StepEvent(
                journey_id=step.journey_id,
                step=later.step,
                event="deadline",
                detail=f"due {later.due.isoformat()} after {step.step}",
            )
        )


def _apply(session: Session, decision: Decision, steps: dict[str, JourneyStep]) -> None:
    model = step_spec(decision.step).decision
    assert model is not None  # only manual steps are decided
    settle(session, steps[decision.step], model.model_validate(decision.payload), steps)
    decision.applied_at = utcnow()
    session.add(decision)


def _open_and_apply(journey_id: str, stage: Stage) -> tuple[bool, list[str]]:
    """Apply this stage's recorded decisions and open its manual steps that became ready."""
    advanced = False
    with session() as db:
        steps = {step.step: step for step in journey_steps(session=db, journey_id=journey_id)}
        for decision in unapplied(session=db, journey_id=journey_id):
            if steps[decision.step].stage == stage:
                _apply(db, decision, steps)
                advanced = True
        for step in steps.values():
            if step.stage != stage or step.status is not StepStatus.PENDING:
                continue
            if step_spec(step.step).manual and ready(step, steps):
                step.status, step.since = StepStatus.WAITING, utcnow()
                db.add(
                    StepEvent(
                        journey_id=journey_id,
                        step=step.step,
                        event="opened",
                        detail=f"waits on {step.organisation}",
                    )
                )
                advanced = True
        db.commit()
        automatic = [
            name
            for name, step in steps.items()
            if step.stage == stage and not step_spec(name).manual and ready(step, steps)
        ]
    return advanced, automatic


def _run(journey_id: str, name: str, automation: Automation, final_attempt: bool) -> None:
    with session() as db:
        steps = {s.step: s for s in journey_steps(session=db, journey_id=journey_id)}
        step = steps[name]
        newcomer = get_newcomer(session=db, journey=get_journey(session=db, journey_id=journey_id))
        step.attempts += 1
        step.status, step.since = StepStatus.RUNNING, utcnow()
        db.commit()
        try:
            outcome = _once(name, automation)(step, newcomer, get_settings().current_date())
        except Exception as error:
            step.status = StepStatus.FAILED if final_attempt else StepStatus.RETRYING
            step.last_error = f"{type(error).__name__}: {error}"[:500]
            db.add(
                StepEvent(
                    journey_id=journey_id,
                    step=name,
                    event=step.status.value,
                    detail=f"attempt {step.attempts}: {step.last_error}",
                )
            )
            db.commit()
            raise
        settle(db, step, outcome, steps)
        db.commit()


def _once_per_step(_context: object, parameters: dict) -> str:
    return f"{parameters['step'].journey_id}:{parameters['step'].step}"


def _once(name: str, automation: Automation) -> Task:
    """The outside call as a task cached per journey and step: after it succeeded once, a retry
    (say, our database failed right after the authority accepted) gets the stored outcome
    instead of submitting twice. The authority also gets an idempotency key."""
    return task(automation, name=name, cache_key_fn=_once_per_step, persist_result=True)


def advance_stage(
    journey_id: str,
    stage: Stage,
    automations: Mapping[str, Automation],
    *,
    final_attempt: bool = True,
) -> StageReport:
    advanced, automatic = _open_and_apply(journey_id, stage)
    for name in automatic:
        _run(journey_id, name, automations[name], final_attempt)
    return StageReport(stage=stage, advanced=advanced or bool(automatic))


def _final_attempt() -> bool:
    context = TaskRunContext.get()
    return context is None or context.task_run.run_count > context.task.retries


def stage_task(stage: Stage, automations: Mapping[str, Automation] | None = None) -> Task:
    """The Prefect task that advances one stage of a journey; retried with backoff."""

    def advance(journey_id: str) -> StageReport:
        return advance_stage(journey_id, stage, automations or {}, final_attempt=_final_attempt())

    advance.__qualname__ = advance.__name__ = f"advance_{stage.value}"
    return task(
        advance,
        name=stage.value,
        cache_policy=NO_CACHE,
        retries=RETRIES,
        retry_delay_seconds=RETRY_DELAYS,
    )
