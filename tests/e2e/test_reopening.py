"""A coordinator reopens a step on a real Prefect server: the waiting journey wakes and waits
with a form that offers the step again; a finished journey gets a new run."""

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
from tests.e2e.test_advisors_and_privacy import form_description

pytestmark = pytest.mark.e2e

MOVE_IN = ["--move-in-date", "2026-11-12"]


@ONCE
def test_a_reopened_step_is_offered_again_by_the_same_waiting_run(stack: Stack) -> None:
    # Not here yet: the landlord's confirmation opens only once the flat is decided.
    arrival = write_arrival(
        stack.home, name="Reopen Waiting", arrival_date="2026-12-10", move_in_date=None
    )
    journey_id, flow_run_id = launch(stack, arrival)
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    complete(stack, journey_id, "accommodation", *MOVE_IN)
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")

    result = stack.ankommen("reopen", journey_id, "accommodation", "--reason", "flat fell through")
    assert result.returncode == 0, result.stderr
    assert "Waits again on it: landlord_confirmation" in result.stdout
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    assert statuses(stack, journey_id)["landlord_confirmation"] == "pending"
    wait_for(
        lambda: (
            "Landlord" not in form_description(stack, flow_run_id)
            and "Accommodation" in form_description(stack, flow_run_id)
        ),
        60,
        "the new form to offer the accommodation again, not the landlord's confirmation",
    )
    assert "waits-on:housing-partner" in stack.flow_run(flow_run_id)["tags"]

    # Decided again, in the same run: the journey goes on from there.
    complete(stack, journey_id, "accommodation", "--move-in-date", "2026-11-14")
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert query(
        stack, "select due from journeystep where journey_id = ? and step = 'anmeldung'", journey_id
    ) == [("2026-11-28",)]


@ONCE
def test_reopening_a_finished_journey_starts_a_new_run(stack: Stack) -> None:
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Reopen Finished", qualification_country="DE")
    )
    for step, options in [
        ("accommodation", MOVE_IN),
        ("landlord_confirmation", []),
        ("anmeldung", []),
        ("mentoring", ["--programme", "sports_club"]),
    ]:
        wait_step(stack, journey_id, step, "waiting")
        complete(stack, journey_id, step, *options)
    wait_for(lambda: run_state(stack, flow_run_id) == "COMPLETED", 120, "the journey to finish")

    result = stack.ankommen("reopen", journey_id, "anmeldung", "--reason", "wrong address")
    assert result.returncode == 0, result.stderr
    assert "By hand: mentoring was decided on the old facts" in result.stdout
    ((again,),) = query(stack, "select flow_run_id from journey where id = ?", journey_id)
    assert again and again != flow_run_id
    wait_suspended_with(stack, journey_id, again, "anmeldung")
    assert statuses(stack, journey_id)["mentoring"] == "done"
    assert query(stack, "select finished_on from journey where id = ?", journey_id) == [(None,)]
    complete(stack, journey_id, "anmeldung")
    wait_for(lambda: run_state(stack, again) == "COMPLETED", 120, "the new run to finish")
