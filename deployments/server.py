"""Starting the local Prefect server of the embedded default, when none answers yet."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

from deployments.environment import api_url

STARTUP_SECONDS = 120


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(
    log: Path, environment: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes] | None:
    """Start `prefect server start` unless one answers; None when one was already there.
    The server's environment (and PREFECT_API_URL, where it listens) defaults to ours."""
    environment = os.environ if environment is None else environment
    url = environment.get("PREFECT_API_URL", api_url())
    if healthy(url):
        return None
    address = urlparse(url)
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {
        # The hourly keeper's next few runs, not Prefect's default of a hundred scheduled
        # runs ahead: the runs list is for journeys.
        "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS": "3",
        **environment,
        "PREFECT_SERVER_UI_API_URL": url,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            address.hostname or "127.0.0.1",
            "--port",
            str(address.port or 4200),
        ],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    give_up = time.monotonic() + STARTUP_SECONDS
    try:
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > give_up:
                raise RuntimeError(f"the Prefect server did not start; see {log}")
            time.sleep(0.5)
    except BaseException:  # also Ctrl-C or SIGTERM while it starts: leave nothing behind
        stop(process)
        raise
    return process


def stop(*processes: subprocess.Popen[bytes] | None) -> None:
    """Stop what we started, newest first; a process that ignores SIGTERM is killed."""
    for process in processes:
        if process is None or process.poll() is not None:
            continue
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
