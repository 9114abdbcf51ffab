"""What the office's commands do: launch a journey, complete a step, show where people stand."""

from pathlib import Path

from cli.errors import BAD_INPUT, REFUSED, Failure
from cli.options import BadOptions, parse_fields, read_decision_file, shape_lists
from cli.render import journey_text, status_table
from models.arrival import Arrival
from models.plan import make_plan
from models.status import summarise
from models.steps import UnknownStep, step_spec
from tasks.database import session
from tasks.decisions import DecisionRefused, InvalidDecision, record_decision
from tasks.journeys import (
    DuplicateArrival,
    UnknownJourney,
    attach_flow_run,
    create_journey,
    forget_journey,
    get_journey,
    get_newcomer,
    journey_steps,
    open_journeys,
    step_events,
)
from tasks.launch import NotServing, check_serving, start_run
from tasks.settings import get_settings
from tasks.wakeup import wake


def launch(arrival: Arrival) -> tuple[str, str]:
    """Store the newcomer and start the journey's flow run: (journey id, flow run id)."""
    settings = get_settings()
    try:
        check_serving()
        with session() as db:
            journey = create_journey(
                session=db,
                arrival=arrival,
                plan=make_plan(arrival),
                prefix=settings.office_prefix,
                today=settings.current_date(),
            )
    except (NotServing, DuplicateArrival) as error:
        raise Failure(f"{error}; nothing was stored", REFUSED) from None
    try:
        flow_run_id = start_run(journey.id)
    except Exception:
        with session() as db:
            forget_journey(session=db, journey_id=journey.id)
        raise
    with session() as db:
        attach_flow_run(session=db, journey_id=journey.id, flow_run_id=flow_run_id)
    return journey.id, flow_run_id


def complete(journey_id: str, step: str, file: Path | None, options: list[str]) -> str:
    try:
        model = step_spec(step).decision
        fields = {**(read_decision_file(file) if file else {}), **parse_fields(options)}
    except (UnknownStep, BadOptions) as error:
        raise Failure(str(error), BAD_INPUT) from None
    if model is None:
        raise Failure(f"{step} is done by ankommen itself, not by an advisor", REFUSED)
    try:
        with session() as db:
            decision = record_decision(
                session=db,
                journey_id=journey_id,
                step=step,
                data=shape_lists(model, fields),
                source="cli",
                today=get_settings().current_date(),
            )
    except InvalidDecision as error:
        raise Failure(f"nothing changed: {error}", BAD_INPUT) from None
    except (DecisionRefused, UnknownJourney) as error:
        raise Failure(f"refused, nothing changed: {error}", REFUSED) from None
    return f"Recorded {step} of {journey_id} by {decision.advisor}; {wake(journey_id).value}."


def status(journey_id: str | None) -> str:
    today = get_settings().current_date()
    with session() as db:
        if journey_id is None:
            rows = []
            for journey in open_journeys(session=db):
                steps = journey_steps(session=db, journey_id=journey.id)
                rows.append(
                    (
                        summarise(journey.id, steps, today),
                        get_newcomer(session=db, journey=journey).name,
                    )
                )
            return status_table(rows)
        try:
            journey = get_journey(session=db, journey_id=journey_id)
        except UnknownJourney as error:
            raise Failure(str(error), REFUSED) from None
        steps = journey_steps(session=db, journey_id=journey_id)
        return journey_text(
            summarise(journey_id, steps, today),
            get_newcomer(session=db, journey=journey).name,
            steps,
            step_events(session=db, journey_id=journey_id),
        )
