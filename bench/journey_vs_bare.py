"""Benchmark 1: a short journey whose advisors answer at once, against a bare Prefect flow with
the same number of tasks and suspend/resume cycles, on the same server and runner settings.

Wall time from launch to completion, ratio journey/bare (goal <= 1.1), and the import time of
each flow module in a fresh interpreter (what every flow-run process pays again).

    .venv/bin/python bench/journey_vs_bare.py
"""

import tempfile
from pathlib import Path
from typing import Any

from common import (
    Trace,
    bench_env,
    bench_stack,
    drive_bare,
    drive_journey,
    extra_imports,
    import_seconds,
    print_json,
    print_table,
    ratio,
    settled_task_runs,
    spread,
    verdict,
)

GOAL = 1.1
JOURNEY_MODULE, BARE_MODULE = "flows.journey", "bench.bare_flow"


def measure_imports() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ankommen-bench-imports-") as tmp:
        env = bench_env(Path(tmp))
        return {
            "prefect": import_seconds("prefect", env),
            "journey": import_seconds(JOURNEY_MODULE, env),
            "bare": import_seconds(BARE_MODULE, env),
            "extra": extra_imports(JOURNEY_MODULE, BARE_MODULE, env),
        }


def measure_runs() -> tuple[Trace, int, Trace, int]:
    with bench_stack("journey", "bare") as bench:
        journey = drive_journey(bench, "Bench Journey")
        journey_tasks = len(settled_task_runs(bench.stack, journey.flow_run_id))
        bare = drive_bare(bench, spread(journey_tasks, journey.resumes + 1))
        bare_tasks = len(settled_task_runs(bench.stack, bare.flow_run_id))
    return journey, journey_tasks, bare, bare_tasks


def report(
    journey: Trace, journey_tasks: int, bare: Trace, bare_tasks: int, imports: dict[str, Any]
) -> None:
    wall = ratio(journey.wall, bare.wall)
    imported = ratio(imports["journey"], imports["bare"])
    print_table(
        ["", "journey", "bare flow", "journey/bare"],
        [
            ["wall time, launch to completion (s)", journey.wall, bare.wall, wall],
            ["resumes", journey.resumes, bare.resumes, ""],
            ["task runs", journey_tasks, bare_tasks, ""],
            ["import of the flow module (s)", imports["journey"], imports["bare"], imported],
        ],
    )
    print(f"\nimport prefect alone: {imports['prefect']:.2f} s")
    print("what the journey's module imports beyond the bare one (s, by package):")
    for package, seconds in list(imports["extra"].items())[:10]:
        print(f"  {package:<24} {seconds:.3f}")
    print(f"\nwall time journey/bare = {wall:.2f}: {verdict(wall, GOAL)}")
    print_json(
        "journey_vs_bare",
        {
            "journey_wall": journey.wall,
            "bare_wall": bare.wall,
            "wall_ratio": wall,
            "resumes": journey.resumes,
            "task_runs": [journey_tasks, bare_tasks],
            "import_journey": imports["journey"],
            "import_bare": imports["bare"],
            "import_prefect": imports["prefect"],
            "import_ratio": imported,
        },
    )


def main() -> None:
    imports = measure_imports()
    report(*measure_runs(), imports)


if __name__ == "__main__":
    main()
