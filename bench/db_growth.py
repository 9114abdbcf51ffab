"""Benchmark 5: how many bytes Prefect's SQLite database (PREFECT_HOME/prefect.db) grows per
suspension, by table with row counts: a short journey, then the bare flow with the same tasks
and waits, on one server (goal journey/bare <= 1.5). Bytes are dbstat's, each table with its
indexes: `pages` is what the file holds, `payload` the records in them. Persisted results
(PREFECT_LOCAL_STORAGE_PATH) are counted beside.

    .venv/bin/python bench/db_growth.py
"""

from dataclasses import asdict

from common import (
    Bench,
    TableSize,
    Trace,
    bench_stack,
    directory_bytes,
    drive_bare,
    drive_journey,
    growth,
    print_json,
    print_table,
    ratio,
    settled_sizes,
    settled_task_runs,
    spread,
    verdict,
)

GOAL = 1.5


def phase(
    bench: Bench, run: str, tasks_per_run: list[int]
) -> tuple[Trace, int, dict[str, TableSize], int]:
    """Drive one run: its task runs, and what Prefect's database and result storage grew by."""
    before, results = settled_sizes(bench.prefect_db), directory_bytes(bench.home / "results")
    trace = (
        drive_journey(bench, "Bench Growth")
        if run == "journey"
        else drive_bare(bench, tasks_per_run)
    )
    tasks = len(settled_task_runs(bench.stack, trace.flow_run_id))
    grown = growth(before, settled_sizes(bench.prefect_db))
    return trace, tasks, grown, directory_bytes(bench.home / "results") - results


def per_suspension(
    grown: dict[str, TableSize], suspensions: int
) -> dict[str, tuple[float, float, float]]:
    return {
        t: (s.rows / suspensions, s.payload / suspensions, s.pages / suspensions)
        for t, s in grown.items()
    }


def report(
    journey: dict[str, tuple[float, float, float]],
    bare: dict[str, tuple[float, float, float]],
    results: tuple[float, float],
) -> dict[str, float]:
    zero = (0.0, 0.0, 0.0)
    tables = sorted(set(journey) | set(bare), key=lambda t: -journey.get(t, zero)[2])
    rows = [[t, *journey.get(t, zero), *bare.get(t, zero)] for t in tables]
    totals = {
        name: [sum(v[i] for v in side.values()) for i in range(3)]
        for name, side in (("journey", journey), ("bare", bare))
    }
    rows.append(["all tables", *totals["journey"], *totals["bare"]])
    rows.append(["result files (bytes)", "", results[0], "", "", results[1], ""])
    print("per suspension:")
    print_table(
        ["table", "journey rows", "payload B", "pages B", "bare rows", "payload B", "pages B"], rows
    )
    return {
        "pages_ratio": ratio(totals["journey"][2], totals["bare"][2]),
        "payload_ratio": ratio(totals["journey"][1], totals["bare"][1]),
        "rows_ratio": ratio(totals["journey"][0], totals["bare"][0]),
        "journey_pages": totals["journey"][2],
        "bare_pages": totals["bare"][2],
        "journey_payload": totals["journey"][1],
        "bare_payload": totals["bare"][1],
    }


def main() -> None:
    with bench_stack("journey", "bare") as bench:
        journey, tasks, journey_grown, journey_results = phase(bench, "journey", [])
        bare, _, bare_grown, bare_results = phase(bench, "bare", spread(tasks, journey.resumes + 1))
    ratios = report(
        per_suspension(journey_grown, journey.resumes),
        per_suspension(bare_grown, bare.resumes),
        (journey_results / journey.resumes, bare_results / bare.resumes),
    )
    print(f"\nsuspensions: journey {journey.resumes}, bare {bare.resumes}")
    print(
        f"payload journey/bare = {ratios['payload_ratio']:.2f}, rows = {ratios['rows_ratio']:.2f}"
    )
    print(
        f"bytes (pages) per suspension journey/bare = {ratios['pages_ratio']:.2f}: "
        f"{verdict(ratios['pages_ratio'], GOAL)}"
    )
    as_dicts = {
        n: {t: asdict(s) for t, s in g.items()}
        for n, g in (("journey", journey_grown), ("bare", bare_grown))
    }
    print_json("db_growth", {**ratios, **as_dicts})


if __name__ == "__main__":
    main()
