"""The reliability scorecard's short version (`bench/reliability.py --quick`): flaky partners,
a runner killed while journeys run, erasure searched over every file, malformed input. It
exits 1 when a figure that must hold does not."""

import os
import subprocess
import sys

import pytest

from tests.e2e.stack import REPO

pytestmark = pytest.mark.e2e


def test_the_short_scorecard_holds() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ANKOMMEN_"))}
    result = subprocess.run(
        [sys.executable, "bench/reliability.py", "--quick"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    shown = result.stdout[-5000:] + result.stderr[-3000:]
    assert result.returncode == 0, shown
    for measure in ("journeys completed", "duplicate submissions or bookings",
                    "crashes survived", "personal data found after erasure"):  # fmt: skip
        assert measure in result.stdout, shown
