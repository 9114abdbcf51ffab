"""Honest answers when Prefect or a runner is missing: what can be stored is stored, the
message says what happens next, never a traceback and never "resumed" when nothing resumed."""

import json

import pytest

from tests.e2e.journeys import ONCE, query, statuses, wait_suspended_with, write_arrival
from tests.e2e.stack import Stack, free_port, wait_for

pytestmark = pytest.mark.e2e


def without_server(stack: Stack) -> Stack:
    """The same office, with Prefect's address pointing where nothing listens."""
    env = {**stack.env, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    return Stack(home=stack.home, env=env, authority=stack.authority, lane=stack.lane)


def flow_run_of(stack: Stack, journey_id: str) -> str | None:
    return query(stack, "select flow_run_id from journey where id = ?", journey_id)[0][0]


@ONCE
def test_without_a_prefect_server_decisions_are_kept_and_applied_later(stack: Stack) -> None:
    offline = without_server(stack)
    launched = offline.ankommen("launch", str(write_arrival(stack.home, name="No Server")))
    assert launched.returncode == 0 and "Traceback" not in launched.stderr
    assert "no Prefect server answers" in launched.stdout
    journey_id = launched.stdout.split()[2].rstrip(";")
    assert flow_run_of(stack, journey_id) is None

    decided = offline.ankommen(
        "complete",
        journey_id.lower(),
        "accommodation",
        "--advisor",
        "A. Berater",
        "--move-in-date",
        "12.11.2026",
    )
    assert decided.returncode == 0 and "Traceback" not in decided.stderr, decided.stderr
    # The keeper of the runner that has just started may have started the journey meanwhile.
    assert "has not started in Prefect yet" in decided.stdout or (
        "no Prefect server answers" in decided.stdout
    )
    assert "resumed" not in decided.stdout
    again = offline.ankommen(
        "complete",
        journey_id,
        "accommodation",
        "--advisor",
        "B. Beraterin",
        "--move-in-date",
        "2026-11-12",
    )
    assert again.returncode == 1 and "applies it when it next runs" in again.stderr
    listed = json.loads(offline.ankommen("status", "--json").stdout)["journeys"]
    assert next(j for j in listed if j["journey"] == journey_id)["decided"] == ["accommodation"]
    row = next(r for r in offline.ankommen("status").stdout.splitlines() if journey_id in r)
    assert "Accommodation: decided" in row

    # The keeper flow, as the runner starts it and hourly, starts the journey's run: a run of
    # its own, not a subflow of the keeper's (a subflow cannot suspend).
    keeper = stack.api_call("GET", "/deployments/name/keeper/keeper")
    stack.api_call("POST", f"/deployments/{keeper['id']}/create_flow_run", {"name": "keeper now"})
    flow_run_id = wait_for(lambda: flow_run_of(stack, journey_id), 120, "the keeper to start it")
    assert stack.flow_run(flow_run_id)["parent_task_run_id"] is None
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert statuses(stack, journey_id)["accommodation"] == "done"

    later = offline.ankommen("complete", journey_id, "landlord_confirmation", "--advisor", "A B")
    assert later.returncode == 0 and "no Prefect server answers" in later.stdout, later.stderr
    assert "resumed" not in later.stdout
    assert "decided (not applied yet)" in offline.ankommen("status", journey_id).stdout
    assert journey_id in stack.ankommen("keep").stdout  # woken
    wait_suspended_with(stack, journey_id, flow_run_id, "anmeldung")


@pytest.mark.embedded_only(
    "a runner that stops pauses its deployment at once; a worker's last poll counts for a minute"
)
def test_without_a_runner_nothing_pretends_to_run(stack: Stack) -> None:
    stack.stop_runner()
    try:
        launched = stack.ankommen("launch", str(write_arrival(stack.home, name="No Runner")))
        assert launched.returncode == 0, launched.stderr
        assert "no runner or worker serves journeys" in launched.stdout
        assert "start `ankommen serve`" in launched.stdout
        journey_id = launched.stdout.split()[2].rstrip(",")
        flow_run_id = flow_run_of(stack, journey_id)
        assert flow_run_id is not None
        assert stack.flow_run(flow_run_id)["state"]["type"] == "SCHEDULED"
    finally:
        stack.start_runner()
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    wait_for(lambda: "waiting" in stack.ankommen("status", journey_id).stdout, 30, "status")
