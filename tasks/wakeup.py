"""Waking a suspended journey so that it applies the decisions recorded for it.

A decision is stored in our database first; then the journey's run is resumed. If the run is
busy (replaying, not Suspended), Prefect refuses the resume, so we wait until it suspends and
try again; the `wake-sleepers` flow does the same on a schedule, in case nobody was waiting.
"""

import time
from enum import StrEnum
from typing import Any
from uuid import UUID

from prefect import get_client, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import NotPausedError, ObjectNotFound
from prefect.flow_runs import resume_flow_run
from sqlmodel import select

from models.tables import Decision
from tasks.database import session
from tasks.decisions import unapplied
from tasks.journeys import get_journey


class Woken(StrEnum):
    APPLIED = "the journey has applied it"
    RESUMED = "the journey resumed"
    BUSY = "the journey is busy; it applies the decision when it next waits"
    STOPPED = "the journey's run has stopped; it applies the decision when the run is retried"


def _wake_input(decision: Decision) -> dict[str, Any]:
    # The decision is already stored; its id tells the journey not to record it again.
    return {**decision.payload, "step": decision.step, "decision_id": decision.id}


def _run_state(flow_run_id: str) -> Any:
    with get_client(sync_client=True) as client:
        try:
            return client.read_flow_run(UUID(flow_run_id)).state
        except ObjectNotFound:
            return None


def wake(journey_id: str, *, patience: float = 30.0, poll: float = 0.5) -> Woken:
    """Resume the journey if a decision waits for it."""
    give_up = time.monotonic() + patience
    while True:
        with session() as db:
            journey = get_journey(session=db, journey_id=journey_id)
        # The run's state first: a run seen suspended has not moved past the decisions below.
        state = _run_state(journey.flow_run_id) if journey.flow_run_id else None
        with session() as db:
            pending = unapplied(session=db, journey_id=journey_id)
        if not pending:
            return Woken.APPLIED
        if state is not None and state.is_paused():
            try:
                resume_flow_run(UUID(journey.flow_run_id), run_input=_wake_input(pending[0]))
                return Woken.RESUMED
            except (NotPausedError, RuntimeError):
                pass  # another wake-up came first and the run moved on: look again
        elif state is not None and state.is_final():
            return Woken.STOPPED
        if time.monotonic() >= give_up:
            return Woken.BUSY
        time.sleep(poll)


@task(cache_policy=NO_CACHE)
def wake_all() -> int:
    """Resume every suspended journey that has a decision it has not applied."""
    with session() as db:
        statement = select(Decision.journey_id).where(Decision.applied_at.is_(None)).distinct()  # type: ignore[union-attr]
        journey_ids = list(db.exec(statement))
    woken = [
        journey_id for journey_id in journey_ids if wake(journey_id, patience=0) is Woken.RESUMED
    ]
    return len(woken)
