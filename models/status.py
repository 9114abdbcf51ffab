"""Where a journey stands, worked out from its steps and today's date (injected, never read)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models.deadlines import days_left
from models.tables import JourneyStep, StepStatus, as_utc


class JourneyState(StrEnum):
    STARTING = "starting"  # launched, no step open yet
    WAITING = "waiting"
    RETRYING = "retrying"
    FAILED = "failed"
    DONE = "done"


@dataclass(frozen=True)
class JourneySummary:
    journey_id: str
    state: JourneyState
    waits_on: list[str]  # "step (organisation)"
    since: date | None  # the oldest open step has waited since
    next_due: date | None
    days_to_due: int | None
    overdue: list[str]


def waits_on(step: JourneyStep, steps: dict[str, JourneyStep]) -> list[str]:
    """The steps this one depends on that are not settled yet."""
    return [name for name in step.depends_on if not steps[name].status.settled]


def ready(step: JourneyStep, steps: dict[str, JourneyStep]) -> bool:
    """Not settled, and nothing left to wait on: the step can be opened or run."""
    return not step.status.settled and not waits_on(step, steps)


def _state(steps: list[JourneyStep]) -> JourneyState:
    statuses = {step.status for step in steps}
    if StepStatus.FAILED in statuses:
        return JourneyState.FAILED
    if StepStatus.RETRYING in statuses:
        return JourneyState.RETRYING
    if all(status.settled for status in statuses):
        return JourneyState.DONE
    if StepStatus.WAITING in statuses:
        return JourneyState.WAITING
    return JourneyState.STARTING


def summarise(journey_id: str, steps: list[JourneyStep], today: date) -> JourneySummary:
    open_steps = [
        s for s in steps if s.status in (StepStatus.WAITING, StepStatus.RETRYING, StepStatus.FAILED)
    ]
    dues = sorted(s.due for s in steps if s.due and not s.status.settled)
    return JourneySummary(
        journey_id=journey_id,
        state=_state(steps),
        waits_on=[f"{s.step} ({s.organisation})" for s in open_steps],
        since=min((as_utc(s.since).date() for s in open_steps), default=None),
        next_due=dues[0] if dues else None,
        days_to_due=days_left(dues[0], today) if dues else None,
        overdue=[s.step for s in steps if s.due and not s.status.settled and s.due < today],
    )
