"""What a manager sees in Prefect is the truth: tags to filter by, stage task states that say
on whom and since when, one artifact card per journey; a step that failed for good leaves the
journey waiting (not a failed run) until someone asks for it again."""

import csv

import pytest

from tests.e2e.journeys import (
    ONCE,
    dentist_and_cook,
    launch,
    query,
    run_state,
    runs_tagged,
    stage_states,
    wait_step,
    wait_suspended_with,
    write_arrival,
)
from tests.e2e.stack import Stack, wait_for
from tests.utils.factories import short_journey_data

pytestmark = pytest.mark.e2e


def test_tags_tell_on_whom_each_journey_waits(stack: Stack) -> None:
    (dentist_id, dentist_run), (cook_id, cook_run) = dentist_and_cook(stack, "Tag")

    bezreg = runs_tagged(stack, "waits-on:bezreg-muenster")
    assert dentist_run in bezreg and cook_run not in bezreg
    assert cook_run in runs_tagged(stack, "waits-on:ihk-fosa")
    tags = set(stack.flow_run(dentist_run)["tags"])
    assert {"journey", "stage:housing", "stage:recognition"} <= tags
    # Arrived already: the steps of the one-visit day are open at once, the Anmeldung too.
    assert {"stage:registration", "waits-on:buergerbuero-bochum"} <= tags

    states = stage_states(stack, dentist_run)
    recognition = states["recognition"]
    assert recognition["type"] == "COMPLETED" and recognition["name"] == "Waiting"
    assert recognition["message"].startswith("recognition_documents waits on bezreg-muenster since")

    # The runs list is for journeys: the hourly keeper has a few runs ahead, not a hundred
    # (the schedule's, and the one after the runner started that waits for heartbeats to go silent).
    keeper = stack.api_call(
        "POST", "/flow_runs/filter", {"flows": {"name": {"any_": ["keeper"]}}, "limit": 200}
    )
    ahead = [run for run in keeper if run["state_type"] == "SCHEDULED"]
    assert len([run for run in ahead if run["auto_scheduled"]]) <= 3 and len(ahead) <= 5

    artifacts = stack.api_call(
        "POST", "/artifacts/latest/filter", {"artifacts": {"key": {"like_": "journey-"}}}
    )
    keys = [a["key"] for a in artifacts]
    assert keys.count(f"journey-{dentist_id.lower()}") == 1
    card = next(a for a in artifacts if a["key"] == f"journey-{dentist_id.lower()}")
    assert (
        "Bezirksregierung Münster" in card["data"]
        and "Recognition documents complete" in card["data"]
    )


@ONCE
def test_a_step_that_fails_for_good_waits_for_a_retry_and_is_filed_once(stack: Stack) -> None:
    """Two applications fail for good: one is filed again from the command line, the other
    from the Prefect UI's form (its *Run again* choice)."""
    stack.authority.fail_next = 8  # each journey's first try and all three retries
    journeys = [
        launch(stack, write_arrival(stack.home, name=f"Failed {how}", birth_date="1984-04-04"))
        for how in ("On The Command Line", "In The Form")
    ]
    for journey_id, flow_run_id in journeys:
        wait_step(stack, journey_id, "recognition_application", "failed")
        wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
        assert run_state(stack, flow_run_id) == "PAUSED"  # waiting, not a failed run
        assert {"failed", "stage:recognition"} <= set(stack.flow_run(flow_run_id)["tags"])
        recognition = stage_states(stack, flow_run_id)["recognition"]
        assert recognition["type"] == "FAILED" and "503" in recognition["message"]
        shown = stack.ankommen("status", journey_id)
        assert "failed" in shown.stdout and "503" in shown.stdout

    (by_command, _), (by_form, form_run) = journeys
    result = stack.ankommen(
        "retry", by_command.lower(), "recognition_application", "--advisor", "Coord"
    )
    assert result.returncode == 0, result.stderr
    run_again = {"advisor": "Form Coord", "decision": {"step": "retry:recognition_application"}}
    answer = stack.api_call("POST", f"/flow_runs/{form_run}/resume", {"run_input": run_again})
    assert answer["status"] == "ACCEPT", answer

    for journey_id, flow_run_id in journeys:
        wait_step(stack, journey_id, "recognition_application", "done")
        wait_suspended_with(stack, journey_id, flow_run_id, "recognition_documents")
        tries = stack.authority.tries_for(journey_id)
        assert len(tries) == 5 and len({r["key"] for r in tries}) == 1
        assert stack.authority.applications_for(journey_id) == 1
        wait_for(
            lambda flow_run_id=flow_run_id: "failed" not in stack.flow_run(flow_run_id)["tags"],
            60,
            "the failed tag to go",
        )
        # one artifact card for the journey, updated at every wait
        key = f"journey-{journey_id.lower()}"
        cards = stack.api_call("POST", "/artifacts/filter", {"artifacts": {"key": {"any_": [key]}}})
        assert len(cards) == 1 and "| done |" in cards[0]["data"]
    assert query(
        stack, "select detail from stepevent where event = 'retry' and journey_id = ?", by_form
    ) == [("asked by Form Coord",)]

    again = stack.ankommen("retry", by_command, "recognition_application", "--advisor", "Coord")
    assert again.returncode == 1 and "has not failed" in again.stderr
    assert query(
        stack,
        "select count(*) from stepevent where journey_id = ? and event = 'retry'",
        by_command,
    ) == [(1,)]


def test_a_cohort_from_a_csv_is_one_tag_in_prefect(stack: Stack) -> None:
    people = [
        short_journey_data(name=f"Cohort Member {n}", birth_date=f"199{n}-01-01", email=None)
        for n in (1, 2)
    ]
    path = stack.home / "cohort.csv"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[k for k in people[0] if k != "email"])
        writer.writeheader()
        writer.writerows({k: v for k, v in p.items() if k != "email"} for p in people)
    launched = stack.ankommen("launch", str(path), "--cohort", "e2e-cohort-1")
    assert launched.returncode == 0, launched.stderr
    assert "Launched 2 journeys of cohort e2e-cohort-1" in launched.stdout
    journeys = query(stack, "select id, flow_run_id from journey where cohort = 'e2e-cohort-1'")
    assert len(journeys) == 2
    for journey_id, flow_run_id in journeys:
        wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    # Retagged by the journey as it waits: our tags change, the cohort's stays.
    tagged = runs_tagged(stack, "cohort:e2e-cohort-1")
    assert tagged == {flow_run_id for _, flow_run_id in journeys}
    for flow_run_id in tagged:
        assert "waits-on:housing-partner" in stack.flow_run(flow_run_id)["tags"]
