"""`from tests.utils.factories import ...` works however pytest is started.

`python -m pytest` from the project root puts the root on sys.path; a bare `pytest`, or a run
from another directory, does not (tests/ has no __init__.py, so pytest only adds tests/unit).
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.append(ROOT)


import pytest  # noqa: E402
from sqlmodel import Session  # noqa: E402


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An office of our own: an empty SQLite database in tmp_path, today 2027-03-01."""
    from tasks.database import engine
    from tasks.settings import get_settings

    monkeypatch.setenv("ANKOMMEN_HOME", str(tmp_path))
    monkeypatch.setenv("ANKOMMEN_TODAY", "2027-03-01")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ANKOMMEN_DATABASE_URL", raising=False)
    # No Prefect here: an address where nothing listens, also for Prefect's own settings
    # (read once, at import), so that it does not start a temporary server of its own.
    nowhere = "http://127.0.0.1:9/api"
    monkeypatch.setenv("PREFECT_API_URL", nowhere)
    get_settings.cache_clear()
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: nowhere}), Session(engine()) as db:
        yield db
    get_settings.cache_clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, empty database of each kind: what the report counts must agree on both."""
    from tests.utils.databases import fresh_database

    with fresh_database(request.param, tmp_path) as engine, Session(engine) as opened:
        yield opened
