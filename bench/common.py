"""What the benchmarks share: a Prefect server and runners in a temporary home, the short
journey and the bare flow driven to completion, and what they cost (time, task runs, processes,
memory, database bytes).

Nothing here imports Prefect at module level: the environment of the temporary home must be set
in this process before Prefect is first imported (its settings are read at import).
"""

import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `tests` is not an installed package
    sys.path.insert(0, str(REPO))

from deployments.environment import embedded_defaults  # noqa: E402
from deployments.fake_authority import FakeAuthority  # noqa: E402
from tests.e2e.stack import Stack, descendants, free_port, wait_for  # noqa: E402

TODAY = "2026-11-26"  # the fixed clock the short journey's dates are made for
ADVISOR = "A. Berater"
POLL_SECONDS = 0.1  # how often the driver looks at a run's state
RUN_TIMEOUT_SECONDS = 180
TERMINAL_FAILURES = {"FAILED", "CRASHED", "CANCELLED"}

# The short journey's manual steps, in the order an advisor answers them: one per wait.
DECISIONS: dict[str, dict[str, Any]] = {
    "accommodation": {"move_in_date": "2026-11-12"},
    "recognition_documents": {},
    "landlord_confirmation": {},
    "anmeldung": {},
    "recognition_decision": {"outcome": "full"},
    "mentoring": {"programme": "sports_club"},
}

RUNNERS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (command, deployment it registers)
    "journey": ((sys.executable, "-m", "cli.main", "serve", "--limit", "4"), "journey/journey"),
    "bare": ((sys.executable, "bench/bare_runner.py"), "bare/bare"),
}


# --- the stack -------------------------------------------------------------------------------


@dataclass
class Bench:
    stack: Stack
    runners: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.stack.home

    @property
    def prefect_db(self) -> Path:
        return self.home / "prefect" / "prefect.db"


def bench_env(home: Path) -> dict[str, str]:
    """The embedded default's environment (poll every 2 s, results persisted, ...) in `home`,
    with a server on a free port, a fixed clock and applications sent by post."""
    env = {
        **os.environ,
        **embedded_defaults(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api",
        "ANKOMMEN_TODAY": TODAY,
    }
    env.pop("DATABASE_URL", None)
    env.pop("ANKOMMEN_AUTHORITY_URL", None)
    return env


def adopt(env: dict[str, str]) -> None:
    """This process talks to the same server and database as the runners."""
    for name in ("DATABASE_URL", "ANKOMMEN_AUTHORITY_URL"):
        os.environ.pop(name, None)
    os.environ.update(env)


@contextmanager
def bench_stack(*runners: str) -> Iterator[Bench]:
    """A fresh server and the named runners in a temporary home, settled (the keeper run that
    a journey runner starts has finished) before the benchmark begins."""
    from deployments.server import start_server

    with tempfile.TemporaryDirectory(prefix="ankommen-bench-") as tmp:
        home = Path(tmp)
        env = bench_env(home)
        (home / "prefect").mkdir(parents=True)
        adopt(env)
        os.chdir(REPO)  # deployments' entrypoints are paths relative to here
        stack = Stack(home=home, env=env, authority=FakeAuthority())  # authority: unused
        bench = Bench(stack)
        print(f"load average at start: {load()}", flush=True)
        try:
            server = start_server(home / "server.log", env)
            assert server is not None, f"something already listens at {stack.api}"
            stack.processes.append(server)
            for name in runners:
                bench.runners[name] = start_runner(stack, name)
            for name in runners:
                settle_runner(bench, name)
            yield bench
        finally:
            print(f"load average at end: {load()} (2 cores: above ~2 the figures are disturbed)")
            stack.stop()


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def start_runner(stack: Stack, name: str) -> subprocess.Popen[bytes]:
    command, deployment = RUNNERS[name]
    process = stack.start(*command, log=f"runner-{name}.log")
    wait_for(lambda: _ready(stack, deployment), 120, f"the {name} runner to serve {deployment}")
    return process


def _ready(stack: Stack, deployment: str) -> bool:
    try:
        return stack.api_call("GET", f"/deployments/name/{deployment}")["status"] == "READY"
    except OSError:
        return False


def settle_runner(bench: Bench, name: str) -> None:
    if name == "journey":
        wait_for(lambda: _keeper_done(bench.stack), 120, "the runner's first keeper run")
    runner = bench.runners[name]
    wait_for(lambda: not descendants(runner.pid), 60, f"the {name} runner to hold no process")


def _keeper_done(stack: Stack) -> bool:
    runs = stack.api_call(
        "POST",
        "/flow_runs/filter",
        {"flow_runs": {"name": {"any_": ["keeper (runner started)"]}}, "limit": 5},
    )
    return any(run["state"]["type"] == "COMPLETED" for run in runs)


# --- driving runs ----------------------------------------------------------------------------


@dataclass
class Trace:
    """One run from launch to completion: when each wait was seen and each decision made
    (monotonic seconds), and the wall-clock time of each decision for the state history."""

    flow_run_id: str
    started: float
    waits: list[float] = field(default_factory=list)
    decisions: list[float] = field(default_factory=list)
    decision_clock: list[float] = field(default_factory=list)
    decided: list[float] = field(default_factory=list)  # when each decision call returned
    finished: float = 0.0

    @property
    def wall(self) -> float:
        return self.finished - self.started

    @property
    def resumes(self) -> int:
        return len(self.decisions)

    def latencies(self) -> list[float]:
        """From each decision to the next wait (the last decision ends the run: not a wait)."""
        return [self.waits[i + 1] - self.decisions[i] for i in range(len(self.waits) - 1)]

    def decision_calls(self) -> list[float]:
        """How long each decision call took in the driver (record, resume)."""
        return [end - start for start, end in zip(self.decisions, self.decided, strict=True)]


def next_wait(stack: Stack, flow_run_id: str, previous_key: str | None) -> str | None:
    """Block until the run waits with a new pause key (returned) or completes (None)."""
    give_up = time.monotonic() + RUN_TIMEOUT_SECONDS
    while time.monotonic() < give_up:
        state = stack.flow_run(flow_run_id)["state"]
        kind, key = state["type"], state["state_details"].get("pause_key")
        if kind == "PAUSED" and key != previous_key:
            return key
        if kind == "COMPLETED":
            return None
        if kind in TERMINAL_FAILURES:
            raise RuntimeError(f"run {flow_run_id} ended {state['name']}: {state['message']}")
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"run {flow_run_id} did not wait or finish in {RUN_TIMEOUT_SECONDS} s")


def drive(stack: Stack, launch: Callable[[], str], decide: Callable[[str], None]) -> Trace:
    """Launch a run and answer each wait at once, until the run completes."""
    started = time.monotonic()
    trace = Trace(flow_run_id=launch(), started=started)
    key = next_wait(stack, trace.flow_run_id, None)
    while key is not None:
        trace.waits.append(time.monotonic())
        trace.decision_clock.append(time.time())
        trace.decisions.append(time.monotonic())
        decide(trace.flow_run_id)
        trace.decided.append(time.monotonic())
        key = next_wait(stack, trace.flow_run_id, key)
    trace.finished = time.monotonic()
    return trace


def launch_journey(name: str) -> tuple[str, str]:
    """Store a short journey's newcomer and start the run: (journey id, flow run id)."""
    from models.arrival import Arrival
    from tasks import office
    from tests.utils.factories import short_journey_data

    launched = office.launch(Arrival.model_validate(short_journey_data(name=name)))
    assert launched.flow_run_id is not None, f"journey not started: {launched.serving.value}"
    return launched.journey_id, launched.flow_run_id


def open_steps(journey_id: str) -> list[str]:
    from models.tables import StepStatus
    from tasks.database import session
    from tasks.journeys import journey_steps

    with session() as db:
        steps = journey_steps(session=db, journey_id=journey_id)
    return [s.step for s in steps if s.status is StepStatus.WAITING]


def decide_journey(journey_id: str, expected: str = "RESUMED") -> None:
    """An advisor answers the first open step at once, through the office's service layer;
    `expected` is how the office should say it woke the journey (NO_RUNNER without runner)."""
    from tasks import office

    waiting = open_steps(journey_id)
    step = next(s for s in DECISIONS if s in waiting)
    recorded = office.complete(
        journey_id, step, {"advisor": ADVISOR, **DECISIONS[step]}, source="bench"
    )
    if recorded.woken.name != expected:
        raise RuntimeError(f"{journey_id} {step}: {recorded.woken.value}")


def drive_journey(bench: Bench, name: str) -> Trace:
    ids: dict[str, str] = {}

    def launch() -> str:
        ids["journey"], flow_run_id = launch_journey(name)
        return flow_run_id

    return drive(bench.stack, launch, lambda _run: decide_journey(ids["journey"]))


def drive_bare(bench: Bench, tasks_per_run: list[int]) -> Trace:
    """The bare flow with these no-op tasks in each execution (one more execution than
    resumes), answered with a one-field RunInput through Prefect's client."""
    from prefect.deployments import run_deployment

    state_dir = bench.home / "bare-state"
    state_dir.mkdir(exist_ok=True)

    def launch() -> str:
        parameters = {"tasks_per_run": tasks_per_run, "state_dir": str(state_dir)}
        return str(run_deployment("bare/bare", parameters=parameters, timeout=0).id)

    return drive(bench.stack, launch, resume_bare)


def resume_bare(flow_run_id: str) -> None:
    """The client call the office's wake uses too. Not `prefect.flow_runs.resume_flow_run`:
    called from here, it took 2.0 s (median) before the run was even Scheduled."""
    from uuid import UUID

    from prefect import get_client

    with get_client(sync_client=True) as client:
        result = client.resume_flow_run(UUID(flow_run_id), run_input={"advisor": ADVISOR})
    if result.status.value != "ACCEPT":
        raise RuntimeError(f"bare run {flow_run_id} not resumed: {result.details}")


def spread(total: int, parts: int) -> list[int]:
    """`total` tasks over `parts` executions, as evenly as possible."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


# --- what it cost ----------------------------------------------------------------------------


def wait_stable(measure: Callable[[], Any], quiet: float = 6.0, patience: float = 60.0) -> Any:
    """Prefect records task runs and events asynchronously: wait until `measure` stops moving."""
    give_up = time.monotonic() + patience
    last, since = measure(), time.monotonic()
    while time.monotonic() < give_up:
        time.sleep(1.0)
        now = measure()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def task_run_names(stack: Stack, flow_run_id: str) -> list[str]:
    names: list[str] = []
    while True:
        page = stack.api_call(
            "POST",
            "/task_runs/filter",
            {"flow_runs": {"id": {"any_": [flow_run_id]}}, "limit": 200, "offset": len(names)},
        )
        names += [run["name"] for run in page]
        if len(page) < 200:
            return names


def settled_task_runs(stack: Stack, flow_run_id: str) -> list[str]:
    wait_stable(lambda: len(task_run_names(stack, flow_run_id)))
    return task_run_names(stack, flow_run_id)


def state_history(stack: Stack, flow_run_id: str) -> list[tuple[float, str]]:
    """(epoch seconds, state type) of every state the run went through, oldest first."""
    states = stack.api_call("GET", f"/flow_run_states/?flow_run_id={flow_run_id}")
    history = [(datetime.fromisoformat(s["timestamp"]).timestamp(), s["type"]) for s in states]
    return sorted(history)


PHASES = (
    ("decision call -> Scheduled", "SCHEDULED"),
    ("runner picks it up -> Pending", "PENDING"),
    ("process start, imports -> Running", "RUNNING"),
    ("flow body -> Paused", "PAUSED"),
)


def resume_phases(stack: Stack, trace: Trace) -> list[dict[str, float]]:
    """Where each resume's latency went, from the run's state history."""
    history = state_history(stack, trace.flow_run_id)
    phases: list[dict[str, float]] = []
    for decided in trace.decision_clock[:-1]:  # the last decision completes the run
        mark, split = decided, {}
        for label, kind in PHASES:
            at = next((t for t, k in history if k == kind and t >= mark), mark)
            split[label], mark = at - mark, at
        phases.append(split)
    return phases


def median_phases(phases: list[dict[str, float]]) -> dict[str, float]:
    return {label: statistics.median(p[label] for p in phases) for label, _ in PHASES}


# --- processes and memory --------------------------------------------------------------------


@dataclass(frozen=True)
class Footprint:
    processes: int
    rss_mib: float


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def footprint(pid: int) -> Footprint:
    """A process and all its descendants: how many, and their resident memory together."""
    pids = [pid, *descendants(pid)]
    return Footprint(len(pids), sum(rss_mib(p) for p in pids))


def cpu_seconds(pid: int) -> float:
    """CPU a process has used, with that of its ended children it has waited for."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # u, s, cu, cs time


def tree_cpu_seconds(pid: int) -> float:
    return sum(cpu_seconds(p) for p in [pid, *descendants(pid)])


def postgres_cpu_seconds() -> float:
    """The local PostgreSQL server's CPU: its postmaster (with ended backends) and live ones."""
    names = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError):
            names[int(comm.parent.name)] = comm.read_text().strip()
    postmasters = [pid for pid, name in names.items() if name == "postgres"
                   and names.get(_parent(pid)) != "postgres"]  # fmt: skip
    return sum(tree_cpu_seconds(pid) for pid in postmasters)


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return 0


def machine_busy() -> tuple[float, float]:
    """The machine's CPU so far, in clock ticks over all cores: (busy, total)."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = ticks[3] + ticks[4]
    return sum(ticks) - idle, sum(ticks)


# --- Prefect's database ----------------------------------------------------------------------


@dataclass(frozen=True)
class TableSize:
    rows: int
    payload: int  # bytes of records (dbstat), tables with their indexes
    pages: int  # bytes of pages (dbstat), tables with their indexes


def table_sizes(database: Path) -> dict[str, TableSize]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        owners = dict(db.execute("select name, tbl_name from sqlite_master where name is not null"))
        payload: dict[str, int] = {}
        pages: dict[str, int] = {}
        for name, used, size in db.execute(
            "select name, sum(payload), sum(pgsize) from dbstat group by name"
        ):
            table = owners.get(name, name)
            payload[table] = payload.get(table, 0) + used
            pages[table] = pages.get(table, 0) + size
        tables = [n for (n,) in db.execute("select name from sqlite_master where type='table'")]
        return {
            t: TableSize(
                rows=db.execute(f'select count(*) from "{t}"').fetchone()[0],
                payload=payload.get(t, 0),
                pages=pages.get(t, 0),
            )
            for t in tables
        }


def settled_sizes(database: Path) -> dict[str, TableSize]:
    """Table sizes once the server's event persister has flushed what it holds."""
    wait_stable(lambda: {t: s.rows for t, s in table_sizes(database).items()})
    return table_sizes(database)


def growth(before: dict[str, TableSize], after: dict[str, TableSize]) -> dict[str, TableSize]:
    empty = TableSize(0, 0, 0)
    changed = {}
    for table, size in after.items():
        old = before.get(table, empty)
        delta = TableSize(size.rows - old.rows, size.payload - old.payload, size.pages - old.pages)
        if delta != empty:
            changed[table] = delta
    return changed


def directory_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


# --- import time -----------------------------------------------------------------------------


def import_seconds(module: str, env: dict[str, str], repeats: int = 5) -> float:
    """Median time to import `module` in a fresh interpreter (what each flow-run process pays
    for its flow module on top of the interpreter itself)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    samples = [
        float(_python(["-c", code], env).stdout.strip().splitlines()[-1]) for _ in range(repeats)
    ]
    return statistics.median(samples)


def import_self_times(module: str, env: dict[str, str]) -> dict[str, int]:
    """Each module's own import time in microseconds (`python -X importtime`)."""
    stderr = _python(["-X", "importtime", "-c", f"import {module}"], env).stderr
    times: dict[str, int] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        times[name.strip()] = int(own)
    return times


def extra_imports(module: str, baseline: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds of import that `module` adds over `baseline`, by top-level package."""
    base = import_self_times(baseline, env)
    extra: dict[str, float] = {}
    for name, micros in import_self_times(module, env).items():
        if name not in base:
            package = name.split(".")[0]
            extra[package] = extra.get(package, 0.0) + micros / 1e6
    return dict(sorted(extra.items(), key=lambda item: -item[1]))


def _python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )


# --- printing --------------------------------------------------------------------------------


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else float("inf")


def compared(label: str, value: float, baseline: float) -> list[Any]:
    """A table row: what it is, the value, the baseline, and their ratio."""
    return [label, value, baseline, ratio(value, baseline)]


def verdict(value: float, goal: float) -> str:
    return f"{'meets' if value <= goal else 'MISSES'} the goal <= {goal:g}"


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    cells = [headers, *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        pairs = enumerate(zip(row, widths, strict=True))
        print("  ".join(_aligned(i, c, w) for i, (c, w) in pairs))
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _aligned(column: int, text: str, width: int) -> str:
    return text.rjust(width) if column else text.ljust(width)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def print_json(label: str, data: Any) -> None:
    """One machine-readable line per result, for collecting medians over runs."""
    print(f"RESULT {label} {json.dumps(data, sort_keys=True)}")
