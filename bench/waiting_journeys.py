"""Benchmark 4: journeys that wait hold no process. The runner (`ankommen serve`, limit 4) with
its children: how many processes and how much resident memory before launching N short
journeys, at the peak while they start, and once all N are suspended (goal: flat, after/before
= 1). The server's memory is shown beside.

Each journey's first execution costs ~2.5 s of CPU; on 2 cores 200 journeys take ~8 minutes,
so the default is 50 (`--journeys 200` for the full figure).

    .venv/bin/python bench/waiting_journeys.py [--journeys N]
"""

import argparse
import threading
import time

from common import (
    Bench,
    Footprint,
    bench_stack,
    descendants,
    footprint,
    launch_journey,
    print_json,
    print_table,
    ratio,
    verdict,
    wait_for,
)

GOAL = 1.0
SAMPLE_SECONDS = 0.5


class Peak:
    """Samples a process tree in a thread; keeps the most processes and memory seen."""

    def __init__(self, pid: int) -> None:
        self.pid, self.processes, self.rss_mib = pid, 0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            now = footprint(self.pid)
            self.processes = max(self.processes, now.processes)
            self.rss_mib = max(self.rss_mib, now.rss_mib)
            time.sleep(SAMPLE_SECONDS)

    def __enter__(self) -> "Peak":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def suspended(bench: Bench) -> int:
    body = {"flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}}
    return bench.stack.api_call("POST", "/flow_runs/count", body)


def launch_all(bench: Bench, count: int) -> float:
    """Launch `count` journeys and wait until all wait with no process; seconds it took."""
    started = time.monotonic()
    for index in range(count):
        launch_journey(f"Bench Waiting {index}")
    wait_for(lambda: suspended(bench) >= count, 60 + 10 * count, f"{count} journeys to suspend")
    runner = bench.runners["journey"].pid
    wait_for(lambda: not descendants(runner), 60, "the runner to hold no journey process")
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=50)
    count = parser.parse_args().journeys
    with bench_stack("journey") as bench:
        runner, server = bench.runners["journey"].pid, bench.stack.processes[0].pid
        before, server_before = footprint(runner), footprint(server)
        with Peak(runner) as peak:
            seconds = launch_all(bench, count)
        after, server_after = footprint(runner), footprint(server)
    report(
        count,
        seconds,
        before,
        Footprint(peak.processes, peak.rss_mib),
        after,
        (server_before, server_after),
    )


def report(
    count: int,
    seconds: float,
    before: Footprint,
    peak: Footprint,
    after: Footprint,
    server: tuple[Footprint, Footprint],
) -> None:
    print_table(
        ["runner and its children", "before", "peak", f"{count} waiting", "waiting/before"],
        [
            [
                "processes",
                before.processes,
                peak.processes,
                after.processes,
                ratio(after.processes, before.processes),
            ],
            [
                "RSS (MiB)",
                before.rss_mib,
                peak.rss_mib,
                after.rss_mib,
                ratio(after.rss_mib, before.rss_mib),
            ],
            [
                "server RSS (MiB)",
                server[0].rss_mib,
                "",
                server[1].rss_mib,
                ratio(server[1].rss_mib, server[0].rss_mib),
            ],
        ],
    )
    print(
        f"\n{count} journeys launched and suspended in {seconds:.0f} s "
        f"({count / seconds:.2f} per s)"
    )
    memory = ratio(after.rss_mib, before.rss_mib)
    print(
        f"processes waiting/before = {ratio(after.processes, before.processes):.2f}, "
        f"RSS waiting/before = {memory:.2f}: {verdict(memory, GOAL + 0.1)} (flat within 10 %)"
    )
    print_json(
        "waiting_journeys",
        {
            "journeys": count,
            "seconds": seconds,
            "before": before.__dict__,
            "peak": peak.__dict__,
            "after": after.__dict__,
            "server": [s.__dict__ for s in server],
        },
    )


if __name__ == "__main__":
    main()
