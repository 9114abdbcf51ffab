"""Many journeys and advisors at once, in both lanes: on the embedded default, and on the
scale-out, where the journeys resume on whichever of two workers polls first. Journeys wait
holding no process, every decision is applied once, and each journey keeps its one flow run."""

import json
import re
import threading

import pytest

from tests.e2e.journeys import query, write_arrival
from tests.e2e.stack import TODAY, Stack, wait_for

pytestmark = pytest.mark.e2e

CASE_NUMBER = re.compile(r"WO-\d{4}-\d{4}")
PEOPLE = ["Anna Many", "Bela Many", "Cleo Many", "Dina Many"]


def _runs(stack: Stack, journeys: list[str]) -> dict[str, list[dict]]:
    runs = stack.api_call(
        "POST", "/flow_runs/filter", {"flow_runs": {"name": {"any_": journeys}}, "limit": 200}
    )
    found: dict[str, list[dict]] = {}
    for run in runs:
        found.setdefault(run["name"], []).append(run)
    return found


def _among(journeys: list[str]) -> str:
    return f"journey_id in ({','.join('?' * len(journeys))})"


def test_four_journeys_and_four_advisors_at_once(stack: Stack) -> None:
    launched = []
    for name in PEOPLE:
        arrival = write_arrival(stack.home, name=name, qualification_country="DE",
                                arrival_date="2026-12-15", move_in_date=None)  # fmt: skip
        result = stack.ankommen("launch", str(arrival))
        assert result.returncode == 0, result.stderr
        launched.append(CASE_NUMBER.search(result.stdout).group())  # type: ignore[union-attr]

    def waiting_on(step: str) -> bool:
        statuses = dict(stack.query(
            f"select journey_id, status from journeystep where step = ? and {_among(launched)}",
            step, *launched,
        ))  # fmt: skip
        runs = _runs(stack, launched)
        return (
            all(statuses.get(j) == "waiting" for j in launched)
            and set(runs) == set(launched)
            and all(runs[j][0]["state_type"] == "PAUSED" for j in launched)
        )

    wait_for(lambda: waiting_on("accommodation"), 180, "every journey to wait on its flat")
    wait_for(lambda: not stack.journey_processes(), 60, "no process to hold a waiting journey")

    def decide(journey_id: str) -> None:
        result = stack.ankommen("complete", journey_id, "accommodation", "--advisor", "VBW",
                                "--move-in-date", "2026-12-16")  # fmt: skip
        assert result.returncode == 0, result.stderr

    threads = [threading.Thread(target=decide, args=(j,)) for j in launched]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: waiting_on("landlord_confirmation"), 180, "every decision applied")

    assert all(len(runs) == 1 for runs in _runs(stack, launched).values())  # one run each
    twice = query(
        stack,
        f"select journey_id, step from stepevent where event in ('done', 'opened') and "
        f"{_among(launched)} group by journey_id, step, event having count(*) > 1",
        *launched,
    )
    unapplied = query(
        stack,
        f"select count(*) from decision where applied_at is null and {_among(launched)}",
        *launched,
    )
    assert twice == [] and unapplied == [(0,)]
    if stack.lane == "postgresql":
        logs = "".join(path.read_text() for path in stack.runner_logs if path.exists())
        assert "submitting flow run" in logs


@pytest.mark.scale_out_only("only the scale-out deploys prefect.yaml to a work pool")
def test_the_deployments_hold_no_credentials_and_results_are_json(stack: Stack) -> None:
    deployments = stack.api_call("POST", "/deployments/filter", {"limit": 50})
    assert {d["name"] for d in deployments} == {
        "journey", "keeper", "office-report", "retention", "sweep", "digest"
    }  # fmt: skip
    assert all(d["work_pool_name"] == "ankommen" for d in deployments)
    assert "postgres@" not in json.dumps(deployments)  # the database URL is in its Secret block
    env = next(d for d in deployments if d["name"] == "journey")["job_variables"]["env"]
    assert env["ANKOMMEN_DATABASE_SECRET"] == "ankommen-database-url"
    assert env["ANKOMMEN_TODAY"] == TODAY  # the office's settings come from Prefect variables
    assert env["ANKOMMEN_NOTIFY_CONFIG"] == ""  # a variable nobody set: the setting is unset
    results = [path for path in (stack.home / "results").rglob("*") if path.is_file()]
    assert results
    for path in results:
        json.loads(path.read_bytes())  # JSON, never a pickle: any worker and release reads it
