"""Taking stock of a journey between its stages: take the answer the Prefect UI's form gave,
find the stages with work to do, and, when there is none, show the truth in Prefect (the run's
tags, one keyed artifact) and hand the flow the form it waits with.

Everything handed to Prefect here carries the case number, step and organisation ids only.
"""

from datetime import date

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.input import keyset_from_paused_state, read_flow_run_input
from prefect.states import Suspended
from pydantic import BaseModel
from sqlmodel import Session

from models.forecast import Forecast
from models.organisations import organisation_name
from models.status import is_overdue, journey_tags, opened, retag, stages_with_work
from models.steps import Stage, step_spec
from models.tables import Journey, JourneyStep, StepEvent, StepStatus, as_utc
from tasks import notices
from tasks.advisor_form import FormStep, read_answer
from tasks.advisors import identity_on
from tasks.database import session
from tasks.decisions import (
    DecisionRefused,
    StepNotFailed,
    record_decision,
    request_retry,
    unapplied,
)
from tasks.forecasts import journey_forecast
from tasks.journeys import get_journey, journey_steps, visiting
from tasks.runs import card_key, publish_card, read_run, set_tags
from tasks.settings import get_settings


class Situation(BaseModel):
    journey_id: str
    wait_key: str  # the key of the wait that comes next
    work: list[list[Stage]]  # stages with something to do before the journey waits, in waves
    choices: list[FormStep]  # what the form offers: open steps, and failed ones to run again
    description: str  # the form's instructions (markdown)
    notice: str  # why the last answer from the form was refused, if it was
    finished: bool
    staff_ids: bool = False  # whether the form asks for a staff id (the office has advisors)
    run_by: str | None = None  # set when another run is this journey's one live run

    @classmethod
    def standing_down(cls, journey_id: str, run_by: str) -> "Situation":
        return cls(
            journey_id=journey_id,
            wait_key="",
            work=[],
            choices=[],
            description="",
            notice="",
            finished=False,
            run_by=run_by,
        )


def wait_key(wait_round: int) -> str:
    return f"answer-{wait_round}"


@task(name="take-stock", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def take_stock(journey_id: str, *, after_resume: bool) -> Situation:
    today = get_settings().current_date()
    with session() as db:
        journey = get_journey(session=db, journey_id=journey_id)
        if after_resume:
            if other := _other_live_run(db, journey):
                return Situation.standing_down(journey_id, other)
            _take_answer(db, journey, today)
        steps = journey_steps(session=db, journey_id=journey_id)
        decided = {d.step for d in unapplied(session=db, journey_id=journey_id)}
        work = stages_with_work(
            steps, decided, visiting(session=db, journey=journey, steps=steps, today=today)
        )
        finished = all(s.status.settled for s in steps)
        if finished and journey.finished_on is None:
            journey.finished_on = today
            db.add(journey)
            notices.journey_done(db, journey)
            db.commit()
        situation = Situation(
            journey_id=journey_id,
            wait_key=wait_key(journey.wait_round),
            work=work,
            choices=_choices(steps),
            description=_description(journey_id, steps, today),
            notice=journey.notice,
            finished=finished,
            staff_ids=identity_on(db),
        )
        outlook = None if work else journey_forecast(db, journey, steps, frozenset(decided), today)
    if outlook is not None:
        _publish(journey_id, steps, today, outlook)
    return situation


def _other_live_run(db: Session, journey: Journey) -> str | None:
    """A journey has one live run: a second one (started by hand, say) stands down, unless
    the journey's run is gone from Prefect, in which case this one takes over."""
    this_run = str(FlowRunContext.get().flow_run.id)  # type: ignore[union-attr]
    if journey.flow_run_id == this_run:
        return None
    if journey.flow_run_id and read_run(journey.flow_run_id) is not None:
        return journey.flow_run_id
    journey.flow_run_id = this_run
    db.add(journey)
    db.commit()
    return None


def _take_answer(db: Session, journey: Journey, today: date) -> None:
    """Record the answer the last wait got, once: the round moves on when it is taken."""
    flow_run = FlowRunContext.get().flow_run  # type: ignore[union-attr]
    key = wait_key(journey.wait_round)
    keyset = keyset_from_paused_state(Suspended(pause_key=key))
    raw = read_flow_run_input(keyset["response"], flow_run_id=flow_run.id)
    if raw is None:
        # Brought back after a crash (the wait's key has not fired: wait with it), or woken
        # without an answer to wait with a new form (it has: Prefect refuses a fired key).
        if key in (flow_run.empirical_policy.pause_keys or set()):
            journey.wait_round += 1
            db.add(journey)
            db.commit()
        return
    answer = read_answer(raw)
    journey.notice = ""
    try:
        if answer.woken:
            pass  # by `ankommen complete` or `retry`: what it asks is in our database already
        elif answer.retry:
            request_retry(
                session=db,
                journey_id=journey.id,
                step=answer.step,
                by=answer.advisor,
                source="prefect-ui",
            )
        else:
            record_decision(
                session=db,
                journey_id=journey.id,
                step=answer.step,
                data={**answer.fields, "advisor": answer.advisor},
                source="prefect-ui",
                today=today,
            )
    except StepNotFailed:
        pass  # `ankommen retry` came first
    except (DecisionRefused, LookupError, ValueError) as refusal:
        journey.notice = f"Your answer for {answer.step or 'a step'} was refused: {refusal}"
        db.add(
            StepEvent(
                journey_id=journey.id, step=answer.step or "-", event="refused", detail=str(refusal)
            )
        )
    journey.wait_round += 1
    db.add(journey)
    db.commit()


def _choices(steps: list[JourneyStep]) -> list[FormStep]:
    open_steps = [s for s in steps if s.status in (StepStatus.WAITING, StepStatus.FAILED)]
    open_steps.sort(key=lambda s: (s.due or date.max, as_utc(s.since)))
    return [
        FormStep(s.step, s.organisation, s.due, s.status is StepStatus.FAILED) for s in open_steps
    ]


def _description(journey_id: str, steps: list[JourneyStep], today: date) -> str:
    lines = [f"## Journey {journey_id} waits on", ""]
    for s in steps:
        if s.status is StepStatus.WAITING:
            due = f", **due {s.due.isoformat()}**" if s.due else ""
            overdue = " **(overdue)**" if is_overdue(s, today) else ""
            # What to check stays on the step's own tab: Prefect keeps each form's text.
            lines.append(
                f"- **{step_spec(s.step).label}** — {organisation_name(s.organisation)}{due}"
                f"{overdue}"
            )
        elif s.status is StepStatus.FAILED:
            lines.append(f"- **{step_spec(s.step).label}** failed for good: {s.last_error}")
    lines += ["", f"Or: `ankommen complete {journey_id} STEP --advisor NAME ...`"]
    return "\n".join(lines)


def _publish(journey_id: str, steps: list[JourneyStep], today: date, outlook: Forecast) -> None:
    """The run's tags and its one artifact card say where the journey stands, and when it
    is likely done."""
    this_run = FlowRunContext.get().flow_run  # type: ignore[union-attr]
    # The run's tags as this process loaded them: only this publishing, or the keeper while
    # the run waits, changes them.
    truth = retag(this_run.tags, journey_tags(steps, today))
    if sorted(this_run.tags) != truth:
        set_tags(str(this_run.id), truth)
    rows = [
        f"| {step_spec(s.step).stage.value.replace('_', ' ')} | {step_spec(s.step).label} | "
        f"{s.status.value} | {organisation_name(s.organisation)} | "
        f"{opened(s).isoformat()} | {s.due.isoformat() if s.due else '–'} |"
        f" {_remark(s, today)} |"
        for s in steps
        if s.required
    ]
    publish_card(
        card_key(journey_id),
        "\n".join(
            [
                f"# Journey {journey_id}",
                "",
                "| stage | step | status | organisation | since | due | remark |",
                "|---|---|---|---|---|---|---|",
                *rows,
                "",
                _forecast_markdown(outlook),
            ]
        ),
        f"Where journey {journey_id} stands",
    )


def _forecast_markdown(outlook: Forecast) -> str:
    ready = outlook.ready
    rows = [
        f"| {stage.value.replace('_', ' ')} | {e.likely.isoformat()} | {e.late.isoformat()} |"
        for stage, e in outlook.stages.items()
    ]
    return "\n".join(
        [
            f"**Ready to work: likely {ready.likely.isoformat()}, late {ready.late.isoformat()}**"
            " (median and 90th percentile of the office's measured durations)",
            "",
            "| stage done | likely | late (90%) |",
            "|---|---|---|",
            *rows,
        ]
    )


def _remark(step: JourneyStep, today: date) -> str:
    if step.status is StepStatus.FAILED:
        return f"failed for good: {step.last_error}"
    return "overdue" if is_overdue(step, today) else ""
