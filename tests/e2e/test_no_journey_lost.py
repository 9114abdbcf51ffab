"""No journey is lost or hangs: a runner killed with SIGKILL at three points, and a Prefect
server restarted while journeys wait. Real processes, real signals."""

import subprocess
import sys

import pytest

from deployments.server import start_server
from tests.e2e.journeys import (
    ONCE,
    complete,
    launch,
    query,
    statuses,
    wait_step,
    wait_suspended_with,
    write_arrival,
)
from tests.e2e.stack import REPO, Stack, wait_for

pytestmark = pytest.mark.e2e

RECORD_WITHOUT_WAKING = """
import sys
from tasks.database import session
from tasks.decisions import record_decision
from tasks.settings import get_settings
with session() as db:
    record_decision(session=db, journey_id=sys.argv[1], step="accommodation",
                    data={"advisor": "Silent Advisor", "move_in_date": "2026-11-12"},
                    source="cli", today=get_settings().current_date())
"""


def run_state(stack: Stack, flow_run_id: str) -> str:
    return stack.flow_run(flow_run_id)["state"]["type"]


def runs_named(stack: Stack, journey_id: str) -> int:
    runs = stack.api_call(
        "POST", "/flow_runs/filter", {"flow_runs": {"name": {"any_": [journey_id]}}}
    )
    return len(runs)


@ONCE
def test_a_runner_killed_at_three_points_loses_no_journey(stack: Stack) -> None:
    waiting = {}
    for name in ("Killed While Resuming", "Killed Before Waking"):
        journey_id, flow_run_id = launch(
            stack, write_arrival(stack.home, name=name, birth_date="1975-05-05")
        )
        wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
        waiting[name] = (journey_id, flow_run_id)
    resuming, unwoken = waiting["Killed While Resuming"], waiting["Killed Before Waking"]

    # 1. killed while it runs: the authority filed its application, our database has not
    # recorded that yet (we hold its write lock below)
    stack.authority.stall_seconds = 8  # below the client's timeout: the filing succeeds
    running = launch(
        stack, write_arrival(stack.home, name="Killed While Running", birth_date="1975-06-06")
    )
    wait_step(stack, running[0], "recognition_application", "running")
    # 2. killed while it resumes with an advisor's decision, before it could record anything
    complete(stack, resuming[0], "accommodation", "--move-in-date", "2026-11-12")
    with stack.write_lock():
        wait_for(
            lambda: run_state(stack, resuming[1]) == "RUNNING", 60, "the resumed run", poll=0.1
        )
        wait_for(lambda: stack.authority.applications_for(running[0]) == 1, 30, "the filing")
        stack.kill_runner()
    stack.authority.stall_seconds = 0
    assert run_state(stack, running[1]) == "RUNNING"  # nobody tells Prefect the process died

    # 3. a decision recorded while no runner is up, and nobody woke the journey
    recorded = subprocess.run(
        [sys.executable, "-c", RECORD_WITHOUT_WAKING, unwoken[0]],
        env=stack.env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert recorded.returncode == 0, recorded.stderr

    stack.start_runner()
    wait_suspended_with(stack, running[0], running[1], "accommodation", "recognition_documents")
    for journey_id, flow_run_id in (resuming, unwoken):
        wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")

    assert stack.authority.applications_for(running[0]) == 1
    for journey_id, _ in (running, resuming, unwoken):
        done = query(
            stack,
            "select step, count(*) from stepevent where journey_id = ? and event = 'done' "
            "group by step",
            journey_id,
        )
        assert all(count == 1 for _, count in done), (journey_id, done)
        assert runs_named(stack, journey_id) == 1  # one run per journey, brought back in place
        assert query(
            stack,
            "select count(*) from decision where journey_id = ? and applied_at is null",
            journey_id,
        ) == [(0,)]
    shown = stack.ankommen("status", unwoken[0]).stdout
    assert "Silent Advisor" in shown and "decided (not applied yet)" not in shown


@ONCE
def test_a_restarted_prefect_server_loses_no_journey(stack: Stack) -> None:
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Server Restart", birth_date="1976-06-06")
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    server = stack.processes[0]
    server.terminate()
    server.wait(timeout=60)
    restarted = start_server(stack.home / "server.log", stack.env)
    assert restarted is not None
    stack.processes[0] = restarted

    complete(stack, journey_id, "accommodation", "--move-in-date", "2026-11-12")
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert statuses(stack, journey_id)["accommodation"] == "done"


@ONCE
def test_a_run_retried_from_a_terminal_state_never_asks_again(stack: Stack) -> None:
    """Prefect forgets a run's suspend keys when it leaves a terminal state (the UI's Retry);
    our database still knows what was decided."""
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Retried Run", birth_date="1977-07-07")
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    complete(stack, journey_id, "accommodation", "--move-in-date", "2026-11-12")
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")

    for state in ({"type": "FAILED", "name": "Failed"}, {"type": "SCHEDULED", "name": "Retry"}):
        stack.api_call(
            "POST",
            f"/flow_runs/{flow_run_id}/set_state",
            {"state": state, "force": state["type"] == "FAILED"},
        )
    wait_for(lambda: stack.flow_run(flow_run_id)["run_count"] >= 2, 120, "the retried run")
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert statuses(stack, journey_id)["accommodation"] == "done"
    assert query(
        stack, "select count(*) from stepevent where journey_id = ? and event = 'done'", journey_id
    ) == [(2,)]  # accommodation, and the application filed by ankommen: nothing twice


def test_a_second_run_of_the_same_journey_stands_down(stack: Stack) -> None:
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="One Run Only", birth_date="1978-08-08")
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    deployment = stack.api_call("GET", "/deployments/name/journey/journey")
    second = stack.api_call(
        "POST",
        f"/deployments/{deployment['id']}/create_flow_run",
        {"parameters": {"journey_id": journey_id}, "name": f"{journey_id}-by-hand"},
    )
    wait_for(lambda: run_state(stack, second["id"]) == "CANCELLED", 120, "the second run to stop")
    assert "one at a time" in stack.flow_run(second["id"])["state"]["message"]
    assert run_state(stack, flow_run_id) == "PAUSED"
    assert query(stack, "select flow_run_id from journey where id = ?", journey_id) == [
        (flow_run_id,)
    ]
