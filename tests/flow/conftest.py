"""One Prefect test server for the flow tests, and a fresh database of ours for each test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from tasks.settings import get_settings
from tests.utils.journey_runs import TODAY, deploy_journey


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        deploy_journey()
        yield


@pytest.fixture(autouse=True)
def our_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ANKOMMEN_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ANKOMMEN_AUTHORITY_URL", raising=False)
    monkeypatch.setenv("ANKOMMEN_TODAY", TODAY.isoformat())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
