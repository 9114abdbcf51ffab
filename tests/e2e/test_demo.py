"""The README's main job: `ankommen demo` on the embedded default, run twice, then stopped
with SIGTERM; and `ankommen server` stopped with SIGTERM. Nothing is left listening."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deployments.server import healthy
from tests.e2e.stack import REPO, descendants, free_port, wait_for

pytestmark = pytest.mark.e2e


def embedded(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ANKOMMEN_"))}
    return {
        **env,
        "ANKOMMEN_HOME": str(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api",
        "ANKOMMEN_TODAY": "2026-11-26",
    }


def listening(api_url: str) -> bool:
    port = int(api_url.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def flow_runs(api_url: str) -> list[dict]:
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter",
        data=json.dumps({"limit": 200}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; whatever they left running is killed, also when it fails."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        for pid in [*descendants(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def demo(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "demo", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_the_demo_runs_twice_without_duplicates_and_stops_on_sigterm(
    tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    env = embedded(tmp_path / "home")
    first = demo(env, "--once")
    started.append(first)
    out, _ = first.communicate(timeout=600)
    assert first.returncode == 0, out[-3000:]
    assert "WO-2026-0006" in out and "Katarzyna Nowak" in out
    assert "Synthetic history: " in out and "synthetic demo journeys" in out
    assert "st-0001: coordinator for welcome-office-bochum" in out
    assert "accommodation by st-0002" in out and "Jan Wohnberater" not in out
    page = (tmp_path / "home" / "report.html").read_text()
    assert "Katarzyna Nowak" not in page and "WO-2026-000" in page and "<svg" in page
    assert not listening(env["PREFECT_API_URL"])

    second = demo(env)
    started.append(second)
    lines: list[str] = []
    assert second.stdout is not None
    for line in second.stdout:
        lines.append(line)
        if line.startswith("Serving journeys"):
            break
    output = "".join(lines)
    assert "WO-2026-0007" not in output, output  # the same six people, no second journey
    assert "st-0008" not in output and "as coordinator st-0001" in output  # the same staff
    runs = flow_runs(env["PREFECT_API_URL"])
    journeys = [run for run in runs if run["name"].startswith("WO-")]
    assert len({run["name"] for run in journeys}) == len(journeys) == 6
    assert not [run["name"] for run in runs if run["state_type"] == "CANCELLED"]

    started = descendants(second.pid)
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=120) in (0, 130)
    assert not listening(env["PREFECT_API_URL"])
    wait_for(lambda: not [p for p in started if Path(f"/proc/{p}").exists()], 30, "all gone")


def test_the_server_stops_on_sigterm(tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    env = embedded(tmp_path / "home")
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "server"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    started.append(server)
    api_url = env["PREFECT_API_URL"]
    wait_for(lambda: healthy(api_url), 120, "the server")
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=60) in (0, 130)
    assert not listening(api_url)
