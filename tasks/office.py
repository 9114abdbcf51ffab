"""The office's actions, whoever takes them and however (the CLI, the demo, later a cohort
CSV, report flows or a web page): launch a journey, record a decision and wake the journey,
run a failed step again. Where journeys stand is tasks/overview.py's: looking needs no Prefect.

Each action raises a domain error with a plain sentence and changes nothing when it refuses.
When Prefect or a runner is missing, what can be stored is stored, and the answer says what
happens next instead of pretending that something resumed.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from models.arrival import Arrival
from models.plan import make_plan
from models.status import stages_with_work, to_do
from models.steps import step_spec
from models.tables import Decision, StepStatus
from tasks import clock
from tasks.advisor_form import retry_input, wake_input
from tasks.advisors import coordinating
from tasks.checklists import Ticked
from tasks.checklists import tick as tick_documents
from tasks.corrections import Reopened
from tasks.corrections import reopen as reopen_step
from tasks.database import session
from tasks.decisions import record_decision, request_retry, unapplied
from tasks.journeys import (
    ArrivalRefused,
    attach_flow_run,
    create_journey,
    get_journey,
    journey_steps,
    visiting,
)
from tasks.runs import (
    PrefectBusy,
    PrefectUnreachable,
    Serving,
    read_run,
    resume,
    serving,
    start_run,
    wake_without_answer,
)
from tasks.settings import get_settings

WAKE_PATIENCE_SECONDS = 30.0
BUSY_TRIES = 4  # of starting a run while Prefect's database is locked (about 6 s in all)


class Woken(StrEnum):
    APPLIED = "the journey has applied it"
    RESUMED = "the journey resumed to apply it"
    BUSY = "the journey is busy; it applies it when it next waits"
    NO_RUNNER = "no runner serves journeys: it applies as soon as one is up (`ankommen serve`)"
    NO_SERVER = (
        "no Prefect server answers: it applies as soon as the server and a runner are up "
        "(`ankommen server`, `ankommen serve`)"
    )
    STOPPED = "the journey's run has stopped; the keeper brings it back, and it applies then"
    NOT_STARTED = "the journey has not started in Prefect yet; it applies when it starts"


@dataclass(frozen=True)
class Launched:
    journey_id: str
    flow_run_id: str | None
    serving: Serving


@dataclass(frozen=True)
class Recorded:
    decision: Decision
    woken: Woken


def launch(
    arrival: Arrival,
    cohort: str | None = None,
    now: Serving | None = None,
    *,
    actor: str | None = None,
    source: str = "cli",
) -> Launched:
    """Store the newcomer and the plan, then start the journey's run if Prefect is there;
    if not, the keeper starts it when a runner comes up. Raises ArrivalRefused, and
    ActorRefused unless a coordinator acts (once the office has advisors).
    `now`: whether Prefect serves journeys, when the caller (a cohort) already asked."""
    settings = get_settings()
    with session() as db:
        staff = coordinating(db, actor)
        journey = create_journey(
            session=db,
            arrival=arrival,
            plan=make_plan(arrival),
            prefix=settings.office_prefix,
            today=settings.current_date(),
            cohort=cohort,
            actor=staff or actor or "",
            source=source,
        )
    now = now or serving()
    flow_run_id = start_journey(journey.id, now)
    busy = flow_run_id is None and now is Serving.READY
    return Launched(journey.id, flow_run_id, Serving.BUSY if busy else now)


def launch_cohort(
    arrivals: list[Arrival],
    cohort: str | None,
    launched: Callable[[Launched | None], None],
    *,
    actor: str | None = None,
) -> list[Launched | ArrivalRefused]:
    """Launch checked arrivals one journey at a time (each stored whole or not at all),
    telling `launched` of each (a cohort of forty shows its progress). A person launched by
    someone else since the check is refused, not launched twice."""
    with session() as db:
        coordinating(db, actor)  # before the first journey, not after half of them
    now = serving()
    done: list[Launched | ArrivalRefused] = []
    for arrival in arrivals:
        try:
            done.append(launch(arrival, cohort, now, actor=actor, source="csv"))
        except ArrivalRefused as refused:
            done.append(refused)
        launched(done[-1] if isinstance(done[-1], Launched) else None)
    return done


def start_journey(journey_id: str, now: Serving) -> str | None:
    """Create the journey's one flow run; None when Prefect cannot take it yet (`now`), or
    its server stayed busy."""
    if now in (Serving.NO_SERVER, Serving.NO_DEPLOYMENT):
        return None
    with session() as db:
        journey = get_journey(session=db, journey_id=journey_id)
    for attempt in range(BUSY_TRIES):  # the run's idempotency key makes trying again safe
        try:
            flow_run_id = start_run(journey_id, journey.cohort, journey.wait_round)
            break
        except PrefectBusy:
            time.sleep(attempt + 1)
    else:
        return None  # stored: the keeper starts it
    with session() as db:
        attach_flow_run(session=db, journey_id=journey_id, flow_run_id=flow_run_id)
    return flow_run_id


def complete(journey_id: str, step: str, fields: dict[str, Any], *, source: str) -> Recorded:
    """Record an advisor's decision (raises DecisionRefused, changing nothing), then wake
    the journey so that it applies it."""
    with session() as db:
        decision = record_decision(
            session=db,
            journey_id=journey_id,
            step=step,
            data=fields,
            source=source,
            today=get_settings().current_date(),
        )
    return Recorded(decision, wake(journey_id))


def retry(journey_id: str, step: str, *, by: str) -> Woken:
    """Run a failed step again with the same idempotency key (raises StepNotFailed)."""
    step_spec(step)
    with session() as db:
        request_retry(session=db, journey_id=journey_id, step=step, by=by)
    return wake(journey_id)


def reopen(journey_id: str, step: str, *, reason: str, actor: str | None) -> tuple[Reopened, Woken]:
    """Reopen a done step (raises CorrectionRefused, changing nothing), then wake the journey,
    or start it anew if it had finished, so that it opens the step and waits with a form
    that offers it."""
    with session() as db:
        reopened = reopen_step(
            session=db, journey_id=journey_id, step=step, reason=reason, actor=actor
        )
        needs_run = get_journey(session=db, journey_id=journey_id).flow_run_id is None
    if needs_run:
        try:
            start_journey(journey_id, serving())
        except PrefectUnreachable:
            return reopened, Woken.NO_SERVER
    return reopened, wake(journey_id)


def tick(
    journey_id: str, step: str, documents: list[str], received_on: date, *, actor: str | None
) -> tuple[Ticked, Woken | None]:
    """Tick documents that arrived (raises ChecklistRefused or ActorRefused, changing
    nothing); when they complete their step, wake the journey to go on."""
    with session() as db:
        ticked = tick_documents(session=db, journey_id=journey_id, step=step,
                                documents=documents, received_on=received_on, actor=actor,
                                today=get_settings().current_date())  # fmt: skip
    return ticked, wake(journey_id) if ticked.completed else None


CLOCK = {"pause": clock.pause, "resume": clock.resume, "extend": clock.extend}


def move_clock(journey_id: str, how: str, **fields: Any) -> tuple[clock.ClockMoved, Woken]:
    """Pause, resume or extend the journey's legal clock (raises ClockRefused or
    ActorRefused, changing nothing), then let the journey show it in Prefect."""
    with session() as db:
        moved = CLOCK[how](session=db, journey_id=journey_id,
                           today=get_settings().current_date(), **fields)  # fmt: skip
    return moved, refresh(journey_id)


def refresh(journey_id: str) -> Woken:
    """Let a waiting journey take stock again, so that Prefect's tags and card show what
    changed beside its steps (a clock that stands)."""
    with session() as db:
        flow_run_id = get_journey(session=db, journey_id=journey_id).flow_run_id
    if flow_run_id is None:
        return Woken.NOT_STARTED
    try:
        run = read_run(flow_run_id)
        state = run.state if run else None
        if state is None or state.is_final():
            return Woken.STOPPED
        if state.is_paused() and wake_without_answer(flow_run_id):
            return Woken.RESUMED if serving() is Serving.READY else Woken.NO_RUNNER
        return Woken.BUSY
    except PrefectUnreachable:
        return Woken.NO_SERVER


def _wake_answer(journey_id: str) -> tuple[bool, dict[str, Any] | None]:
    """Whether the journey has recorded work it has not taken up, and an answer its waiting
    form accepts for it (None when no answer fits, e.g. for a reopened step)."""
    with session() as db:
        decisions = unapplied(session=db, journey_id=journey_id)
        steps = journey_steps(session=db, journey_id=journey_id)
        journey = get_journey(session=db, journey_id=journey_id)
        visit = visiting(
            session=db, journey=journey, steps=steps, today=get_settings().current_date()
        )
    if decisions:
        first = decisions[0]
        return True, wake_input(step=first.step, payload=first.payload, decision_id=first.id)
    by_name = {s.step: s for s in steps}
    # A failed step put back in line: the form it waits with offers to run it again.
    again = [
        s
        for s in steps
        if s.status is StepStatus.PENDING and not step_spec(s.step).manual and to_do(s, by_name)
    ]
    if again:
        return True, retry_input(step=again[0].step)
    return bool(stages_with_work(steps, set(), visit)), None


def wake(journey_id: str, *, patience: float = WAKE_PATIENCE_SECONDS, poll: float = 0.5) -> Woken:
    """Resume the journey if it waits with recorded work it has not taken up yet."""
    give_up = time.monotonic() + patience
    while True:
        with session() as db:
            flow_run_id = get_journey(session=db, journey_id=journey_id).flow_run_id
        if flow_run_id is None:
            return Woken.NOT_STARTED
        try:
            # The run's state first: a run seen suspended has not moved past the work below.
            run = read_run(flow_run_id)
            work, answer = _wake_answer(journey_id)
            if not work:
                return Woken.APPLIED
            state = run.state if run else None
            if state is None or state.is_final():
                return Woken.STOPPED
            if state.is_paused() and (
                resume(flow_run_id, answer) if answer else wake_without_answer(flow_run_id)
            ):
                return Woken.RESUMED if serving() is Serving.READY else Woken.NO_RUNNER
            if state.is_scheduled() and serving() is not Serving.READY:
                return Woken.NO_RUNNER
        except PrefectUnreachable:
            return Woken.NO_SERVER
        except PrefectBusy:
            pass  # the decision is recorded: ask again below, or the keeper does
        if time.monotonic() >= give_up:
            return Woken.BUSY
        time.sleep(poll)
