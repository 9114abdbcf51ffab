"""What the office's acting commands do: call the office service (tasks/office.py) and turn
its answers into sentences, its errors into messages and exit codes (looking: cli/looking.py)."""

from pathlib import Path

from cli.errors import BAD_INPUT, REFUSED, Failure, case_number
from cli.options import BadOptions, parse_fields, read_decision_file, shape_fields
from models.arrival import Arrival
from models.steps import UnknownStep, step_spec
from tasks import office
from tasks.arrivals import BadFile, read_arrival
from tasks.decisions import DecisionRefused, InvalidDecision
from tasks.journeys import DuplicateArrival, UnknownJourney
from tasks.runs import Serving


def arrival_from(path: Path) -> Arrival:
    try:
        return read_arrival(path)
    except BadFile as error:
        raise Failure(str(error), BAD_INPUT) from None


def launch(path: Path) -> str:
    try:
        launched = office.launch(arrival_from(path))
    except DuplicateArrival as error:
        raise Failure(f"refused, nothing stored: {error}", REFUSED) from None
    if launched.flow_run_id is None:
        return (
            f"Stored journey {launched.journey_id}; {launched.serving.value}. "
            "It starts as soon as they are up."
        )
    if launched.serving is not Serving.READY:
        return (
            f"Launched journey {launched.journey_id}, but {launched.serving.value}; "
            "it starts as soon as one is up."
        )
    return f"Launched journey {launched.journey_id}; {_ui_link(launched.flow_run_id)}"


def _ui_link(flow_run_id: str) -> str:
    from deployments.environment import ui_url

    return f"see it at {ui_url()}/runs/flow-run/{flow_run_id}"


def complete(journey: str, step: str, file: Path | None, options: list[str]) -> str:
    journey_id = case_number(journey)
    try:
        model = step_spec(step).decision
        fields = {**(read_decision_file(file) if file else {}), **parse_fields(options)}
    except (UnknownStep, BadOptions) as error:
        raise Failure(str(error), BAD_INPUT) from None
    if model is None:
        raise Failure(f"{step} is done by ankommen itself, not by an advisor", REFUSED)
    try:
        recorded = office.complete(journey_id, step, shape_fields(model, fields), source="cli")
    except InvalidDecision as error:
        raise Failure(f"nothing changed: {error}", BAD_INPUT) from None
    except (DecisionRefused, UnknownJourney) as error:
        raise Failure(f"refused, nothing changed: {error}", REFUSED) from None
    label = step_spec(step).label
    return (
        f"Recorded {label} of {journey_id} by {recorded.decision.advisor}; {recorded.woken.value}."
    )


def retry(journey: str, step: str, by: str) -> str:
    journey_id = case_number(journey)
    try:
        woken = office.retry(journey_id, step, by=by)
    except UnknownStep as error:
        raise Failure(str(error), BAD_INPUT) from None
    except (DecisionRefused, UnknownJourney) as error:
        raise Failure(f"refused, nothing changed: {error}", REFUSED) from None
    label = step_spec(step).label
    return f"{label} of {journey_id} will be filed again (same idempotency key); {woken.value}."
