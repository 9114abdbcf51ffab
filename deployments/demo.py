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

from deployments.fake_authority import FakeAuthority
from deployments.server import start_server, stop
from models.status import stages_with_work
from models.tables import JourneyStep, StepStatus
from tasks import office
from tasks.advisors import add_advisor, find_advisor, identity_on
from tasks.arrivals import read_arrival
from tasks.database import session
from tasks.decisions import AlreadyDecided, decided_steps
from tasks.journeys import find_duplicate, get_journey, journey_steps, open_journey_steps
from tasks.prefect_address import ui_url
from tasks.runs import Serving, read_run, serving
from tasks.settings import get_settings
from tasks.synthetic import RealHistoryExists, seed_history

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "arrivals"
PATIENCE_SECONDS = 240
# Not open to advisors yet: not needed (yet), or being booked with the partner's system.
LATER = (StepStatus.PENDING, StepStatus.SKIPPED, StepStatus.RUNNING, StepStatus.RETRYING)
PROCESS_EXIT = timedelta(seconds=5)  # a flow-run process ends about a second after its run
DEMO_FAILURE_RATE = 0.3  # of calls to the demo's fake partners' systems

# The demo's office: its coordinator first, then one advisor per partner it acts for (made-up
# people; a step of any other organisation is completed by the coordinator).
STAFF: dict[str, str] = {
    "welcome-office-bochum": "Dana Koordinatorin",
    "housing-partner": "Jan Wohnberater",
    "buergerbuero-bochum": "Murat Meldestelle",
    "auslaenderbehoerde-bochum": "Petra Aufenthalt",
    "bezreg-muenster": "Klaus Anerkennung",
    "ihk-fosa": "Ines Fosa",
    "integration-partner": "Aylin Patin",
}
COORDINATOR = "welcome-office-bochum"

# What advisors do in the demo, per newcomer, in order: (step, fields).
ADVISORS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "cook-poland": [
        ("accommodation", {"move_in_date": "2026-11-17"}),
        ("landlord_confirmation", {}),
        ("anmeldung", {}),
        ("recognition_documents", {}),  # filed with the fake authority by ankommen
    ],
    "dentist-venezuela": [  # recognition starts abroad, beside the flat search
        ("recognition_documents", {}),
        ("accommodation", {"move_in_date": "2027-02-15"}),
    ],
    "care-trainee-india": [
        ("employment_approval", {}),  # the Agentur für Arbeit approves her training (§16a)
        ("accommodation", {"move_in_date": "2026-11-02", "temporary": "true"}),
        ("landlord_confirmation", {}),
        ("anmeldung", {}),
        ("residence_permit", {"title": "16a"}),
        ("mentoring", {"programme": "mentoring"}),
    ],
    "physiotherapist-tunisia": [  # the Anmeldung will be overdue
        ("accommodation", {"move_in_date": "2026-11-02"}),
        ("landlord_confirmation", {}),
    ],
    "graduate-rub": [
        ("residence_permit", {"title": "18b"}),
    ],
}


class OfficeNotTheDemos(RuntimeError):
    pass


def _set_up_staff() -> dict[str, str]:
    """The demo's staff ids by organisation, added on its first run (the first is the
    coordinator, who adds the others); an office with advisors of its own is left alone."""
    staff: dict[str, str] = {}
    with session() as db:
        for organisation, name in STAFF.items():
            if (found := find_advisor(db, name)) is None:
                if identity_on(db) and not staff:
                    raise OfficeNotTheDemos(
                        f"this office has advisors of its own; run the demo in a home of its "
                        f"own (ANKOMMEN_HOME, now {get_settings().home})"
                    )
                found = add_advisor(
                    session=db,
                    name=name,
                    organisation=organisation,
                    coordinator=organisation == COORDINATOR,
                    actor=staff.get(COORDINATOR),
                )
                print(
                    f"  {found.id}: {'coordinator' if found.coordinator else 'advisor'} "
                    f"for {organisation}"
                )
            staff[organisation] = found.id
    return staff


def _step(journey_id: str, step: str) -> JourneyStep:
    with session() as db:
        return next(s for s in journey_steps(session=db, journey_id=journey_id) if s.step == step)


def _act_as_advisors(
    journey_id: str, actions: list[tuple[str, dict[str, Any]]], staff: dict[str, str]
) -> None:
    for step, fields in actions:
        give_up = time.monotonic() + PATIENCE_SECONDS
        # A step the plan left out (the letter to post) joins the journey when it is needed;
        # one with a booking opens once the partner's system took it.
        while (current := _step(journey_id, step)).status in LATER:
            if time.monotonic() > give_up:
                raise RuntimeError(f"{journey_id}: {step} never opened")
            time.sleep(1)
        if current.status is StepStatus.WAITING:
            advisor = staff.get(current.organisation or "", staff[COORDINATOR])
            try:
                recorded = office.complete(
                    journey_id, step, {**fields, "advisor": advisor}, source="demo"
                )
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


def _launch_all(coordinator: str) -> dict[str, str]:
    journeys = {}
    for path in sorted(EXAMPLES.glob("*.json")):
        arrival = read_arrival(path)
        with session() as db:
            known = find_duplicate(session=db, arrival=arrival, open_only=False)
        journeys[path.stem] = (
            known or office.launch(arrival, actor=coordinator, source="demo").journey_id
        )
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


def _partners_systems() -> tuple[dict[str, str], FakeAuthority | None]:
    """The runner's environment: the office's own systems' address, or a local fake of them
    that fails a share of calls, as real ones do."""
    if get_settings().authority_url:
        return dict(os.environ), None
    fake = FakeAuthority(failure_rate=DEMO_FAILURE_RATE, failures=("500", "429", "malformed",
                         "lost"), retry_after=1, latency=0.1)  # fmt: skip
    url = fake.serve()
    print(f"The partners' systems: a local fake at {url}, failing "
          f"{DEMO_FAILURE_RATE:.0%} of calls (ankommen fake-authority runs one alone)")  # fmt: skip
    return {**os.environ, "ANKOMMEN_AUTHORITY_URL": url}, fake


def _calls_made(fake: FakeAuthority | None) -> None:
    if fake:
        made = fake.stats()
        print(f"Calls to the partners' systems: {made['requests']}, {made['failed']} failed "
              f"and tried again; {made['filed']} filed or booked, "
              f"{made['duplicates']} twice.")  # fmt: skip


def run_demo(*, once: bool, show: Callable[[dict[str, str]], None]) -> None:
    """Run the demo; `show` prints where the journeys stand (the command line's table)."""
    home = get_settings().home.resolve()
    print(f"Starting the local Prefect server ({ui_url()}) and a runner ...")
    server = runner = None
    try:
        env, fake = _partners_systems()
        server = start_server(home / "server.log")
        runner = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve"],
            env=env,
            stdout=(home / "runner.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        _wait_for_runner()
        _seed_history()
        print("The office's staff (staff ids, as Prefect shows them):")
        staff = _set_up_staff()
        print(f"Launching journeys as coordinator {staff[COORDINATOR]}:")
        journeys = _launch_all(staff[COORDINATOR])
        print("Advisors at work:")
        with ThreadPoolExecutor(max_workers=len(ADVISORS)) as pool:
            list(
                pool.map(
                    lambda item: _act_as_advisors(journeys[item[0]], item[1], staff),
                    ADVISORS.items(),
                )
            )
        give_up = time.monotonic() + PATIENCE_SECONDS
        while not _settled(journeys):
            if time.monotonic() > give_up:
                print("Some journeys are still moving on; the table shows them as they stand.")
                break
            time.sleep(1)
        show(journeys)
        _calls_made(fake)
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
