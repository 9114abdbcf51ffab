"""Where a journey's time goes: every execution of a short journey, and of the bare flow with
the same tasks and waits, run as a runner would run it but under pyinstrument, then the
sampled time split into imports, our database, Prefect's API, our code, Prefect itself.

No runner serves the deployments here: this script starts each flow-run process itself
(bench/profiled_engine.py), so that process start-up is profiled too.

    .venv/bin/python bench/profile_journey.py [--out DIR]
"""

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from common import (
    REPO,
    Bench,
    bench_stack,
    decide_journey,
    launch_journey,
    next_wait,
    print_json,
    print_table,
    ratio,
    resume_bare,
    settled_task_runs,
    spread,
)

# The first matching rule along a sample's stack wins over the ones below it.
OVERRIDING = (
    ("imports", lambda path, _fn: "<frozen importlib" in path),
    (
        "our database (SQLAlchemy, SQLite)",
        lambda path, _fn: _any(path, "/sqlalchemy/", "/sqlmodel/", "sqlite3"),
    ),
    ("Prefect API calls (HTTP)", lambda path, _fn: _any(path, "/httpx/", "/httpcore/", "/h11/")),
    # Submitted tasks run in worker threads, which pyinstrument does not sample: the main
    # thread waits on their futures meanwhile.
    ("waiting on submitted tasks (threads)", lambda path, _fn: "/prefect/futures.py" in path),
)
FLOW_FUNCTIONS = {("journey", "flows/journey.py"), ("bare", "bench/bare_flow.py")}
# Named places in the call tree (seconds inside them, per execution).
NAMED = (
    ("import prefect (before the engine runs)", "_get_module_details"),
    ("load the flow module (its imports)", "load_flow"),
    ("heartbeat thread join at exit", "_send_heartbeats"),
    ("suspension observer join at exit", "observe_flow_run_suspension"),
    ("take_stock (all calls)", "take_stock"),
    ("  of which _publish (tags, artifact)", "_publish"),
    ("  of which _take_answer", "_take_answer"),
)
OURS = tuple(str(REPO / part) for part in ("models", "tasks", "flows", "bench/bare_flow.py"))
OTHER = "Python, other libraries"


def _any(path: str, *parts: str) -> bool:
    return any(part in path for part in parts)


def innermost_kind(path: str) -> str | None:
    """Who owns a frame: ours, Prefect's engine, pydantic; None for the standard library."""
    if path.startswith(OURS):
        return "our code (flows, tasks, models)"
    if "/prefect/" in path:
        return "Prefect engine and client (other)"
    if "/pydantic" in path:
        return "pydantic"
    return OTHER if "site-packages" in path else None


def categorise(
    frame: Any, overriding: int | None = None, owner: str = OTHER
) -> Iterator[tuple[str, float]]:
    path, function = frame.file_path or "", frame.function or ""
    for index, (_label, matches) in enumerate(OVERRIDING):
        if matches(path, function) and (overriding is None or index < overriding):
            overriding = index
            break
    owner = innermost_kind(path) or owner
    own = frame.time - sum(child.time for child in frame.children)
    yield (OVERRIDING[overriding][0] if overriding is not None else owner), own
    for child in frame.children:
        yield from categorise(child, overriding, owner)


def split(session: Any) -> dict[str, float]:
    totals: dict[str, float] = {}
    root = session.root_frame(trim_stem=False)
    for label, seconds in categorise(root):
        totals[label] = totals.get(label, 0.0) + seconds
    return totals


def in_flow_function(frame: Any) -> float:
    """Seconds spent inside the flow function itself (its body and the tasks it runs)."""
    if any(frame.function == f and (frame.file_path or "").endswith(p) for f, p in FLOW_FUNCTIONS):
        return frame.time
    return sum(in_flow_function(child) for child in frame.children)


def time_in(frame: Any, function: str) -> float:
    if frame.function == function:
        return frame.time
    return sum(time_in(child, function) for child in frame.children)


def named(session: Any) -> dict[str, float]:
    root = session.root_frame(trim_stem=False)
    return {label: time_in(root, function) for label, function in NAMED}


def profiled_run(bench: Bench, flow_run_id: str, out: Path) -> float:
    """Execute one run's process under the profiler; its wall time including start-up."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "bench/profiled_engine.py", str(out)],
        env={**bench.stack.env, "PREFECT__FLOW_RUN_ID": flow_run_id},
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def profile_all(
    bench: Bench, flow_run_id: str, decide: Callable[[], None], out: Path, name: str
) -> tuple[list[float], list[Path]]:
    """Run every execution of one run under the profiler, answering each wait at once."""
    walls, sessions, key = [], [], None
    while True:
        sessions.append(out / f"{name}-{len(sessions)}.session")
        walls.append(profiled_run(bench, flow_run_id, sessions[-1]))
        key = next_wait(bench.stack, flow_run_id, key)
        if key is None:
            return walls, sessions
        decide()


def register_deployments() -> None:
    from bare_flow import bare

    from flows.journey import journey

    journey.to_deployment(name="journey", tags=["journey"]).apply()
    bare.to_deployment(name="bare").apply()


def profile_flows(bench: Bench, out: Path) -> dict[str, tuple[list[float], list[Path]]]:
    from prefect.deployments import run_deployment

    register_deployments()
    journey_id, journey_run = launch_journey("Profiled Journey")
    journey = profile_all(
        bench, journey_run, partial(decide_journey, journey_id, "NO_RUNNER"), out, "journey"
    )
    tasks = len(settled_task_runs(bench.stack, journey_run))
    parameters = {"tasks_per_run": spread(tasks, len(journey[0])), "state_dir": str(out)}
    bare_run = str(run_deployment("bare/bare", parameters=parameters, timeout=0).id)
    bare = profile_all(bench, bare_run, partial(resume_bare, bare_run), out, "bare")
    return {"journey": journey, "bare": bare}


def combined(paths: list[Path]) -> Any:
    from pyinstrument.session import Session

    sessions = [Session.load(str(p)) for p in paths]
    total = sessions[0]
    for session in sessions[1:]:
        total = Session.combine(total, session)
    return total


def write_text(session: Any, out: Path, name: str) -> None:
    """The call tree, and the functions by their own time (flat)."""
    from pyinstrument.renderers import ConsoleRenderer

    for suffix, flat in (("tree", False), ("flat", True)):
        renderer = ConsoleRenderer(unicode=False, color=False, show_all=False, flat=flat)
        (out / f"{name}-{suffix}.txt").write_text(renderer.render(session))


def report(results: dict[str, tuple[list[float], list[Path]]], out: Path) -> None:
    splits, walls, flow_body, places = {}, {}, {}, {}
    for name, (run_walls, paths) in results.items():
        session = combined(paths)
        write_text(session, out, name)
        splits[name] = {k: v / len(paths) for k, v in split(session).items()}
        flow_body[name] = in_flow_function(session.root_frame(trim_stem=False)) / len(paths)
        places[name] = {k: v / len(paths) for k, v in named(session).items()}
        walls[name] = sum(run_walls) / len(run_walls)
    labels = sorted(
        set(splits["journey"]) | set(splits["bare"]), key=lambda k: -splits["journey"].get(k, 0)
    )
    rows = [
        [
            label,
            splits["journey"].get(label, 0.0),
            splits["bare"].get(label, 0.0),
            splits["journey"].get(label, 0.0) - splits["bare"].get(label, 0.0),
        ]
        for label in labels
    ]
    sampled = {name: sum(s.values()) for name, s in splits.items()}
    rows.append(
        [
            "sampled, per execution",
            sampled["journey"],
            sampled["bare"],
            sampled["journey"] - sampled["bare"],
        ]
    )
    rows.append(
        [
            "process wall, per execution",
            walls["journey"],
            walls["bare"],
            walls["journey"] - walls["bare"],
        ]
    )
    rows.append(
        [
            "of which in the flow function",
            flow_body["journey"],
            flow_body["bare"],
            flow_body["journey"] - flow_body["bare"],
        ]
    )
    print(f"\nseconds per flow-run process ({len(results['journey'][1])} executions each)")
    print_table(["", "journey", "bare flow", "journey - bare"], rows)
    print("\nnamed places, seconds per execution")
    print_table(
        ["", "journey", "bare flow"],
        [[label, places["journey"][label], places["bare"][label]] for label, _ in NAMED],
    )
    print(f"\nprocess wall journey/bare = {ratio(walls['journey'], walls['bare']):.2f}")
    print(f"profiles (text trees, sessions): {out}")
    print_json(
        "profile", {"splits": splits, "walls": walls, "flow_body": flow_body, "named": places}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/ankommen-bench-profiles"))
    out = parser.parse_args().out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with bench_stack() as bench:
        results = profile_flows(bench, out)
    report(results, out)


if __name__ == "__main__":
    main()
