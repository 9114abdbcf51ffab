"""Serving the journeys: one long-lived runner process that starts a short-lived process for
each journey run or resume. Suspended journeys hold no process and no slot of `limit`.

The keeper runs hourly, and once as the runner starts, so that journeys a crash left behind
move on as soon as a runner is back."""

import threading
import time

from prefect import serve
from prefect.deployments import run_deployment

from flows.journey import journey
from flows.keeper import keeper
from tasks.runs import PrefectUnreachable, Serving, serving

KEEPER_EVERY_SECONDS = 3600
REGISTER_PATIENCE_SECONDS = 120


def _keep_once_registered() -> None:
    give_up = time.monotonic() + REGISTER_PATIENCE_SECONDS
    while serving() is not Serving.READY and time.monotonic() < give_up:
        time.sleep(1)
    try:
        run_deployment("keeper/keeper", timeout=0, flow_run_name="keeper (runner started)")
    except (PrefectUnreachable, OSError):
        pass  # the hourly schedule runs it


def serve_journeys(limit: int) -> None:
    threading.Thread(target=_keep_once_registered, daemon=True).start()
    serve(
        journey.to_deployment(name="journey", tags=["journey"]),
        keeper.to_deployment(name="keeper", interval=KEEPER_EVERY_SECONDS),
        limit=limit,
    )
