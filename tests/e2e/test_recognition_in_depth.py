"""The recognition of a dentist from Venezuela on a real Prefect server and runner: the
checklist that starts the 3-month clock (§6(3) BQFG), the clock that stands while the body
waits on the newcomer and is extended once, and a partial recognition followed by a
Kenntnisprüfung retaken once; Prefect's tags and states say where she is at each point."""

import json

import pytest

from tests.e2e.journeys import (
    ONCE,
    complete,
    launch_dentist,
    query,
    runs_tagged,
    stage_states,
    wait_step,
    wait_suspended_with,
)
from tests.e2e.stack import Stack, wait_for

pytestmark = pytest.mark.e2e

DOCUMENTS = ["passport", "certificates", "transcripts", "work_experience", "translations"]


def dentist(stack: Stack, who: str) -> tuple[str, str]:
    """Arrived on 2026-11-10, her documents in by 2026-11-20, and so complete on the day the
    application was filed (today, 2026-11-26): (journey, flow run)."""
    journey_id, flow_run_id = launch_dentist(stack, who)
    wait_suspended_with(stack, journey_id, flow_run_id, "recognition_documents")
    ticked = stack.ankommen(
        "tick",
        journey_id,
        "recognition_documents",
        *DOCUMENTS[:3],
        "--on",
        "2026-11-18",
        "--as",
        "BR Weber",
    )
    assert ticked.returncode == 0 and "Still missing: proof of work experience" in ticked.stdout
    ticked = stack.ankommen(
        "tick",
        journey_id,
        "recognition_documents",
        *DOCUMENTS[3:],
        "--on",
        "2026-11-20",
        "--as",
        "BR Weber",
    )
    assert ticked.returncode == 0, ticked.stderr
    assert "The checklist is complete: Recognition documents complete is done" in ticked.stdout
    wait_step(stack, journey_id, "recognition_decision", "waiting")
    return journey_id, flow_run_id


def due(stack: Stack, journey_id: str, step: str) -> str | None:
    return query(
        stack, "select due from journeystep where journey_id = ? and step = ?", journey_id, step
    )[0][0]


@ONCE
def test_the_clock_stands_while_the_body_waits_on_the_newcomer_and_is_extended_once(
    stack: Stack,
) -> None:
    journey_id, flow_run_id = dentist(stack, "Clock")
    assert due(stack, journey_id, "recognition_decision") == "2027-02-26"  # 3 months

    paused = stack.ankommen(
        "clock",
        journey_id,
        "pause",
        "--on",
        "2026-11-26",
        "--reason",
        "the certified translation of the transcripts",
        "--as",
        "BR Weber",
    )
    assert paused.returncode == 0, paused.stderr
    # Prefect tells the truth: the journey waits on the newcomer now, and nothing is due.
    wait_for(
        lambda: flow_run_id in runs_tagged(stack, "waits-on:newcomer"),
        60,
        "the run to be tagged waits-on:newcomer",
    )
    assert due(stack, journey_id, "recognition_decision") is None
    assert "paused since 2026-11-26 (Nachforderung)" in stack.ankommen("status", journey_id).stdout

    resumed = stack.ankommen(
        "clock", journey_id, "resume", "--on", "2026-11-26", "--as", "BR Weber"
    )
    # the same day in this test's office (its clock stands too); unit tests count the days
    assert "after 0 days; due 2027-02-26 (was 2027-02-26)" in resumed.stdout
    wait_for(
        lambda: flow_run_id not in runs_tagged(stack, "waits-on:newcomer"),
        60,
        "the run to wait on the body again",
    )
    assert flow_run_id in runs_tagged(stack, "waits-on:bezreg-muenster")

    extended = stack.ankommen(
        "clock",
        journey_id,
        "extend",
        "--until",
        "2027-04-26",
        "--reason",
        "an expert opinion on the curriculum",
        "--as",
        "BR Weber",
    )
    assert extended.returncode == 0, extended.stderr
    again = stack.ankommen(
        "clock",
        journey_id,
        "extend",
        "--until",
        "2027-05-26",
        "--reason",
        "more",
        "--as",
        "BR Weber",
    )
    assert again.returncode == 1 and "once is allowed (§6(3) BQFG" in again.stderr
    assert due(stack, journey_id, "recognition_decision") == "2027-04-26"

    events = json.loads(stack.ankommen("history", journey_id, "--json").stdout)
    clock = [
        (e["event"], e["detail"]) for e in events if e["event"] in ("paused", "resumed", "extended")
    ]
    assert [event for event, _ in clock] == ["paused", "resumed", "extended"]
    assert "the certified translation of the transcripts" in clock[0][1]
    assert "an expert opinion on the curriculum" in clock[2][1]


@ONCE
def test_a_partial_recognition_goes_on_with_a_kenntnispruefung_retaken_once(
    stack: Stack,
) -> None:
    journey_id, flow_run_id = dentist(stack, "Exam")
    complete(
        stack,
        journey_id,
        "recognition_decision",
        "--outcome",
        "partial",
        "--gaps",
        "Zahnersatzkunde",
        "--measure",
        "kenntnispruefung",
    )
    wait_step(stack, journey_id, "kenntnispruefung", "waiting")
    assert due(stack, journey_id, "kenntnispruefung") == "2027-05-26"  # within 6 months
    wait_suspended_with(stack, journey_id, flow_run_id, "kenntnispruefung")
    recognition = stage_states(stack, flow_run_id)["recognition"]
    assert recognition["message"].startswith("kenntnispruefung waits on bezreg-muenster since")

    complete(
        stack,
        journey_id,
        "kenntnispruefung",
        "--passed",
        "false",
        "--failed-parts",
        "Zahnersatzkunde",
    )
    wait_step(stack, journey_id, "kenntnispruefung_retake", "waiting")
    complete(stack, journey_id, "kenntnispruefung_retake", "--passed", "true")
    wait_step(stack, journey_id, "recognition_final", "waiting")
    complete(stack, journey_id, "recognition_final", "--outcome", "full")
    wait_step(stack, journey_id, "recognition_final", "done")

    # Ready to work follows the final notice, not the partial one.
    (ready,) = query(stack, "select ready_steps from journey where id = ?", journey_id)[0]
    assert "recognition_final" in json.loads(ready)
    assert "recognition_decision" not in json.loads(ready)
    skipped = [
        s
        for (s,) in query(
            stack,
            "select step from journeystep where journey_id = ? and status = 'skipped'",
            journey_id,
        )
    ]
    assert "anpassungslehrgang" in skipped and "interim_licence" in skipped
