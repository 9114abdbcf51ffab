"""`ankommen demo`: real journeys on the embedded default, modelled on the Welcome Office's seed.

Starts the local Prefect server and a runner, launches six journeys, completes some steps as
advisors would (two open steps of one journey at once, too), leaves others waiting, and prints
where everyone stands. Running it again continues where the last run stopped.
"""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cli.commands import complete, launch, status
from cli.main import read_arrival
from deployments.environment import ui_url
from deployments.server import start_server
from models.status import ready
from models.tables import StepStatus
from tasks.database import session
from tasks.decisions import unapplied
from tasks.journeys import find_duplicate, journey_steps
from tasks.launch import NotServing, check_serving
from tasks.settings import get_settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "arrivals"
PATIENCE_SECONDS = 240

# What advisors do in the demo, per newcomer, in order: (step, fields).
ADVISORS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "cook-poland": [
        ("accommodation", {"advisor": "VBW housing", "move_in_date": "2026-11-17"}),
        ("landlord_confirmation", {"advisor": "VBW housing"}),
        ("anmeldung", {"advisor": "Bürgerbüro Mitte"}),
        ("recognition_documents", {"advisor": "IHK FOSA"}),
    ],
    "dentist-venezuela": [  # recognition starts abroad, beside the flat search
        ("recognition_documents", {"advisor": "Bezirksregierung Münster"}),
        ("accommodation", {"advisor": "VBW housing", "move_in_date": "2027-02-15"}),
    ],
    "care-trainee-india": [
        (
            "accommodation",
            {"advisor": "Diakonie housing", "move_in_date": "2026-11-02", "temporary": "true"},
        ),
        ("landlord_confirmation", {"advisor": "Diakonie housing"}),
        ("anmeldung", {"advisor": "Bürgerbüro Mitte"}),
        ("residence_permit", {"advisor": "Ausländerbehörde", "title": "16a"}),
        ("mentoring", {"advisor": "Diakonie mentoring", "programme": "mentoring"}),
    ],
    "physiotherapist-tunisia": [  # the Anmeldung will be overdue
        ("accommodation", {"advisor": "VBW housing", "move_in_date": "2026-11-02"}),
        ("landlord_confirmation", {"advisor": "VBW housing"}),
    ],
    "graduate-rub": [
        ("residence_permit", {"advisor": "Ausländerbehörde", "title": "18b"}),
    ],
}


def _step_status(journey_id: str, step: str) -> StepStatus:
    with session() as db:
        return next(
            s.status for s in journey_steps(session=db, journey_id=journey_id) if s.step == step
        )


def _act_as_advisors(journey_id: str, actions: list[tuple[str, dict[str, Any]]]) -> None:
    for step, fields in actions:
        give_up = time.monotonic() + PATIENCE_SECONDS
        while (current := _step_status(journey_id, step)) is StepStatus.PENDING:
            if time.monotonic() > give_up:
                raise RuntimeError(f"{journey_id}: {step} never opened")
            time.sleep(1)
        if current is StepStatus.WAITING:
            options = [
                part
                for name, value in fields.items()
                for part in (f"--{name.replace('_', '-')}", str(value))
            ]
            print(f"  {complete(journey_id, step, None, options)}")


def _launch_all() -> dict[str, str]:
    journeys = {}
    for path in sorted(EXAMPLES.glob("*.json")):
        arrival = read_arrival(path)
        with session() as db:
            known = find_duplicate(session=db, arrival=arrival)
        journeys[path.stem] = known or launch(arrival)[0]  # a second demo run continues
        print(f"  {path.stem}: journey {journeys[path.stem]}")
    return journeys


def _wait_for_runner() -> None:
    give_up = time.monotonic() + PATIENCE_SECONDS
    while True:
        try:
            return check_serving()
        except NotServing:
            if time.monotonic() > give_up:
                raise
            time.sleep(1)


def _settled(journeys: dict[str, str]) -> bool:
    """Every decision applied, and no journey still working out its next steps."""
    busy = {StepStatus.RUNNING, StepStatus.RETRYING}
    with session() as db:
        for journey_id in journeys.values():
            steps = {s.step: s for s in journey_steps(session=db, journey_id=journey_id)}
            if (
                any(s.status is StepStatus.PENDING and ready(s, steps) for s in steps.values())
                or unapplied(session=db, journey_id=journey_id)
                or any(s.status in busy for s in steps.values())
            ):
                return False
    return True


def run_demo(*, once: bool) -> None:
    home = get_settings().home.resolve()
    print(f"Starting the local Prefect server ({ui_url()}) and a runner ...")
    server = start_server(home / "server.log")
    runner = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve"],
        env=os.environ,
        stdout=(home / "runner.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_runner()
        print("Launching journeys:")
        journeys = _launch_all()
        print("Advisors at work:")
        with ThreadPoolExecutor(max_workers=len(ADVISORS)) as pool:
            list(
                pool.map(
                    lambda item: _act_as_advisors(journeys[item[0]], item[1]), ADVISORS.items()
                )
            )
        while not _settled(journeys):
            time.sleep(1)
        print(f"\n{status(None)}\n\nThe journeys in the Prefect UI: {ui_url()}/runs")
        print("One journey in detail: ankommen status " + journeys["cook-poland"])
        if not once:
            print("Serving journeys; Ctrl-C to stop.")
            runner.wait()
    finally:
        for process in (runner, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


def keep_server() -> None:
    server = start_server(get_settings().home.resolve() / "server.log")
    print(f"Prefect server at {ui_url()}; Ctrl-C to stop.")
    if server is not None:
        server.wait()
