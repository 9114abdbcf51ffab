"""Benchmark 3: resume latency, from an advisor's decision (`tasks.office.complete`: record it,
then resume) to the journey's next wait (PAUSED with a new pause key), against the bare flow's
own resume call to its next suspension. Median over every resume of N journeys and N bare runs,
alternating (goal <= 1.2), with where the time went, from each run's state history.

    .venv/bin/python bench/resume_latency.py [--runs N]
"""

import argparse
import statistics

from common import (
    PHASES,
    Bench,
    bench_stack,
    compared,
    drive_bare,
    drive_journey,
    median_phases,
    print_json,
    print_table,
    ratio,
    resume_phases,
    settled_task_runs,
    spread,
    verdict,
)

GOAL = 1.2


Measured = tuple[list[float], list[dict[str, float]], list[float]]


def measure(bench: Bench, runs: int) -> dict[str, Measured]:
    """Per side: each resume's latency, where it went, and how long the decision call took."""
    latencies: dict[str, list[float]] = {"journey": [], "bare": []}
    phases: dict[str, list[dict[str, float]]] = {"journey": [], "bare": []}
    calls: dict[str, list[float]] = {"journey": [], "bare": []}
    for index in range(runs):
        journey = drive_journey(bench, f"Bench Latency {index}")
        tasks = len(settled_task_runs(bench.stack, journey.flow_run_id))
        bare = drive_bare(bench, spread(tasks, journey.resumes + 1))
        for name, trace in (("journey", journey), ("bare", bare)):
            latencies[name] += trace.latencies()
            phases[name] += resume_phases(bench.stack, trace)
            calls[name] += trace.decision_calls()[:-1]
    return {name: (latencies[name], phases[name], calls[name]) for name in latencies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="journeys (and bare runs) to drive")
    runs = parser.parse_args().runs
    with bench_stack("journey", "bare") as bench:
        results = measure(bench, runs)
    medians = {name: statistics.median(lat) for name, (lat, *_) in results.items()}
    split = {name: median_phases(phases) for name, (_, phases, _) in results.items()}
    call = {name: statistics.median(calls) for name, (*_, calls) in results.items()}
    rows = [
        compared("the decision call itself", call["journey"], call["bare"]),
        *[compared(label, split["journey"][label], split["bare"][label]) for label, _ in PHASES],
        compared("resume latency (median)", medians["journey"], medians["bare"]),
    ]
    print_table(["seconds, median over resumes", "journey", "bare flow", "journey/bare"], rows)
    counts = {name: len(lat) for name, (lat, *_) in results.items()}
    print(
        f"\nresumes measured: {counts}; all latencies: "
        f"{ {n: [round(x, 2) for x in lat] for n, (lat, *_) in results.items()} }"
    )
    latency = ratio(medians["journey"], medians["bare"])
    print(f"resume latency journey/bare = {latency:.2f}: {verdict(latency, GOAL)}")
    print_json(
        "resume_latency",
        {
            "medians": medians,
            "ratio": latency,
            "phases": split,
            "decision_call": call,
            "all": {n: lat for n, (lat, *_) in results.items()},
        },
    )


if __name__ == "__main__":
    main()
