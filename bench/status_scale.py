"""Issue 7 §5: `ankommen status` and the office report at 1,000 to 100,000 journeys.

For each size, a fresh SQLite database in a temporary home gets that many journeys with a
realistic mix of steps and states (tasks/synthetic.py: real plans of typical arrivals,
launched over the last year, as they stand today; WO- case numbers as in an office). Then,
as whole processes, medians of --repeat runs: `ankommen status`, `ankommen status --json
--all`, and `ankommen report --html FILE` (no Prefect server: the figures, the forecast and the
page; publishing cards adds one flow run whatever the size).

At --compare-at (10,000), the same journeys are also flow runs of a Prefect server of their
own (created through its API, suspended and tagged as journeys are), and listing them through
Prefect's API (all pages of 200) is timed against our status, both inside one process
(`tasks.overview.status_page` and rendering; Prefect's client paging), so that neither side's
interpreter start and imports count. Its last line is JSON:
{"status": {"1000": s, ...}, "report": {"1000": s, ...}, ...}.

    .venv/bin/python bench/status_scale.py --sizes 1000,10000,100000
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import free_port, load  # noqa: E402
from deployments.environment import embedded_defaults  # noqa: E402

TODAY = date(2026, 11, 30)


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, **embedded_defaults(home), "ANKOMMEN_TODAY": TODAY.isoformat()}
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{free_port()}/api"  # nobody there
    env.pop("DATABASE_URL", None)
    return env


def seed(env: dict[str, str], size: int) -> float:
    code = (
        "import sys; from datetime import date\n"
        "from tasks.database import session\n"
        "from tasks.synthetic import make_office, store\n"
        "with session() as db:\n"
        f"    for made in make_office({size}, today=date.fromisoformat('{TODAY}'),"
        " days_back=365, synthetic=False):\n"
        "        store(db, made)\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True)
    return time.perf_counter() - started


def timed(env: dict[str, str], args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cli.main", *args],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(env: dict[str, str], repeat: int) -> float:
    """Our status page inside one process, imports done: the work of answering."""
    code = (
        "import time, statistics\n"
        "from cli.render import status_text\n"
        "from tasks.overview import StatusFilter, status_page\n"
        "status_text(status_page(StatusFilter()))\n"  # engine and metadata made once
        "times = []\n"
        f"for _ in range({repeat}):\n"
        "    t = time.perf_counter(); status_text(status_page(StatusFilter()))\n"
        "    times.append(time.perf_counter() - t)\n"
        "print(statistics.median(times))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, check=True, capture_output=True
    )
    return float(out.stdout.decode().strip().splitlines()[-1])


def _create_runs(api: str, journey_ids: list[str]) -> None:
    """One suspended, tagged flow run per journey, one request at a time: Prefect on SQLite
    answers 503 (database locked) or drops connections when pressed harder."""
    import httpx

    with httpx.Client(base_url=api, timeout=60) as client:
        flow = client.post("/flows/", json={"name": "journey"}).json()
        for journey_id in journey_ids:
            body = {
                "flow_id": flow["id"],
                "name": journey_id,
                "tags": ["journey", "stage:registration", "waits-on:buergerbuero-bochum"],
                "state": {"type": "PAUSED", "name": "Suspended"},
            }
            for _attempt in range(20):
                try:
                    if client.post("/flow_runs/", json=body).status_code == 201:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.5)
            else:
                raise RuntimeError(f"could not create the flow run {journey_id}")


def list_prefect_runs(api: str) -> tuple[float, int]:
    """All journey runs through Prefect's client, page by page (200 at most per call)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    with get_client(sync_client=True) as client:
        client.read_flow_runs(limit=1)  # connection made
        started = time.perf_counter()
        found, offset = 0, 0
        while True:
            page = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["journey"])),
                limit=200,
                offset=offset,
            )
            found += len(page)
            offset += 200
            if len(page) < 200:
                return time.perf_counter() - started, found


def compare_with_prefect(env: dict[str, str], size: int, repeat: int) -> dict[str, float]:
    from deployments.server import start_server, stop

    os.environ.update({k: v for k, v in env.items() if k.startswith("PREFECT_")})
    api = env["PREFECT_API_URL"]
    server = start_server(Path(env["ANKOMMEN_HOME"]) / "server.log", env)
    try:
        ids = [f"WO-2026-{n:06d}" for n in range(1, size + 1)]
        started = time.perf_counter()
        _create_runs(api, ids)
        print(f"  {size} flow runs created in Prefect in {time.perf_counter() - started:.0f} s")
        prefect_times = []
        for _ in range(repeat):
            seconds, found = list_prefect_runs(api)
            assert found == size, found
            prefect_times.append(seconds)
    finally:
        stop(server)
    ours = in_process(env, repeat)
    listing = statistics.median(prefect_times)
    return {"ours_s": ours, "prefect_s": listing, "ratio": listing / ours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare-at", type=int, default=10000, help="0: skip")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    print(f"load average at start: {load()}", flush=True)
    result: dict[str, dict[str, float]] = {"status": {}, "status_json_all": {}, "report": {}}
    compared: dict[str, float] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="ankommen-scale-") as tmp:
            home = Path(tmp)
            env = _env(home)
            (home / "prefect").mkdir(parents=True)
            seconds = seed(env, size)
            page = str(home / "report.html")
            result["status"][str(size)] = timed(env, ["status"], options.repeat)
            result["status_json_all"][str(size)] = timed(
                env, ["status", "--json", "--all"], options.repeat
            )
            result["report"][str(size)] = timed(env, ["report", "--html", page], options.repeat)
            print(
                f"{size:>7} journeys (seeded in {seconds:.0f} s): status "
                f"{result['status'][str(size)]:.2f} s, --json --all "
                f"{result['status_json_all'][str(size)]:.2f} s, report "
                f"{result['report'][str(size)]:.2f} s",
                flush=True,
            )
    if options.compare_at:
        size = options.compare_at
        with tempfile.TemporaryDirectory(prefix="ankommen-scale-") as tmp:
            env = _env(Path(tmp))
            (Path(tmp) / "prefect").mkdir(parents=True)
            seed(env, size)
            compared = compare_with_prefect(env, size, options.repeat)
        print(
            f"  at {size}: our status page {compared['ours_s'] * 1000:.0f} ms, listing "
            f"the flow runs through Prefect's API {compared['prefect_s']:.2f} s: "
            f"{compared['ratio']:.0f}x",
            flush=True,
        )
    first, last = str(sizes[0]), str(sizes[-1])
    for name, figures in result.items():
        print(f"{name}: {last} journeys cost {figures[last] / figures[first]:.2f}x {first}")
    print(f"load average at end: {load()} (2 cores: above ~2 the figures are disturbed)")
    print(json.dumps({**result, "compared": compared}))


if __name__ == "__main__":
    main()
