"""Crash windows found by bench/reliability.py (the runner killed at random), against a real
Prefect server: no journey is left pending or suspended for good."""

from datetime import timedelta

import pytest
from prefect import get_client
from prefect.deployments import run_deployment
from prefect.input import keyset_from_paused_state
from prefect.states import Pending, Running, Suspended

from tasks import keeper
from tasks.database import session
from tasks.journeys import attach_flow_run
from tasks.runs import resume
from tests.utils.journey_runs import launch


def test_a_run_left_pending_by_a_dead_runner_is_brought_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A runner took the run (Pending) and died before the run's process started."""
    journey_id = launch(name="Pending Forever")
    flow_run = run_deployment("journey/journey", parameters={"journey_id": journey_id}, timeout=0)
    with session() as db:
        attach_flow_run(session=db, journey_id=journey_id, flow_run_id=str(flow_run.id))
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(flow_run.id, Pending())  # taken; then the runner was killed
    monkeypatch.setattr(keeper, "heartbeat_silence", lambda: timedelta(0))  # silent long enough

    kept = keeper.keep_journeys.fn()

    assert f"brought back: {journey_id}" in kept
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(flow_run.id).state
    assert state is not None and (state.type.value, state.name) == ("SCHEDULED", "Brought back")


def test_a_run_killed_as_it_suspended_is_woken_without_its_form() -> None:
    """Prefect marks the run Suspended, then saves its form: killed in between, the run waits
    with no form, and an answer for it is refused. It is woken without one instead, and
    replays from our database (found by bench/reliability.py)."""
    journey_id = launch(name="Suspended Formless")
    flow_run = run_deployment("journey/journey", parameters={"journey_id": journey_id}, timeout=0)
    suspended = Suspended(pause_key="answer-1")
    suspended.state_details.run_input_keyset = keyset_from_paused_state(suspended)
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(flow_run.id, Running())
        client.set_flow_run_state(flow_run.id, suspended)

    assert resume(str(flow_run.id), {"advisor": "st-0001", "decision": {"step": "mentoring"}})

    with get_client(sync_client=True) as client:
        state = client.read_flow_run(flow_run.id).state
    assert state is not None and (state.type.value, state.name) == ("SCHEDULED", "Woken")
