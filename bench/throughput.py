"""Benchmark 7: throughput of the scale-out. N journeys launched at once, timed until every one
waits on its first step (journeys per hour to their first wait); then N advisors' decisions at
once, timed until every journey waits again (resumes per minute). Three set-ups, each a fresh
stack in a child process (Prefect reads its settings at import): the embedded default (SQLite,
one runner), and PostgreSQL for both databases with one worker and with two, every runner and
worker taking 4 runs at once. The baseline is one worker, measured in the same run; the goal
for two is >= 1.7x.

    .venv/bin/python bench/throughput.py [--journeys N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import (
    REPO,
    load,
    machine_busy,
    postgres_cpu_seconds,
    print_json,
    print_table,
    ratio,
    tree_cpu_seconds,
)

from tests.e2e.stack import Stack, make_stack, wait_for

GOAL = 1.7
SETUPS = {"sqlite, 1 runner": ("sqlite", 1), "PostgreSQL, 1 worker": ("postgresql", 1),
          "PostgreSQL, 2 workers": ("postgresql", 2)}  # fmt: skip
RATES = ("journeys_per_hour", "resumes_per_minute")
ARRIVAL = {"qualification_country": "DE", "arrival_date": "2026-12-15", "move_in_date": None}


def measure(lane: str, workers: int, journeys: int) -> dict[str, float]:
    """In this process: a stack of the lane, `journeys` launched, then each decided once."""
    with tempfile.TemporaryDirectory(prefix="ankommen-throughput-") as tmp:
        stack = make_stack(Path(tmp), lane=lane, runner=False)
        try:
            stack.start_runner(workers=workers)
            os.environ.update(stack.env)  # before Prefect is first imported, below
            from models.arrival import Arrival
            from tasks import office
            from tests.utils.factories import short_journey_data

            def waiting_on(step: str) -> bool:
                rows = stack.query("select count(*) from journeystep where step = ? and "
                                   "status = 'waiting'", step)  # fmt: skip
                paused = stack.api_call("POST", "/flow_runs/count", {
                    "flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}})  # fmt: skip
                return rows[0][0] == journeys and paused == journeys

            cpu = CpuSplit(stack)
            started = time.monotonic()
            ids = [
                office.launch(Arrival.model_validate(
                    short_journey_data(name=f"Bench {_letters(i)}", **ARRIVAL))).journey_id
                for i in range(journeys)
            ]  # fmt: skip
            wait_for(lambda: waiting_on("accommodation"), 900, "the first waits", poll=0.5)
            to_first_wait = time.monotonic() - started

            def decide(journey_id: str) -> None:
                answer = {"advisor": "A. Berater", "move_in_date": "2026-12-16"}
                office.complete(journey_id, "accommodation", answer, source="bench")

            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=journeys) as pool:
                list(pool.map(decide, ids))
            wait_for(lambda: waiting_on("landlord_confirmation"), 900, "the resumes", poll=0.5)
            resumed = time.monotonic() - started
            used = cpu.since()
        finally:
            stack.stop()
    return {
        "journeys_per_hour": journeys / to_first_wait * 3600,
        "resumes_per_minute": journeys / resumed * 60,
        "to_first_wait_s": to_first_wait,
        "resumes_s": resumed,
        **used,
    }


class CpuSplit:
    """Where the CPU goes while journeys run: CPU seconds of each part, and how busy the
    machine's cores were, from /proc."""

    def __init__(self, stack: Stack) -> None:
        self.parts: dict[str, Callable[[], float]] = {
            "cpu_s_prefect_server": lambda: tree_cpu_seconds(stack.processes[0].pid),
            "cpu_s_runners_and_flow_runs": lambda: sum(
                tree_cpu_seconds(r.pid) for r in stack.runners
            ),
            "cpu_s_postgresql": postgres_cpu_seconds,
            "cpu_s_launching_and_deciding": lambda: sum(os.times()[:4]),
        }
        self.start = {name: read() for name, read in self.parts.items()}
        self.machine = machine_busy()

    def since(self) -> dict[str, float]:
        used = {name: read() - self.start[name] for name, read in self.parts.items()}
        busy, total = (now - then for now, then in zip(machine_busy(), self.machine, strict=True))
        return {**used, "cores_busy_share": busy / total}


def _letters(number: int) -> str:
    """Names without digits (e-mail addresses are made from names)."""
    return "".join(chr(ord("a") + int(d)) for d in str(number)).title()


def in_child(setup: str, journeys: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--journeys", str(journeys), "--setup", setup]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[line.index("{") :])
    raise RuntimeError(f"{setup} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=16, help="launched and decided at once")
    parser.add_argument("--setup", choices=SETUPS, help="measure one set-up (in a child)")
    options = parser.parse_args()
    if options.setup:
        print_json(options.setup, measure(*SETUPS[options.setup], options.journeys))
        return
    print(f"load average at start: {load()}", flush=True)
    results = {setup: in_child(setup, options.journeys) for setup in SETUPS}
    print(f"load average at end: {load()} (2 cores: above ~2 the figures are disturbed)")
    base = results["PostgreSQL, 1 worker"]
    rows = [
        [
            setup,
            *(cell for rate in RATES for cell in (result[rate], ratio(result[rate], base[rate]))),
        ]
        for setup, result in results.items()
    ]
    print(f"{options.journeys} journeys at once; ratios against PostgreSQL with one worker")
    print_table(["set-up", "journeys/h to 1st wait", "ratio", "resumes/min", "ratio"], rows)
    parts = [name for name in next(iter(results.values())) if name.startswith("cpu_s_")]
    print("CPU seconds while the journeys ran (both phases), and how busy the 2 cores were:")
    print_table(
        ["set-up", *(name.removeprefix("cpu_s_") for name in parts), "cores busy"],
        [
            [setup, *(r[name] for name in parts), r["cores_busy_share"]]
            for setup, r in results.items()
        ],
    )
    two = rows[-1]
    print(f"two workers: {two[2]:.2f}x journeys, {two[4]:.2f}x resumes (goal >= {GOAL:g}x)")
    for setup, result in results.items():
        print_json(setup, result)


if __name__ == "__main__":
    main()
