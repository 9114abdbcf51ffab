"""Our schema under Alembic, on SQLite and PostgreSQL: an empty database is made at the newest
revision; every model change has its migration; a database made by release 0.1.0 (before
migrations) is refused until upgraded, and keeps its rows and waiting journeys."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import Session, SQLModel, select

from models.tables import Journey, JourneyStep, Notification, StepStatus
from tasks.schema import RELEASE_0_1_0, SchemaBehind, head, ready, revision, upgrade
from tests.utils.databases import fresh_database
from tests.utils.factories import arrival_data

ROOT = Path(__file__).resolve().parents[2]

KINDS = ["sqlite", "postgresql"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_database_is_made_at_the_newest_revision(kind: str, tmp_path: Path) -> None:
    with fresh_database(kind, tmp_path, schema=False) as engine:
        assert revision(engine) is None
        ready(engine, "here")
        assert revision(engine) == head()
        ready(engine, "here")  # and used as it is


@pytest.mark.parametrize("kind", KINDS)
def test_every_model_change_has_its_migration(kind: str, tmp_path: Path) -> None:
    """What `alembic check` checks: the migrated schema is the models' schema."""
    with fresh_database(kind, tmp_path) as engine, engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


RELEASE = "v0.1.0"  # tagged at 1a748f7, the commit before notifications and migrations
RELEASE_COMMIT = "1a748f727df5841b88d1aca3dd0ccb323dfd3b36"


def _release_0_1_0(directory: Path) -> Path:
    """Release 0.1.0's code, from git history."""
    if subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", RELEASE_COMMIT]).returncode:
        pytest.skip(f"needs the git history with release 0.1.0 ({RELEASE_COMMIT[:7]})")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", RELEASE_COMMIT], capture_output=True, check=True
    )
    directory.mkdir()
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive.stdout, check=True)
    return directory


@pytest.mark.parametrize("kind", KINDS)
def test_a_database_of_release_0_1_0_is_refused_then_upgraded_with_its_journeys(
    kind: str, tmp_path: Path
) -> None:
    old = _release_0_1_0(tmp_path / "release")
    arrival = tmp_path / "arrival.json"
    arrival.write_text(json.dumps(arrival_data(name="Old Release")))
    with fresh_database(kind, tmp_path, schema=False) as engine:
        url = engine.url.render_as_string(hide_password=False)
        launched = subprocess.run(
            [sys.executable, "-m", "cli.main", "launch", str(arrival)],
            cwd=old,
            env={**os.environ, "PYTHONPATH": str(old), "ANKOMMEN_HOME": str(tmp_path / "home"),
                 "DATABASE_URL": url, "PREFECT_API_URL": "http://127.0.0.1:9/api"},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert launched.returncode == 0, launched.stderr
        with engine.begin() as connection:  # the journey ran and waits on its partner
            connection.execute(
                text("update journeystep set status = 'waiting' where step = 'accommodation'")
            )
        assert revision(engine) == RELEASE_0_1_0
        with pytest.raises(SchemaBehind, match="run `ankommen upgrade`"):
            ready(engine, "of the office")
        assert upgrade(engine) == (RELEASE_0_1_0, head())
        ready(engine, "of the office")
        with engine.connect() as connection:
            version = connection.execute(text("select version_num from alembic_version"))
            assert version.scalar() == head()
        with Session(engine) as db:
            (journey,) = db.exec(select(Journey)).all()
            steps = {s.step: s.status for s in db.exec(select(JourneyStep)).all()}
            assert steps["accommodation"] is StepStatus.WAITING and journey.finished_on is None
            # the steps of later releases, not in the plan it was launched with
            assert steps["kenntnispruefung"] is steps["residence_card"] is StepStatus.SKIPPED
            assert db.exec(select(Notification)).all() == []  # the new table, empty


@pytest.mark.parametrize("kind", KINDS)
def test_processes_that_find_an_empty_database_at_once_make_it_once(
    kind: str, tmp_path: Path
) -> None:
    with fresh_database(kind, tmp_path, schema=False) as engine:
        env = {**os.environ, "ANKOMMEN_HOME": str(tmp_path)}
        if kind == "postgresql":
            env["DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
        else:
            env.pop("DATABASE_URL", None)
            env["ANKOMMEN_DATABASE_URL"] = str(engine.url)
        starts = [
            subprocess.Popen([sys.executable, "-c", "from tasks.database import engine; engine()"],
                             cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]  # fmt: skip
        for started in starts:
            assert started.wait(timeout=120) == 0, started.stderr.read() if started.stderr else ""
        assert revision(engine) == head()
