"""The real thing for end-to-end tests: a Prefect server, a runner (`ankommen serve`) and a fake
authority intake API, each its own process or thread on this machine, in a temporary home."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from deployments.fake_authority import FakeAuthority
from deployments.server import start_server
from tests.utils.databases import POSTGRES_SERVER, create_databases, drop_databases

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


WORKERS = ("worker-1", "worker-2")  # of the PostgreSQL lane, each with its log


@dataclass
class Stack:
    """`lane`: "sqlite", the embedded default (SQLite, `ankommen serve`), or "postgresql":
    both databases on PostgreSQL, prefect.yaml deployed to a work pool and two workers."""

    home: Path
    env: dict[str, str]
    authority: FakeAuthority
    lane: str = "sqlite"
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    runners: list[subprocess.Popen[bytes]] = field(default_factory=list)  # serve, or workers
    checkout: Path = REPO  # the code the runner and the commands run
    databases: list[str] = field(default_factory=list)  # PostgreSQL's, dropped at the end

    @property
    def api(self) -> str:
        return self.env["PREFECT_API_URL"]

    def start(
        self, *command: str, log: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            list(command),
            env=self.env if env is None else env,
            cwd=self.checkout,
            stdout=(self.home / log).open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to kill it with its children
        )
        self.processes.append(process)
        return process

    def run(self, *command: str, log: str) -> None:
        done = self.start(*command, log=log)
        assert done.wait(timeout=300) == 0, (self.home / log).read_text()[-3000:]
        self.processes.remove(done)

    def start_runner(self, workers: int = len(WORKERS), limit: int = 4) -> None:
        """What runs journeys, `limit` at once each, waiting until it does: a runner (`ankommen
        serve`), or `workers` workers on the pool (without DATABASE_URL: the flows read it from
        its Secret block)."""
        if self.lane == "sqlite":
            self._serve(sys.executable, "-m", "cli.main", "serve", "--limit", str(limit),
                        log="runner.log")  # fmt: skip
            wait_for(lambda: _deployed(self), 120, "the runner to register the journey deployment")
        else:
            env = {k: v for k, v in self.env.items() if k != "DATABASE_URL"}
            for name in WORKERS[:workers]:
                self._serve(sys.executable, "-m", "prefect", "worker", "start", "--pool",
                            "ankommen", "--name", name, "--limit", str(limit), log=f"{name}.log",
                            env=env)  # fmt: skip
            # `ankommen serve` runs the keeper as it starts; for workers, the operator does.
            self.run(sys.executable, "-m", "cli.main", "keep", "--after-start", log="keep.log")
        wait_for(self._kept_once, 120, "the keeper's run as the runner starts")

    def _serve(self, *command: str, log: str, env: dict[str, str] | None = None) -> None:
        runner = self.start(*command, log=log, env=env)
        self.processes.remove(runner)
        self.runners.append(runner)

    def _kept_once(self) -> bool:
        runs = self.api_call(
            "POST",
            "/flow_runs/filter",
            {"flow_runs": {"name": {"any_": ["keeper (runner started)"]}}, "limit": 200},
        )
        return any(run["state_type"] == "COMPLETED" for run in runs)

    def stop_runner(self) -> None:
        """Stop what runs journeys as an operator does (SIGTERM), e.g. to install a release."""
        for runner in self.runners:
            os.killpg(runner.pid, signal.SIGTERM)
            runner.wait(timeout=60)
        self.runners.clear()

    def kill_runner(self) -> None:
        """SIGKILL what runs journeys and every journey process it started, as a power cut."""
        for pid in [*(r.pid for r in self.runners), *self.journey_processes()]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for runner in self.runners:
            runner.wait()
        self.runners.clear()

    def journey_processes(self) -> list[int]:
        return [pid for runner in self.runners for pid in descendants(runner.pid)]

    @property
    def runner_logs(self) -> list[Path]:
        return [self.home / name for name in ("runner.log", *(f"{w}.log" for w in WORKERS))]

    @property
    def database_url(self) -> str:
        return self.env.get("DATABASE_URL", f"sqlite:///{self.home / 'ankommen.db'}")

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Our database as a coordinator's tools read it (`?` for parameters on both)."""
        with self._connection() as connection:
            result = connection.exec_driver_sql(_placed(sql, self), params)
            rows = (
                [tuple(map(_as_sqlite_gives, row)) for row in result] if result.returns_rows else []
            )
            connection.commit()
            return rows

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold our database so that no journey can record anything until the block ends."""
        with self._connection() as connection:
            if self.lane == "sqlite":
                connection.exec_driver_sql("BEGIN EXCLUSIVE")
            else:
                connection.exec_driver_sql(
                    "LOCK TABLE journey, journeystep, stepevent, decision IN EXCLUSIVE MODE"
                )
            yield
            connection.rollback()

    def prefect_database(self) -> bytes:
        """All Prefect keeps in its database, to search it for what it must not hold."""
        if self.lane == "sqlite":
            return b"".join(path.read_bytes() for path in (self.home / "prefect").glob("*.db*"))
        return _dump(self.env["PREFECT_API_DATABASE_CONNECTION_URL"])

    def our_database(self) -> bytes:
        """All our database keeps (the SQLite files as they lie on disk), to search it."""
        if self.lane == "sqlite":
            return b"".join(path.read_bytes() for path in self.home.glob("ankommen.db*"))
        return _dump(self.database_url)

    def _connection(self) -> Any:
        if self.lane == "sqlite":
            return _sqlite_engine(self.database_url).connect()
        return _engine(self.database_url).connect()

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
        for process in [*self.runners, *reversed(self.processes)]:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        drop_databases(self.databases)


_engines: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = create_engine(url, poolclass=NullPool)
    return _engines[url]


def _sqlite_engine(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})
        # pysqlite begins transactions itself; BEGIN EXCLUSIVE needs it not to
        event.listen(_engines[url], "connect", _autocommit)
    return _engines[url]


def _autocommit(connection: Any, _record: Any) -> None:
    connection.isolation_level = None


def _as_sqlite_gives(value: Any) -> Any:
    """Dates and JSON as SQLite gives them (text), so that a test reads the same on both lanes."""
    if type(value) is date:
        return value.isoformat()
    return json.dumps(value) if isinstance(value, dict | list) else value


def _placed(sql: str, stack: Stack) -> str:
    return sql if stack.lane == "sqlite" else sql.replace("?", "%s")


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


def make_stack(
    home: Path, checkout: Path = REPO, *, lane: str = "sqlite", runner: bool = True, **settings: str
) -> Stack:
    """`checkout`: the code to run (a copy, to change it under a waiting journey); `lane`: see
    Stack; `runner`: whether to start what runs journeys; `settings`: more of the office's
    environment, e.g. ANKOMMEN_NOTIFY_CONFIG."""
    authority = FakeAuthority()
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        # One call per stage attempt: these tests count Prefect's retries; the client's own
        # are tested apart (tests/unit/test_outside_calls.py, bench/reliability.py).
        "ANKOMMEN_AUTHORITY_ATTEMPTS": "1",
        **settings,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(checkout), os.environ.get("PYTHONPATH")])),
        "ANKOMMEN_HOME": str(home),
        "ANKOMMEN_TODAY": TODAY,
        "ANKOMMEN_AUTHORITY_URL": authority.serve(),
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api",
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "true",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    (home / "prefect").mkdir(parents=True)
    stack = Stack(home=home, env=env, authority=authority, lane=lane, checkout=checkout)
    if lane == "postgresql":
        names = create_databases("ankommen_e2e", "prefect", "ours")
        stack.databases = list(names.values())
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{names['ours']}"
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = (
            f"{POSTGRES_SERVER.replace('psycopg', 'asyncpg')}/{names['prefect']}"
        )
        env["ANKOMMEN_CHECKOUT"] = str(checkout)
    server = start_server(home / "server.log", env)
    assert server is not None, f"something already listens at {stack.api}"
    stack.processes.append(server)
    if lane == "postgresql":
        stack.run(sys.executable, "-m", "cli.main", "scale-out", "--results",
                  str(home / "results"), log="deploy.log")  # fmt: skip
        stack.run(sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all",
                  log="deploy.log")  # fmt: skip
    if runner:
        stack.start_runner()
    return stack


def _dump(url: str) -> bytes:
    name = url.rsplit("/", 1)[1]
    dump = ["pg_dump", "--data-only", "-h", "127.0.0.1", "-U", "postgres", name]
    return subprocess.run(dump, capture_output=True, check=True).stdout


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
