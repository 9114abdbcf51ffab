"""Journeys run in this process under a Prefect server (no runner), with the real suspend and
resume: each run is executed here until it suspends, and advisors answer through the resume
form's input. Shared by the flow tests and the reliability bench."""

from datetime import date
from typing import Any
from uuid import UUID

from prefect import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.deployments import run_deployment
from prefect.exceptions import Pause
from prefect.flow_engine import run_flow
from prefect.flow_runs import resume_flow_run
from prefect.input import keyset_from_base_key, read_flow_run_input

from flows.journey import journey
from models.arrival import Arrival
from models.plan import make_plan
from models.steps import STEPS
from tasks.advisor_form import wake_input
from tasks.database import session
from tasks.decisions import record_decision, unapplied
from tasks.journeys import create_journey
from tests.utils.factories import short_journey_data

TODAY = date(2026, 11, 26)


def deploy_journey() -> None:
    """The journey deployment runs are created from (suspending needs one)."""
    journey.to_deployment(name="journey").apply()


class Run:
    """A journey's flow run, executed here until it suspends; notes each form it shows."""

    def __init__(self, journey_id: str) -> None:
        self.journey_id = journey_id
        self.flow_run = run_deployment(
            "journey/journey", parameters={"journey_id": journey_id}, timeout=0
        )
        self.forms: list[tuple[list[str], str]] = []

    def until_it_waits(self) -> str | None:
        """Execute the run; the form's choices, or None when the journey completed."""
        with get_client(sync_client=True) as client:
            flow_run = client.read_flow_run(self.flow_run.id)
        try:
            run_flow(journey, flow_run=flow_run, parameters={"journey_id": self.journey_id})
        except Pause:
            with get_client(sync_client=True) as client:
                state = client.read_flow_run(self.flow_run.id).state
            keyset = keyset_from_base_key(f"suspended-{state.state_details.pause_key}")
            schema = read_flow_run_input(keyset["schema"], flow_run_id=self.flow_run.id)
            description = read_flow_run_input(keyset["description"], flow_run_id=self.flow_run.id)
            self.forms.append((_choices(schema), description))
            return "waiting"
        return None

    def answer(self, advisor: str, **decision: Any) -> None:
        resume_flow_run(self.flow_run.id, run_input={"advisor": advisor, "decision": decision})

    def task_runs(self) -> list[str]:
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(
                    id=FlowRunFilterId(any_=[UUID(str(self.flow_run.id))])
                )
            )
        return [run.name for run in runs]


def _choices(schema: dict[str, Any]) -> list[str]:
    decision = schema["properties"]["decision"]
    variants = decision.get("anyOf") or decision.get("oneOf") or [decision]
    steps = []
    for variant in variants:
        ref = variant.get("$ref", "").split("/")[-1]
        body = schema.get("$defs", {}).get(ref, variant)
        steps.append(body["properties"]["step"]["const"])
    return steps


def launch(**overrides: Any) -> str:
    arrival = Arrival.model_validate(short_journey_data(**{"name": "Flow Person", **overrides}))
    with session() as db:
        created = create_journey(
            session=db, arrival=arrival, plan=make_plan(arrival), prefix="WO", today=TODAY
        )
    return created.id


# What the advisors answer in a short journey (tests/utils/factories.py `short_journey_data`).
SHORT_JOURNEY_ANSWERS: dict[str, dict[str, Any]] = {
    "accommodation": {"move_in_date": "2026-11-20"},
    "landlord_confirmation": {},
    "anmeldung": {},
    "mentoring": {"programme": "sports_club"},
    "recognition_documents": {},
    "recognition_decision": {"outcome": "full"},
}


def decide_everything_open(run: Run, answers: dict[str, dict[str, Any]]) -> None:
    """Record a decision for each step the last form offered, as advisors at their desks
    would (`ankommen complete`), in the catalogue's order (the visit's), then wake the run."""
    offered, _ = run.forms[-1]
    with session() as db:
        for step in [s.name for s in STEPS if s.name in offered]:
            record_decision(session=db, journey_id=run.journey_id, step=step, source="cli",
                            data={"advisor": "Desk", **answers[step]}, today=TODAY)  # fmt: skip
        first = unapplied(session=db, journey_id=run.journey_id)[0]
    resume_flow_run(
        run.flow_run.id,
        run_input=wake_input(step=first.step, payload=first.payload, decision_id=first.id),
    )
