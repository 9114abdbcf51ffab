"""`ankommen demo`: real journeys on the embedded default, modelled on the Welcome Office's seed.

Starts the local Prefect server and a runner, makes up a finished history for the forecast
(marked synthetic, only where no real journey has finished), launches six journeys, completes
some steps as advisors would (two open steps of one journey at once, too), leaves others
waiting, prints where everyone stands and makes the office report. Running it again continues
where the last run stopped: the same people get no second journey.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from deployments.environment import ui_url
from deployments.server import start_server, stop
from models.status import stages_with_work
from models.tables import StepStatus
from tasks import office
from tasks.arrivals import read_arrival
from tasks.database import session
from tasks.decisions import AlreadyDecided, decided_steps
from tasks.journeys import find_duplicate, get_journey, journey_steps, open_journey_steps
from tasks.runs import Serving, read_run, serving
from tasks.settings import get_settings
from tasks.synthetic import RealHistoryExists, seed_history

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "arrivals"
PATIENCE_SECONDS = 240
PROCESS_EXIT = timedelta(seconds=5)  # a flow-run process ends about a second after its run

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
            try:
                recorded = office.complete(journey_id, step, fields, source="demo")
            except AlreadyDecided:
                continue  # an earlier demo run decided it
            print(f"  {journey_id} {step} by {recorded.decision.advisor}: {recorded.woken.value}")


def _seed_history() -> None:
    """Finished journeys for the forecast to learn from, made up and marked as such."""
    try:
        with session() as db:
            made = seed_history(db, today=get_settings().current_date())
    except RealHistoryExists as refusal:
        print(f"No synthetic history: {refusal}.")
        return
    print(f"Synthetic history: {made} finished journeys made up for the forecast (SYN-…).")


def _launch_all() -> dict[str, str]:
    journeys = {}
    for path in sorted(EXAMPLES.glob("*.json")):
        arrival = read_arrival(path)
        with session() as db:
            known = find_duplicate(session=db, arrival=arrival, open_only=False)
        journeys[path.stem] = known or office.launch(arrival, source="demo").journey_id
        print(f"  {path.stem}: journey {journeys[path.stem]}")
    return journeys


def _wait_for_runner() -> None:
    give_up = time.monotonic() + PATIENCE_SECONDS
    while (now := serving()) is not Serving.READY:
        if time.monotonic() > give_up:
            raise RuntimeError(now.value)
        time.sleep(1)


def _waiting_or_done(flow_run_id: str | None) -> bool:
    """Suspended or complete for a few seconds, so that its process has exited too: a runner
    that stops cancels every run whose process still lives, even a complete one."""
    run = read_run(flow_run_id) if flow_run_id else None
    if not (run and run.state and (run.state.is_paused() or run.state.is_completed())):
        return False
    return run.state.timestamp < datetime.now(UTC) - PROCESS_EXIT


def _settled(journeys: dict[str, str]) -> bool:
    """Every decision applied, and every journey's run waiting or complete: stopping the
    runner now cancels nothing."""
    with session() as db:
        steps = open_journey_steps(session=db)
        decided = decided_steps(session=db)
        runs = [get_journey(session=db, journey_id=j).flow_run_id for j in journeys.values()]
    return not any(
        stages_with_work(steps.get(j, []), set(decided.get(j, ()))) for j in journeys.values()
    ) and all(_waiting_or_done(run) for run in runs)


def run_demo(*, once: bool, show: Callable[[dict[str, str]], None]) -> None:
    """Run the demo; `show` prints where the journeys stand (the command line's table)."""
    home = get_settings().home.resolve()
    print(f"Starting the local Prefect server ({ui_url()}) and a runner ...")
    server = runner = None
    try:
        server = start_server(home / "server.log")
        runner = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve"],
            env=os.environ,
            stdout=(home / "runner.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        _wait_for_runner()
        _seed_history()
        print("Launching journeys:")
        journeys = _launch_all()
        print("Advisors at work:")
        with ThreadPoolExecutor(max_workers=len(ADVISORS)) as pool:
            list(
                pool.map(
                    lambda item: _act_as_advisors(journeys[item[0]], item[1]), ADVISORS.items()
                )
            )
        give_up = time.monotonic() + PATIENCE_SECONDS
        while not _settled(journeys):
            if time.monotonic() > give_up:
                print("Some journeys are still moving on; the table shows them as they stand.")
                break
            time.sleep(1)
        show(journeys)
        if not once:
            print("Serving journeys; Ctrl-C to stop.")
            runner.wait()
    finally:
        stop(runner, server)


def keep_server() -> None:
    server = start_server(get_settings().home.resolve() / "server.log")
    print(f"Prefect server at {ui_url()}; Ctrl-C to stop.")
    try:
        if server is not None:
            server.wait()
    finally:
        stop(server)
