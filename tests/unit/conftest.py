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
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An office of our own: an empty SQLite database in tmp_path, today 2027-03-01."""
    from tests.utils.office import empty_office

    with empty_office(tmp_path) as db:
        yield db


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, empty database of each kind: what the report counts must agree on both."""
    from tests.utils.databases import fresh_database

    with fresh_database(request.param, tmp_path) as engine, Session(engine) as opened:
        yield opened
