"""The scale-out on one machine: Prefect's database and ours on PostgreSQL, the deployments of
prefect.yaml deployed with `prefect deploy --all` to a process work pool, and two workers
running the journeys. Journeys wait holding no process, every decision is applied once, and
each journey keeps its one flow run."""

import re
import sys
import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from tests.e2e.journeys import write_arrival
from tests.e2e.stack import REPO, Stack, make_stack, wait_for

pytestmark = pytest.mark.e2e

SERVER = "postgres@127.0.0.1:5432"
CASE_NUMBER = re.compile(r"WO-\d{4}-\d{4}")
PEOPLE = ["Anna Worker", "Bela Worker", "Cleo Worker", "Dina Worker"]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Engine]]:
    names = {kind: f"ankommen_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("prefect", "ours")}
    admin = create_engine(f"postgresql+psycopg://{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    ours = f"postgresql+psycopg://{SERVER}/{names['ours']}"
    stack = make_stack(
        tmp_path_factory.mktemp("workers-office"),
        runner=False,
        DATABASE_URL=ours,
        PREFECT_API_DATABASE_CONNECTION_URL=f"postgresql+asyncpg://{SERVER}/{names['prefect']}",
        ANKOMMEN_CHECKOUT=str(REPO),
    )
    prefect = [sys.executable, "-m", "prefect"]
    for command in (
        [*prefect, "work-pool", "create", "ankommen", "--type", "process"],
        [*prefect, "--no-prompt", "deploy", "--all"],
    ):
        done = stack.start(*command, log="deploy.log")
        assert done.wait(timeout=300) == 0, (stack.home / "deploy.log").read_text()[-3000:]
        stack.processes.remove(done)
    for worker in ("worker-1", "worker-2"):
        stack.start(*prefect, "worker", "start", "--pool", "ankommen", "--name", worker,
                    log=f"{worker}.log")  # fmt: skip
    engine = create_engine(ours)
    yield stack, engine
    stack.stop()
    engine.dispose()
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _statuses(engine: Engine, step: str) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("select journey_id, status from journeystep where step = :step"), {"step": step}
        )
        return dict(rows.all())


def _runs(stack: Stack) -> dict[str, list[dict]]:
    runs = stack.api_call("POST", "/flow_runs/filter", {"limit": 200})
    found: dict[str, list[dict]] = {}
    for run in runs:
        if run["name"].startswith("WO-"):
            found.setdefault(run["name"], []).append(run)
    return found


def test_two_workers_run_the_journeys_on_postgresql(office: tuple[Stack, Engine]) -> None:
    stack, engine = office
    launched = []
    for name in PEOPLE:
        arrival = write_arrival(stack.home, name=name, qualification_country="DE",
                                arrival_date="2026-12-15", move_in_date=None)  # fmt: skip
        result = stack.ankommen("launch", str(arrival))
        assert result.returncode == 0, result.stderr
        launched.append(CASE_NUMBER.search(result.stdout).group())  # type: ignore[union-attr]

    def waiting_on(step: str) -> bool:
        statuses = _statuses(engine, step)
        runs = _runs(stack)
        return (
            all(statuses.get(j) == "waiting" for j in launched)
            and all(runs[j][0]["state_type"] == "PAUSED" for j in launched if j in runs)
            and set(runs) >= set(launched)
        )

    wait_for(lambda: waiting_on("accommodation"), 180, "every journey to wait on its flat")

    # Four advisors at once; the journeys resume on whichever worker polls first.
    def decide(journey_id: str) -> None:
        result = stack.ankommen("complete", journey_id, "accommodation", "--advisor", "VBW",
                                "--move-in-date", "2026-12-16")  # fmt: skip
        assert result.returncode == 0, result.stderr

    threads = [threading.Thread(target=decide, args=(j,)) for j in launched]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: waiting_on("landlord_confirmation"), 180, "every decision applied")

    assert all(len(runs) == 1 for runs in _runs(stack).values())  # one run per journey
    with engine.connect() as connection:
        twice = connection.execute(
            text("select journey_id, step from stepevent where event in ('done', 'opened') "
                 "group by journey_id, step, event having count(*) > 1")
        ).all()  # fmt: skip
        unapplied = connection.execute(
            text("select count(*) from decision where applied_at is null")
        ).scalar()
    assert twice == [] and unapplied == 0
    logs = "".join((stack.home / f"worker-{n}.log").read_text() for n in (1, 2))
    assert "submitting flow run" in logs and "Traceback" not in logs
