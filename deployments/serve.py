"""Serving the journeys: one long-lived runner process that starts a short-lived process for
each journey run or resume. Suspended journeys hold no process and no slot of `limit`."""

from prefect import serve

from flows.journey import journey
from flows.wake_sleepers import wake_sleepers

WAKE_SLEEPERS_EVERY_SECONDS = 60


def serve_journeys(limit: int) -> None:
    serve(
        journey.to_deployment(name="journey", tags=["journey"]),
        wake_sleepers.to_deployment(name="wake-sleepers", interval=WAKE_SLEEPERS_EVERY_SECONDS),
        limit=limit,
    )
