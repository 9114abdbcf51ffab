"""Benchmark 2: task runs per resume over a short journey's life, counted through Prefect's API
(goal <= 5), split by task, against the stage task runs among them (the work itself: the rest
is taking stock).

    .venv/bin/python bench/task_runs.py
"""

from collections import Counter

from common import (
    bench_stack,
    drive_journey,
    print_json,
    print_table,
    ratio,
    settled_task_runs,
    verdict,
)

GOAL = 5.0


def task_name(run_name: str) -> str:
    """Prefect names a task run `<task name>-<3 random characters>`."""
    return run_name.rsplit("-", 1)[0]


def main() -> None:
    with bench_stack("journey") as bench:
        trace = drive_journey(bench, "Bench Tasks")
        names = Counter(task_name(n) for n in settled_task_runs(bench.stack, trace.flow_run_id))
    total = sum(names.values())
    stages = total - names["take-stock"]
    per_resume = total / trace.resumes
    print_table(
        ["task", "task runs", "per resume"],
        [[name, count, count / trace.resumes] for name, count in names.most_common()]
        + [["all", total, per_resume]],
    )
    print(f"\nresumes {trace.resumes}, executions {trace.resumes + 1}")
    print(f"task runs / stage task runs = {ratio(total, stages):.2f} (taking stock's share)")
    print(
        f"task runs per resume = {per_resume:.2f} = {ratio(per_resume, GOAL):.2f} x goal: "
        f"{verdict(per_resume, GOAL)}"
    )
    print_json(
        "task_runs",
        {
            "resumes": trace.resumes,
            "by_task": dict(names),
            "total": total,
            "per_resume": per_resume,
        },
    )


if __name__ == "__main__":
    main()
