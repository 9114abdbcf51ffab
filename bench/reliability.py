"""The reliability scorecard (issue 12 §5): the stress scenarios on the embedded default (a real
Prefect server, `ankommen serve`, SQLite), one table.

1. Flaky partners: journeys run to completion while the fake authority fails half the calls
   (hangs past the timeout, 500, 429 with Retry-After, bodies that are not JSON, answers lost
   after filing); advisors decide every open step at once, then wake the journey once. The
   baseline, in the same run, is journeys with no failures: the table shows what the failures
   cost in time.
2. Crashes: journeys launched at once, the runner and its journey processes killed with
   SIGKILL at random moments while they run, started again each time; every journey must go
   on to completion, with nothing filed or booked twice.
3. Erasure: every journey of 1 and 2 erased (`tasks.erasure.erase`, as `ankommen erase`), then
   every file of the office's home (our database, Prefect's, results, logs, the report page)
   searched for each person's name, e-mail and birth date.
4. Malformed input: generated arrivals, cohort files and decisions (tests/utils/malformed.py),
   each of which must be refused, naming the field.

    .venv/bin/python bench/reliability.py            # 200 + 50 journeys, 3 kills: ~30 min
    .venv/bin/python bench/reliability.py --quick    # what CI runs: a few minutes

Exit status 1 if a figure that must hold does not.
"""

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import DECISIONS, REPO, load, print_json, print_table, ratio

from tests.e2e.stack import Stack, make_stack, wait_for

FAILURE_RATE = 0.5
ROBOT = "Desk Robot"  # the advisors' name: this office has no staff ids
PATIENCE_SECONDS = 300  # for a scenario's journeys to finish, and 10 s more for each


@dataclass(frozen=True)
class Scale:
    baseline: int  # journeys with no failures
    flaky: int  # journeys at FAILURE_RATE
    crashed: int  # journeys while the runner is killed
    kills: int
    kill_within: float  # seconds: each kill comes at random within this after the last
    malformed: int  # generated inputs per kind


FULL = Scale(baseline=20, flaky=200, crashed=50, kills=3, kill_within=15, malformed=250)
QUICK = Scale(baseline=2, flaky=4, crashed=3, kills=1, kill_within=6, malformed=40)


@dataclass
class Person:
    name: str
    email: str
    birth_date: str

    @property
    def values(self) -> list[str]:
        return [self.name, self.email, self.birth_date]


def people(prefix: str, count: int, start: int) -> list[Person]:
    born = date(1971, 3, 5)  # not 1970-01-01: Prefect's database holds the epoch
    return [
        Person(
            f"{prefix} Zuverlässig {n}",
            f"{prefix.lower()}.zuverlaessig.{n}@example.net",
            (born + timedelta(days=47 * n)).isoformat(),
        )  # fmt: skip
        for n in range(start, start + count)
    ]


def launch(everyone: list[Person]) -> list[str]:
    from models.arrival import Arrival
    from tasks import office
    from tests.utils.factories import short_journey_data

    journeys = []
    for person in everyone:
        arrival = short_journey_data(name=person.name, email=person.email,
                                     birth_date=person.birth_date)  # fmt: skip
        journeys.append(office.launch(Arrival.model_validate(arrival)).journey_id)
    return journeys


def advise_until_done(stack: Stack, journeys: list[str]) -> int:
    """Decide every open step of each waiting journey at once, then wake it once, until all
    are finished; how many finished."""
    from sqlmodel import select

    from models.steps import STEPS
    from models.tables import Journey, StepStatus
    from tasks import office
    from tasks.database import session
    from tasks.decisions import StepNotOpen, decided_steps, record_decision
    from tasks.journeys import journey_steps
    from tasks.settings import get_settings

    order = [step.name for step in STEPS]
    give_up = time.monotonic() + PATIENCE_SECONDS + 10 * len(journeys)
    while time.monotonic() < give_up:
        with session() as db:
            rows = db.exec(select(Journey).where(Journey.id.in_(journeys))).all()  # type: ignore[attr-defined]
            open_ones = [j.id for j in rows if j.finished_on is None]
            decided = decided_steps(session=db)
            paused = _paused(stack, [j.flow_run_id for j in rows if j.flow_run_id])
            for journey in (j for j in rows if j.id in open_ones and j.flow_run_id in paused):
                waiting = [s.step for s in journey_steps(session=db, journey_id=journey.id)
                           if s.status is StepStatus.WAITING]  # fmt: skip
                mine = set(decided.get(journey.id, ()))
                for step in sorted(set(waiting) - mine, key=order.index):
                    try:
                        record_decision(session=db, journey_id=journey.id, step=step,
                                        source="bench", data={"advisor": ROBOT, **DECISIONS[step]},
                                        today=get_settings().current_date())  # fmt: skip
                    except StepNotOpen:
                        break  # what it comes after is still with a partner's system
                    mine.add(step)
                if set(waiting) & mine:
                    # also when it still waits with decisions it has not applied: a wake that
                    # Prefect's busy database refused is asked again
                    office.wake(journey.id, patience=0)
        if not open_ones:
            return len(journeys)
        time.sleep(1)
    with session() as db:
        for journey_id in open_ones:
            steps = journey_steps(session=db, journey_id=journey_id)
            print(journey_id, "stuck:", {s.step: s.status.value for s in steps})
    return len(journeys) - len(open_ones)


def _paused(stack: Stack, flow_run_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for first in range(0, len(flow_run_ids), 200):
        runs = stack.api_call("POST", "/flow_runs/filter", {
            "flow_runs": {"id": {"any_": flow_run_ids[first:first + 200]},
                          "state": {"type": {"any_": ["PAUSED"]}}}, "limit": 200})  # fmt: skip
        found |= {run["id"] for run in runs}
    return found


def kill_at_random(
    stack: Stack, kills: int, within: float, done: threading.Event, seed: int
) -> list[float]:
    """Kill the runner at random moments while journeys run, start it again each time; the
    seconds after the start at which it was killed."""
    chance = random.Random(seed)
    started, moments = time.monotonic(), []
    for _ in range(kills):
        if done.wait(chance.uniform(1, within)):
            break
        moments.append(round(time.monotonic() - started, 1))
        stack.kill_runner()
        stack.start_runner()
    return moments


def timed(stack: Stack, everyone: list[Person]) -> tuple[list[str], int, float]:
    started = time.monotonic()
    journeys = launch(everyone)
    finished = advise_until_done(stack, journeys)
    return journeys, finished, time.monotonic() - started


def stage_retries(journeys: list[str]) -> int:
    from sqlmodel import func, select

    from models.tables import StepEvent
    from tasks.database import session

    with session() as db:
        statement = select(func.count()).where(
            StepEvent.event == "retrying",
            StepEvent.journey_id.in_(journeys),  # type: ignore[attr-defined]
        )
        return db.exec(statement).one()


def since(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fake authority's counts of the failing phases alone."""
    kinds = after["failed_by_kind"]
    return {
        **{name: after[name] - before[name] for name in ("requests", "failed", "filed")},
        "failed_by_kind": {k: n - before["failed_by_kind"].get(k, 0) for k, n in kinds.items()},
        "duplicates": after["duplicates"],  # of the whole run: none at any time
    }


def erase_all(journeys: list[str]) -> None:
    from tasks.erasure import erase

    for journey_id in journeys:
        erase(journey_id, by="st-bench", source="bench", reason="the scorecard's erasure")


def found_after_erasure(stack: Stack, everyone: list[Person]) -> list[str]:
    """Each person's value found in a file of the office's home (our database's files,
    Prefect's, results, logs, the report page), with where."""
    assert stack.ankommen("report").returncode == 0
    files = [path for path in stack.home.rglob("*") if path.is_file()]
    found = []
    for path in files:
        content = path.read_bytes()
        found += [f"{value} in {path.name}" for person in everyone for value in person.values
                  if value.encode() in content]  # fmt: skip
    return found


def malformed(examples: int) -> tuple[int, int]:
    from tests.utils.malformed import refused_count

    return refused_count(examples, seed=12)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the short version CI runs")
    scale = QUICK if parser.parse_args().quick else FULL
    print(f"load average at start: {load()}; {scale}", flush=True)
    with tempfile.TemporaryDirectory(prefix="ankommen-reliability-") as tmp:
        stack = make_stack(Path(tmp), ANKOMMEN_AUTHORITY_ATTEMPTS="5",
                           ANKOMMEN_AUTHORITY_TIMEOUT_SECONDS="2",
                           ANKOMMEN_AUTHORITY_BACKOFF_SECONDS="0.2")  # fmt: skip
        try:
            os.environ.update(stack.env)  # this process is an office desk of the same home
            os.chdir(REPO)
            row = score(stack, scale)
        finally:
            stack.stop()
    tried, refused = malformed(scale.malformed)
    row.update(malformed_tried=tried, malformed_refused=refused)
    return report(row, scale)


def score(stack: Stack, scale: Scale) -> dict[str, Any]:
    authority = stack.authority
    baseline, _, calm_seconds = timed(stack, people("Ruhig", scale.baseline, 0))
    calm_calls = authority.stats()
    authority.failure_rate = FAILURE_RATE
    authority.hang_seconds = 3.0  # past the 2 s timeout
    authority.retry_after = 0.5
    flaky, flaky_done, flaky_seconds = timed(
        stack, flaky_people := people("Wacklig", scale.flaky, 0)
    )
    print(f"flaky partners: {flaky_done}/{len(flaky)} in {flaky_seconds:.0f} s", flush=True)

    crashed_people = people("Abgestuerzt", scale.crashed, 0)
    done = threading.Event()
    kills: list[float] = []
    killer = threading.Thread(
        target=lambda: kills.extend(
            kill_at_random(stack, scale.kills, scale.kill_within, done, seed=5)
        )
    )
    crashed = launch(crashed_people)
    killer.start()
    crashed_done = advise_until_done(stack, crashed)
    done.set()
    killer.join()
    wait_for(lambda: stack.runners, 300, "the runner to be back")
    print(f"crashes: runner killed at {kills} s; {crashed_done}/{len(crashed)}", flush=True)

    stats = since(calm_calls, authority.stats())
    erase_all([*baseline, *flaky, *crashed])
    everyone = [*people("Ruhig", scale.baseline, 0), *flaky_people, *crashed_people]
    return {
        "calls": stats["requests"],
        "calls_failed": stats["failed"],
        "failed_by_kind": stats["failed_by_kind"],
        "calls_retried": stats["requests"] - stats["filed"],
        "stage_retries": stage_retries([*flaky, *crashed]),
        "journeys": len(flaky) + len(crashed),
        "journeys_completed": flaky_done + crashed_done,
        "duplicates": stats["duplicates"],
        "kills": len(kills),
        "kills_survived": len(kills) if crashed_done == len(crashed) else 0,
        "personal_data_found": found_after_erasure(stack, everyone),
        "values_searched": 3 * len(everyone),
        "seconds_per_journey": flaky_seconds / max(1, len(flaky)),
        "seconds_per_journey_calm": calm_seconds / max(1, len(baseline)),
    }


def report(row: dict[str, Any], scale: Scale) -> int:
    must = {
        "journeys completed": row["journeys_completed"] == row["journeys"],
        "duplicate submissions": row["duplicates"] == 0,
        "crashes survived": row["kills_survived"] == row["kills"] == scale.kills,
        "malformed inputs refused": row["malformed_refused"] == row["malformed_tried"],
        "personal data found after erasure": not row["personal_data_found"],
    }
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(row["failed_by_kind"].items()))
    rows = [
        ["calls to the partners' systems (50 % failing)", row["calls"], ""],
        ["calls failed (by the fake authority)", f"{row['calls_failed']} ({kinds})", ""],
        ["calls retried (client) / stage retries (Prefect)",
         f"{row['calls_retried']} / {row['stage_retries']}", ""],
        ["journeys completed", f"{row['journeys_completed']} / {row['journeys']}", "all"],
        ["duplicate submissions or bookings", row["duplicates"], "0"],
        ["crashes survived (runner SIGKILLed)", f"{row['kills_survived']} / {scale.kills}", "all"],
        ["malformed inputs refused", f"{row['malformed_refused']} / {row['malformed_tried']}",
         "all"],
        ["personal data found after erasure",
         f"{len(row['personal_data_found'])} of {row['values_searched']} values", "0"],
        ["seconds per journey, 50 % failing / none",
         f"{row['seconds_per_journey']:.1f} / {row['seconds_per_journey_calm']:.1f} "
         f"({ratio(row['seconds_per_journey'], row['seconds_per_journey_calm']):.2f}x)", ""],
    ]  # fmt: skip
    print()
    print_table(["measure", "value", "must be"], rows)
    for what, held in must.items():
        if not held:
            print(f"FAILED: {what}")
    if row["personal_data_found"]:
        print("found:", *row["personal_data_found"][:10], sep="\n  ")
    print(f"load average at end: {load()}")
    print_json("reliability", {k: v for k, v in row.items() if k != "personal_data_found"})
    return 0 if all(must.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
