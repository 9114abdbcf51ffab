"""A journey's stage as a Prefect task named after the stage: apply the stage's recorded
decisions, open its steps whose dependencies are settled, and file what ankommen files itself.

The task's final state says where the stage stands: Completed when every step is settled;
"Waiting" (or "Overdue") with who is waited on, since when and until when; Prefect's own
retry states while an authority's system fails; Failed once a step failed for good.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.context import TaskRunContext
from prefect.states import Completed, Failed, State
from sqlmodel import Session

from models.plan import waits_for
from models.plausibility import happened
from models.readiness import REGULATING_BODIES
from models.status import TO_DO, stage_situation, to_do
from models.step_rules import By
from models.steps import Stage, made_needed, step_spec
from models.tables import (
    Decision,
    DocumentReceived,
    Journey,
    JourneyStep,
    Newcomer,
    StepEvent,
    StepStatus,
    utcnow,
)
from tasks import notices
from tasks.authority import book, submit
from tasks.checklists import completion, received
from tasks.database import session
from tasks.decisions import unapplied
from tasks.journeys import get_journey, get_newcomer, journey_steps, visiting
from tasks.outside import OutsideRefused
from tasks.settings import get_settings

T = TypeVar("T")

RETRIES = 3
RETRY_DELAYS = [1, 5, 30]  # seconds: an authority's hiccup, then a longer outage


def _event(db: Session, step: JourneyStep, event: str, detail: str = "") -> None:
    db.add(StepEvent(journey_id=step.journey_id, step=step.step, event=event, detail=detail))


def settle(db: Session, step: JourneyStep, outcome: dict, steps: dict[str, JourneyStep]) -> None:
    """Mark a step done with its outcome, and set the deadline it starts for a later step."""
    spec = step_spec(step.step)
    step.status, step.since, step.last_error, step.outcome = (
        StepStatus.DONE,
        utcnow(),
        None,
        outcome,
    )
    step.settled_on = get_settings().current_date()
    _event(db, step, "done")
    model = spec.outcome_model.model_validate(outcome)
    _make_needed(db, step, model, steps)
    _bring_documents(db, step, steps)
    follow_up = spec.deadline_set_by(model)
    if follow_up and steps[follow_up[0]].required:
        later = steps[follow_up[0]]
        later.due = follow_up[1]
        _event(db, later, "deadline", f"due {later.due.isoformat()} after {step.step}")
    if routed := spec.organisation_set_by(model):
        _route(db, step, routed, steps)


def _bring_documents(db: Session, step: JourneyStep, steps: dict[str, JourneyStep]) -> None:
    """Tick what this step's decision brings on later checklists (the landlord's confirmation
    for the Anmeldung), once."""
    assert step.outcome is not None and step.settled_on is not None  # settled just now
    arrived = received(db, step.journey_id)
    day = step_spec(step.step).happened_on(step.outcome) or step.settled_on
    for row in steps.values():
        for key in row.documents:
            document = step_spec(row.step).document(key)
            if document and document.arrives_with == step.step and (row.step, key) not in arrived:
                db.add(DocumentReceived(journey_id=row.journey_id, step=row.step, document=key,
                                        received_on=day, ticked_by=step.outcome.get("advisor", "-"),
                                        source="journey"))  # fmt: skip


def _make_needed(db: Session, step: JourneyStep, model: Any, steps: dict[str, JourneyStep]) -> None:
    """Steps the plan left out that this outcome makes needed join the journey, and the steps
    after them wait on them."""
    needed = made_needed(step.step, model)
    for later, _after in needed:
        row = steps[later.name]
        fixed = later.responsible.organisation if isinstance(later.responsible, By) else None
        row.required, row.status, row.since = True, StepStatus.PENDING, utcnow()
        row.organisation, row.note = fixed or step.organisation, f"needed after {step.step}"
        _event(db, row, "needed", f"after {step.step}")
    if not needed:
        return
    required = {name: row.required for name, row in steps.items()}
    names = {later.name for later, _after in needed}
    for row in steps.values():
        if row.step in names or names & set(step_spec(row.step).depends_on):
            row.depends_on = waits_for(row.step, required, set())
    journey = get_journey(session=db, journey_id=step.journey_id)
    instead = {after.ready_instead_of: later.name for later, after in needed}
    journey.ready_steps = [instead.get(name, name) for name in journey.ready_steps]


def _route(
    db: Session, step: JourneyStep, routed: dict[str, str], steps: dict[str, JourneyStep]
) -> None:
    """Later steps go to the organisation a person decided; a body that only compares makes
    the recognition no condition of being ready to work (models/readiness.py)."""
    for name, organisation in routed.items():
        steps[name].organisation = organisation
        _event(db, steps[name], "routed", f"to {organisation} at {step.step}")
    journey = get_journey(session=db, journey_id=step.journey_id)
    if not set(routed.values()) & REGULATING_BODIES:
        journey.ready_steps = [name for name in journey.ready_steps if name not in routed]


def _apply(db: Session, decision: Decision, steps: dict[str, JourneyStep]) -> None:
    settle(db, steps[decision.step], decision.payload, steps)
    decision.applied_at = utcnow()
    db.add(decision)


def _open(db: Session, step: JourneyStep, journey: Journey, steps: dict[str, JourneyStep]) -> None:
    step.status, step.since = StepStatus.WAITING, utcnow()
    step.opened_on = get_settings().current_date()
    _event(db, step, "opened", f"waits on {step.organisation}")
    outcomes = {name: row.outcome for name, row in steps.items() if row.outcome}
    earlier = happened(step.depends_on, outcomes)
    if (complete := completion(step, received(db, step.journey_id), earlier)) is not None:
        # its documents arrived before it opened: done as it opens, on the last one's day
        db.add(Decision(journey_id=step.journey_id, step=step.step, advisor=complete["advisor"],
                        payload=complete, source="checklist", applied_at=utcnow()))  # fmt: skip
        settle(db, step, complete, steps)
        return
    notices.step_opened(db, step, journey, step.opened_on)


def _perform(db: Session, step: JourneyStep, steps: dict[str, JourneyStep], final: bool) -> None:
    """File the step's submission, which settles it."""
    today = get_settings().current_date()
    filed = _outside(db, step, final, lambda newcomer: submit(step, newcomer, today))
    if filed is not None:
        settle(db, step, filed.model_dump(mode="json"), steps)
        db.commit()


def _book_and_open(
    db: Session, step: JourneyStep, journey: Journey, steps: dict[str, JourneyStep], final: bool
) -> None:
    """Ask the step's organisation for its booking, then open the step to wait for the
    decision (the appointment kept, the seat taken, the flat let)."""
    reference = _outside(db, step, final, lambda newcomer: book(step, newcomer))
    if reference is not None:
        _event(db, step, "booked", reference)
        _open(db, step, journey, steps)
        db.commit()


def _outside(
    db: Session, step: JourneyStep, final: bool, call: Callable[[Newcomer], T]
) -> T | None:
    """Make the step's call to its organisation's system (the idempotency key makes a repeated
    call a no-op there). A failure is raised again for Prefect to retry the stage, and at the
    last attempt, or on a refusal, fails the step for good: None."""
    journey = get_journey(session=db, journey_id=step.journey_id)
    newcomer = get_newcomer(session=db, journey=journey)
    step.attempts += 1
    step.status, step.since = StepStatus.RUNNING, utcnow()
    step.opened_on = step.opened_on or get_settings().current_date()
    db.commit()
    try:
        return call(newcomer)
    except Exception as error:
        final = final or isinstance(error, OutsideRefused)
        step.status = StepStatus.FAILED if final else StepStatus.RETRYING
        step.last_error = f"{type(error).__name__}: {error}"[:500]
        _event(db, step, step.status.value, f"attempt {step.attempts}: {step.last_error}")
        db.commit()
        if not final:
            raise
        notices.step_failed(db, step, journey, get_settings().current_date())
        db.commit()
        return None


def advance_stage(journey_id: str, stage: Stage, *, final_attempt: bool, today: date) -> State:
    with session() as db:
        steps = {step.step: step for step in journey_steps(session=db, journey_id=journey_id)}
        for decision in unapplied(session=db, journey_id=journey_id):
            if steps[decision.step].stage == stage:
                _apply(db, decision, steps)
        db.commit()
        journey = get_journey(session=db, journey_id=journey_id)
        visit = visiting(session=db, journey=journey, steps=list(steps.values()), today=today)
        while ready := [
            s
            for s in steps.values()
            if s.stage == stage and (to_do(s, steps) or (s.step in visit and s.status in TO_DO))
        ]:
            for step in ready:
                if step_spec(step.step).booking and get_settings().authority_url:
                    _book_and_open(db, step, journey, steps, final_attempt)
                elif step_spec(step.step).manual:
                    _open(db, step, journey, steps)
                    db.commit()
                else:
                    _perform(db, step, steps, final_attempt)
        return stage_state(stage, list(steps.values()), today)


def stage_state(stage: Stage, steps: list[JourneyStep], today: date) -> State:
    situation = stage_situation(stage, steps, today)
    if situation.failed:
        return Failed(message=situation.message)
    if situation.done:
        return Completed(message=situation.message)
    return Completed(name="Overdue" if situation.overdue else "Waiting", message=situation.message)


def _final_attempt() -> bool:
    context = TaskRunContext.get()
    return context is None or context.task_run.run_count > context.task.retries


def _transient(_task: Task, _run: TaskRun, state: State) -> bool:
    """Retry what raised (an authority's outage); a step that failed for good is reported."""
    return isinstance(state.data, Exception)


@task(cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAYS)
def advance(journey_id: str, stage: Stage) -> State:
    return advance_stage(
        journey_id, stage, final_attempt=_final_attempt(), today=get_settings().current_date()
    )


STAGE_TASKS: dict[Stage, Task] = {
    stage: advance.with_options(name=stage.value, retry_condition_fn=_transient) for stage in Stage
}
