"""A journey on a real Prefect server and runner: it waits without a process, takes decisions
for several open steps in any order, and finishes with every step done exactly once."""

import threading

import pytest

from tests.e2e.journeys import (
    ONCE,
    complete,
    launch,
    query,
    run_state,
    statuses,
    wait_step,
    wait_suspended_with,
    write_arrival,
)
from tests.e2e.stack import Stack, wait_for

pytestmark = pytest.mark.e2e


@ONCE
@pytest.mark.parametrize(
    "first, second",
    [("accommodation", "recognition_documents"), ("recognition_documents", "accommodation")],
)
def test_journey_runs_each_step_once_whatever_the_order(
    stack: Stack, first: str, second: str
) -> None:
    arrival = write_arrival(stack.home, name=f"Order {first}", birth_date="1990-01-01")
    journey_id, flow_run_id = launch(stack, arrival)
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation", "recognition_documents")

    wait_for(lambda: not stack.journey_processes(), 60, "the runner to hold no journey process")

    # Both open steps decided back to back: the second lands while the run replays.
    answers = {"accommodation": ["--move-in-date", "2026-11-12"], "recognition_documents": []}
    complete(stack, journey_id, first, *answers[first])
    complete(stack, journey_id, second, *answers[second])
    wait_suspended_with(
        stack, journey_id, flow_run_id, "landlord_confirmation", "recognition_decision"
    )
    for step, options in [
        ("landlord_confirmation", []),
        ("anmeldung", []),
        ("recognition_decision", ["--outcome", "full"]),
        ("mentoring", ["--programme", "sports_club"]),
    ]:
        wait_step(stack, journey_id, step, "waiting")
        complete(stack, journey_id, step, *options)

    wait_for(lambda: run_state(stack, flow_run_id) == "COMPLETED", 120, "the journey to finish")
    steps = statuses(stack, journey_id)
    assert {s for s, status in steps.items() if status == "done"} == {
        "accommodation",
        "landlord_confirmation",
        "anmeldung",
        "recognition_application",
        "recognition_documents",
        "recognition_decision",
        "mentoring",
    }
    done_events = query(
        stack,
        "select step, count(*) from stepevent where journey_id = ? and "
        "event = 'done' group by step",
        journey_id,
    )
    assert all(count == 1 for _, count in done_events) and len(done_events) == 7
    assert stack.authority.applications_for(journey_id) == 1
    assert query(
        stack,
        "select count(*) from decision where journey_id = ? and applied_at is null",
        journey_id,
    ) == [(0,)]
    assert query(
        stack, "select due from journeystep where journey_id = ? and step = 'anmeldung'", journey_id
    ) == [("2026-11-26",)]


def test_flaky_authority_is_retried_without_filing_twice(stack: Stack) -> None:
    arrival = write_arrival(stack.home, name="Flaky Authority", birth_date="1985-05-05")
    stack.authority.fail_next = 2
    journey_id, flow_run_id = launch(stack, arrival)
    wait_suspended_with(stack, journey_id, flow_run_id, "recognition_documents")
    tries = stack.authority.tries_for(journey_id)
    assert len(tries) == 3 and len({r["key"] for r in tries}) == 1
    assert stack.authority.applications_for(journey_id) == 1
    assert query(
        stack,
        "select attempts, status from journeystep where journey_id = ? and "
        "step = 'recognition_application'",
        journey_id,
    ) == [(3, "done")]
    assert [
        event
        for (event,) in query(
            stack,
            "select event from stepevent where journey_id = ? and step = "
            "'recognition_application' order by id",
            journey_id,
        )
    ] == ["retrying", "retrying", "done"]
    # Prefect's own retry states on the stage's task, and the error in its log
    recognition = stack.api_call(
        "POST",
        "/task_runs/filter",
        {
            "flow_runs": {"id": {"any_": [flow_run_id]}},
            "task_runs": {"name": {"like_": "recognition"}},
        },
    )[-1]
    history = stack.api_call("GET", f"/task_run_states/?task_run_id={recognition['id']}")
    assert [state["name"] for state in history].count("AwaitingRetry") == 2
    logs = stack.api_call(
        "POST", "/logs/filter", {"logs": {"task_run_id": {"any_": [recognition["id"]]}}}
    )
    assert any("HTTP 503" in log["message"] for log in logs)


def test_two_advisors_complete_the_same_step_exactly_one_wins(stack: Stack) -> None:
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Two Advisors", birth_date="1992-02-02")
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    results = []

    def advisor(name: str) -> None:
        results.append(
            stack.ankommen(
                "complete",
                journey_id,
                "accommodation",
                "--advisor",
                name,
                "--move-in-date",
                "2026-11-12",
            )
        )

    threads = [threading.Thread(target=advisor, args=(name,)) for name in ("Anna", "Bert")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.returncode for r in results) == [0, 1]
    loser = next(r for r in results if r.returncode == 1)
    assert "already completed by" in loser.stderr
    assert query(
        stack,
        "select count(*) from decision where journey_id = ? and step = 'accommodation'",
        journey_id,
    ) == [(1,)]
