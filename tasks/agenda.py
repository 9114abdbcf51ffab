"""The agenda of a day: the newcomers expected then, and what each can do at that visit."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models.agenda import DayPlan, day_plan
from models.tables import Journey, Newcomer
from tasks.database import session
from tasks.journeys import OPEN_JOURNEY, steps_of


@dataclass(frozen=True)
class Expected:
    name: str
    plan: DayPlan


def agenda(day: date) -> list[Expected]:
    """Open journeys of newcomers arriving on `day`, in two queries."""
    with session() as db:
        people = db.exec(  # type: ignore[call-overload]
            select(Journey.id, Newcomer.name)
            .join(Newcomer)
            .where(OPEN_JOURNEY, Newcomer.arrival_date == day)
            .order_by(Journey.year, Journey.number)
        ).all()
        steps = steps_of(session=db, journeys=[journey_id for journey_id, _ in people])
    return [Expected(name, day_plan(journey_id, steps[journey_id])) for journey_id, name in people]
