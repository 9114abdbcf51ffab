"""Where journeys stand, for `ankommen status`: a page of journeys, overdue ones first, in a
few queries whatever the number of journeys (filter, count and page in the database, then the
steps, decisions and newcomers of that page only), and one journey in detail.

Reads only our database: looking needs neither Prefect nor a network.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlmodel import Session

from models.forecast import Forecast
from models.organisations import known_organisation
from models.status import OPEN, JourneySummary, summarise
from models.staying import StayingOutlook, journey_outlook
from models.steps import Stage
from models.tables import Journey, JourneyStep, Newcomer, StepEvent
from tasks.database import session
from tasks.decisions import decided_steps, unapplied
from tasks.forecasts import journey_forecast
from tasks.journeys import (
    OPEN_JOURNEY,
    get_journey,
    get_newcomer,
    journey_steps,
    past_due,
    step_events,
    steps_of,
)
from tasks.settings import get_settings

DEFAULT_LIMIT = 50


class BadFilter(ValueError):
    pass


@dataclass(frozen=True)
class StatusFilter:
    organisation: str | None = None  # an open step waits on it
    stage: str | None = None  # an open step in it
    overdue: bool = False
    cohort: str | None = None
    finished: bool = False  # include finished journeys
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if self.organisation is not None:
            known_organisation(self.organisation)
        if self.stage is not None and self.stage not in Stage.__members__.values():
            stages = ", ".join(Stage)
            raise BadFilter(f"unknown stage '{self.stage}'; stages are: {stages}")
        if self.limit < 1 or self.offset < 0:
            raise BadFilter("--limit must be at least 1 and --offset at least 0")


@dataclass(frozen=True)
class StatusPage:
    rows: list[tuple[JourneySummary, Newcomer]]
    total: int  # journeys that match the filter
    overdue: int  # of which overdue
    filter: StatusFilter


@dataclass(frozen=True)
class JourneyDetail:
    summary: JourneySummary
    newcomer: Newcomer
    steps: list[JourneyStep]
    events: list[StepEvent]
    forecast: Forecast
    staying: StayingOutlook  # when the newcomer may apply to stay for good
    today: date  # the office's day the detail was read on


def _matching(wanted: StatusFilter, overdue_ids: Select) -> Select:
    statement = select(Journey.id, Journey.year, Journey.number)
    if not wanted.finished:
        statement = statement.where(OPEN_JOURNEY)
    open_steps = select(JourneyStep.journey_id).where(JourneyStep.status.in_(OPEN))  # type: ignore[attr-defined]
    if wanted.organisation:
        waits = open_steps.where(JourneyStep.organisation == wanted.organisation)
        statement = statement.where(Journey.id.in_(waits))  # type: ignore[attr-defined]
    if wanted.stage:
        in_stage = open_steps.where(JourneyStep.stage == wanted.stage)
        statement = statement.where(Journey.id.in_(in_stage))  # type: ignore[attr-defined]
    if wanted.overdue:
        statement = statement.where(Journey.id.in_(overdue_ids))  # type: ignore[attr-defined]
    if wanted.cohort:
        statement = statement.where(Journey.cohort == wanted.cohort)
    return statement


def _overdue_ids(today: date) -> Select:
    return select(JourneyStep.journey_id).where(past_due(today))


def status_page(wanted: StatusFilter) -> StatusPage:
    today = get_settings().current_date()
    overdue_ids = _overdue_ids(today)
    with session() as db:
        matching = _matching(wanted, overdue_ids).subquery()
        late = case((matching.c.id.in_(overdue_ids), 1), else_=0)
        total, overdue = db.exec(  # type: ignore[call-overload]
            select(func.count(), func.coalesce(func.sum(late), 0)).select_from(matching)
        ).one()
        page = list(
            db.exec(  # type: ignore[call-overload]
                select(matching.c.id)
                .order_by(late.desc(), matching.c.year, matching.c.number)
                .limit(wanted.limit)
                .offset(wanted.offset)
            ).scalars()
        )
        rows = _summaries(db, page, today)
    return StatusPage(rows, total, overdue, wanted)


def _summaries(db: Session, page: list[str], today: date) -> list[tuple[JourneySummary, Newcomer]]:
    """The page's journeys summed up: three queries for the whole page."""
    steps = steps_of(session=db, journeys=page)
    decided = decided_steps(session=db, journeys=page)
    newcomers = dict(
        db.exec(  # type: ignore[call-overload]
            select(Journey.id, Newcomer).join(Newcomer).where(Journey.id.in_(page))  # type: ignore[attr-defined]
        ).all()
    )
    return [
        (
            summarise(j, steps[j], today, decided.get(j, frozenset())),  # type: ignore[arg-type]
            newcomers[j],
        )
        for j in page
    ]


def detail(journey_id: str) -> JourneyDetail:
    """One journey with its steps and history (raises UnknownJourney)."""
    today = get_settings().current_date()
    with session() as db:
        journey = get_journey(session=db, journey_id=journey_id)
        steps = journey_steps(session=db, journey_id=journey_id)
        decided = frozenset(d.step for d in unapplied(session=db, journey_id=journey_id))
        newcomer = get_newcomer(session=db, journey=journey)
        return JourneyDetail(
            summary=summarise(journey_id, steps, today, decided),
            newcomer=newcomer,
            steps=steps,
            events=step_events(session=db, journey_id=journey_id),
            forecast=journey_forecast(db, journey, steps, decided, today),
            staying=journey_outlook(newcomer=newcomer, steps=steps),
            today=today,
        )


def cohorts() -> list[str]:
    with session() as db:
        query = select(Journey.cohort).where(Journey.cohort.is_not(None)).distinct()  # type: ignore[union-attr]
        return sorted(db.exec(query).scalars())  # type: ignore[call-overload]
