"""The keeper against a real Prefect server: a journey's run that a runner took (Pending) and
then died with, before the run's process started, is brought back, not left pending forever
(found by bench/reliability.py, killing the runner at random)."""

from datetime import timedelta

import pytest
from prefect import get_client
from prefect.deployments import run_deployment
from prefect.states import Pending

from tasks import keeper
from tasks.database import session
from tasks.journeys import attach_flow_run
from tests.utils.journey_runs import launch


def test_a_run_left_pending_by_a_dead_runner_is_brought_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
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
