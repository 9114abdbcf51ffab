"""The real thing for end-to-end tests: a Prefect server, a runner (`ankommen serve`) and a fake
authority intake API, each its own process or thread on this machine, in a temporary home."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from deployments.server import start_server

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class FakeAuthority:
    """An authority's intake API: files one application per idempotency key; can be flaky."""

    fail_next: int = 0  # how many of the next requests to answer with 503
    stall_seconds: float = 0.0  # how long to hold each request before answering
    requests: list[dict[str, Any]] = field(default_factory=list)
    filed: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(self) -> str:
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers["Idempotency-Key"]
                time.sleep(authority.stall_seconds)
                with authority.lock:
                    authority.requests.append({"path": self.path, "key": key, **body})
                    if authority.fail_next > 0:
                        authority.fail_next -= 1
                        self.send_response(503)
                        self.end_headers()
                        return
                    authority.filed.setdefault(key, body)
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"reference": f"REF-{key}"}).encode())

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    def applications_for(self, case: str) -> int:
        return sum(1 for body in self.filed.values() if body["case"] == case)


@dataclass
class Stack:
    home: Path
    env: dict[str, str]
    authority: FakeAuthority
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    checkout: Path = REPO  # the code the runner and the commands run

    @property
    def api(self) -> str:
        return self.env["PREFECT_API_URL"]

    def start(self, *command: str, log: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            list(command),
            env=self.env,
            cwd=self.checkout,
            stdout=(self.home / log).open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to kill it with its children
        )
        self.processes.append(process)
        return process

    @property
    def runner(self) -> subprocess.Popen[bytes]:
        return self.processes[1]

    def start_runner(self) -> None:
        """A runner (`ankommen serve`) as the second process; waits until it serves."""
        runner = self.start(
            sys.executable, "-m", "cli.main", "serve", "--limit", "4", log="runner.log"
        )
        self.processes.remove(runner)
        self.processes.insert(1, runner)
        wait_for(lambda: _deployed(self), 120, "the runner to register the journey deployment")
        wait_for(self._kept_once, 120, "the keeper's run as the runner starts")

    def _kept_once(self) -> bool:
        runs = self.api_call(
            "POST",
            "/flow_runs/filter",
            {"flow_runs": {"name": {"any_": ["keeper (runner started)"]}}, "limit": 200},
        )
        return any(run["state_type"] == "COMPLETED" for run in runs)

    def stop_runner(self) -> None:
        """Stop the runner as an operator does (SIGTERM), e.g. to install a new release."""
        runner = self.runner
        os.killpg(runner.pid, signal.SIGTERM)
        runner.wait(timeout=60)
        self.processes.remove(runner)

    def kill_runner(self) -> None:
        """SIGKILL the runner and every journey process it started, as a power cut would."""
        runner = self.runner
        for pid in [runner.pid, *descendants(runner.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        runner.wait()
        self.processes.remove(runner)

    def ankommen(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli.main", *args],
            env=self.env,
            cwd=self.checkout,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def api_call(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            f"{self.api}{path}",
            method=method,
            headers={"Content-Type": "application/json"},
            data=None if body is None else json.dumps(body).encode(),
        )
        # Prefect on SQLite answers 503 while the database is locked: retry, as its client does.
        for attempt in range(10):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    payload = response.read()
                return json.loads(payload) if payload else None
            except urllib.error.HTTPError as error:
                if error.code != 503 or attempt == 9:
                    raise
                time.sleep(min(2**attempt, 8))
        raise AssertionError("unreachable")

    def flow_run(self, flow_run_id: str) -> dict[str, Any]:
        return self.api_call("GET", f"/flow_runs/{flow_run_id}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def make_stack(home: Path, checkout: Path = REPO, *, runner: bool = True, **settings: str) -> Stack:
    """`checkout`: the code to run (a copy, to change it under a waiting journey); `runner`:
    whether to start `ankommen serve` (not when workers of a work pool run the journeys);
    `settings`: more of the office's environment, e.g. ANKOMMEN_NOTIFY_CONFIG, DATABASE_URL."""
    authority = FakeAuthority()
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        **settings,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(checkout), os.environ.get("PYTHONPATH")])),
        "ANKOMMEN_HOME": str(home),
        "ANKOMMEN_TODAY": TODAY,
        "ANKOMMEN_AUTHORITY_URL": authority.serve(),
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api",
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "true",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    (home / "prefect").mkdir(parents=True)
    stack = Stack(home=home, env=env, authority=authority, checkout=checkout)
    server = start_server(home / "server.log", env)
    assert server is not None, f"something already listens at {stack.api}"
    stack.processes.append(server)
    if runner:
        stack.start_runner()
    return stack


def _deployed(stack: Stack) -> bool:
    try:
        deployment = stack.api_call("GET", "/deployments/name/journey/journey")
    except OSError:
        return False
    return not deployment["paused"]


def wait_for(check: Any, seconds: float, what: str, poll: float = 0.5) -> Any:
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        if result := check():
            return result
        time.sleep(poll)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")
