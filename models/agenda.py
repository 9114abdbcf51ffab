"""The one-visit day: everything a newcomer can do on the day they come to the office.

In the words of a partner who brings newcomers: everything is done on the first day, and
several appointments are rarely needed. A step can be done at the visit when it needs the
newcomer in person (its record lists documents to bring) and everything it waits on is done
already or done earlier the same day. The plan's order is a sensible order: what a step
waits on comes before it.

From the day the newcomer arrives, journeys open all of those steps at once: every partner
sees the step in their work list and the form offers it, and a step is decided once what it
comes after at the visit is decided (tasks/decisions.py), without waiting for the journey.
"""

from dataclasses import dataclass
from datetime import date

from models.status import OPEN, TO_DO
from models.steps import step_spec
from models.tables import JourneyStep, StepStatus


@dataclass(frozen=True)
class Visit:
    step: str
    organisation: str | None
    bring: tuple[str, ...]


@dataclass(frozen=True)
class Blocked:
    step: str
    waits_on: list[str]  # steps not done, and not doable that day


@dataclass(frozen=True)
class DayPlan:
    journey_id: str
    visits: list[Visit]
    blocked: list[Blocked]


def day_plan(journey_id: str, steps: list[JourneyStep]) -> DayPlan:
    doable: set[str] = set()
    visits, blocked = [], []
    ordered = sorted((s for s in steps if s.required), key=lambda s: s.position)
    by_name = {s.step: s for s in ordered}
    for s in ordered:
        if s.status.settled or s.status not in (*TO_DO, *OPEN):
            continue
        spec = step_spec(s.step)
        waits = [d for d in s.depends_on if not by_name[d].status.settled and d not in doable]
        if spec.bring and not waits and s.status is not StepStatus.FAILED:
            doable.add(s.step)
            visits.append(Visit(s.step, s.organisation, spec.bring))
        elif spec.manual or waits:
            blocked.append(Blocked(s.step, waits or [f"a decision of {s.organisation}"]))
    return DayPlan(journey_id, visits, blocked)


def opening_for_visit(steps: list[JourneyStep], arrival: date, today: date) -> set[str]:
    """The steps of the one-visit day still to open, once the newcomer is here."""
    if today < arrival:
        return set()
    # still to open: not yet, or its booking with the partner's system is under way
    pending = {s.step for s in steps if s.status in TO_DO and step_spec(s.step).manual}
    return {visit.step for visit in day_plan("", steps).visits if visit.step in pending}
