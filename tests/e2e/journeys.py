"""Reading what end-to-end tests check: our database as a coordinator's tools would."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.stack import Stack, wait_for
from tests.utils.factories import short_journey_data

# The slowest tests run once, in the PostgreSQL lane: CI runs both lanes in under 30 minutes.
ONCE = pytest.mark.scale_out_only("slow: once, in the PostgreSQL lane, for CI's 30 minutes")


def write_arrival(home: Path, **fields: Any) -> Path:
    arrival = short_journey_data(**{"name": "Test Person", **fields})
    path = home / f"arrival-{abs(hash(json.dumps(arrival, sort_keys=True)))}.json"
    path.write_text(json.dumps(arrival))
    return path


def query(stack: Stack, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return stack.query(sql, *params)


def launch(stack: Stack, arrival: Path) -> tuple[str, str]:
    result = stack.ankommen("launch", str(arrival))
    assert result.returncode == 0, result.stderr
    journey_id = re.search(r"journey (WO-\d{4}-\d{4})", result.stdout).group(1)  # type: ignore[union-attr]
    (flow_run_id,) = query(stack, "select flow_run_id from journey where id = ?", journey_id)[0]
    return journey_id, flow_run_id


def statuses(stack: Stack, journey_id: str) -> dict[str, str]:
    return dict(
        query(stack, "select step, status from journeystep where journey_id = ?", journey_id)
    )


def run_state(stack: Stack, flow_run_id: str) -> str:
    return stack.flow_run(flow_run_id)["state"]["type"]


def wait_step(stack: Stack, journey_id: str, step: str, status: str) -> None:
    wait_for(
        lambda: statuses(stack, journey_id)[step] == status,
        120,
        f"{step} of {journey_id} to be {status}",
    )


def wait_suspended_with(stack: Stack, journey_id: str, flow_run_id: str, *open_steps: str) -> None:
    def ready() -> bool:
        waiting = {s for s, status in statuses(stack, journey_id).items() if status == "waiting"}
        return run_state(stack, flow_run_id) == "PAUSED" and set(open_steps) <= waiting

    wait_for(ready, 120, f"{journey_id} to suspend waiting on {', '.join(open_steps)}")


def complete(stack: Stack, journey_id: str, step: str, *options: str) -> str:
    result = stack.ankommen("complete", journey_id, step, "--advisor", "A. Berater", *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


def launch_dentist(stack: Stack, who: str) -> tuple[str, str]:
    """A dentist from Venezuela (recognition: bezreg-muenster): (journey id, flow run id)."""
    return launch(stack, write_arrival(
        stack.home, name=f"{who} Dentist", birth_date="1985-05-05", nationality="VE",
        qualification_country="VE", profession="Zahnärztin",
    ))  # fmt: skip


def dentist_and_cook(stack: Stack, who: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """A Venezuelan dentist (recognition: bezreg-muenster) and a Polish cook (ihk-fosa), both
    suspended waiting on their recognition documents: (journey id, flow run id) each."""
    dentist = launch_dentist(stack, who)
    cook = launch(stack, write_arrival(stack.home, name=f"{who} Cook", birth_date="1983-03-03"))
    for journey_id, flow_run_id in (dentist, cook):
        wait_suspended_with(stack, journey_id, flow_run_id, "recognition_documents")
    return dentist, cook


def runs_tagged(stack: Stack, tag: str) -> set[str]:
    runs = stack.api_call(
        "POST", "/flow_runs/filter", {"flow_runs": {"tags": {"all_": [tag]}}, "limit": 200}
    )
    return {run["id"] for run in runs}


def stage_states(stack: Stack, flow_run_id: str) -> dict[str, dict]:
    """The latest task run of each stage: {stage: state}."""
    runs = stack.api_call(
        "POST",
        "/task_runs/filter",
        {"flow_runs": {"id": {"any_": [flow_run_id]}}, "sort": "EXPECTED_START_TIME_DESC"},
    )
    latest: dict[str, dict] = {}
    for run in runs:
        latest.setdefault(run["name"].rsplit("-", 1)[0], run["state"])  # "recognition-a1b"
    return latest
