"""Forecasts from our database: the measured history (one grouped query), one journey's
forecast, every open journey's for the report, and the back-test on finished journeys."""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from models.forecast import (
    Forecast,
    History,
    JourneyFacts,
    LegalLimits,
    Outlook,
    StepFacts,
    as_it_stood,
    forecast,
    ready_date,
)
from models.tables import Journey, JourneyStep, Newcomer, StepStatus
from tasks.decisions import decided_steps
from tasks.journeys import OPEN_JOURNEY
from tasks.sql_dates import days_between

MEASURED = (
    JourneyStep.status == StepStatus.DONE,
    JourneyStep.opened_on.is_not(None),  # type: ignore[union-attr]
    JourneyStep.settled_on.is_not(None),  # type: ignore[union-attr]
)


STEP_COLUMNS = [JourneyStep.journey_id, *(getattr(JourneyStep, f) for f in StepFacts._fields)]


def history(db: Session) -> History:
    days = days_between(JourneyStep.settled_on, JourneyStep.opened_on)
    query = (
        select(JourneyStep.step, JourneyStep.organisation, days, func.count())
        .where(*MEASURED)
        .group_by(JourneyStep.step, JourneyStep.organisation, days)
    )
    cases: dict[tuple[str, str | None], dict[int, int]] = {}
    for step, organisation, n_days, count in db.exec(query):  # type: ignore[call-overload]
        cases.setdefault((step, organisation), {})[n_days] = count
    return History(cases)


def _facts(arrival: date, journey: Journey, decided: frozenset[str]) -> JourneyFacts:
    return JourneyFacts(arrival, journey.ready_steps, journey.course_days, decided)


def _steps_of(db: Session, journeys: Iterable[str]) -> dict[str, list[StepFacts]]:
    found: dict[str, list[StepFacts]] = {}
    query = select(*STEP_COLUMNS).where(JourneyStep.journey_id.in_(list(journeys)))  # type: ignore[attr-defined]
    for row in db.exec(query):  # type: ignore[call-overload]
        found.setdefault(row[0], []).append(StepFacts(*row[1:]))
    return found


def open_forecasts(db: Session, today: date, cohort: str | None = None) -> list[Outlook]:
    """Every open journey's forecast (of one cohort, if given), with the groups it belongs
    to: four queries in all."""
    durations = history(db)
    wanted = [OPEN_JOURNEY, *([Journey.cohort == cohort] if cohort else [])]
    query = select(Journey, Newcomer.employer, Newcomer.arrival_date).join(Newcomer)
    journeys = list(db.exec(query.where(*wanted).order_by(Journey.year, Journey.number)))  # type: ignore[call-overload]
    steps = _steps_of_open(db, wanted)
    decided = decided_steps(session=db)
    return [
        Outlook(
            journey.id,
            {"employer": employer, "cohort": journey.cohort},
            forecast(
                steps.get(journey.id, []),
                _facts(arrival, journey, decided.get(journey.id, frozenset())),
                durations,
                today,
            ),
        )
        for journey, employer, arrival in journeys
    ]


def _steps_of_open(db: Session, wanted: list[Any]) -> dict[str, list[StepFacts]]:
    found: dict[str, list[StepFacts]] = {}
    query = select(*STEP_COLUMNS).join(Journey).where(*wanted, JourneyStep.required)
    for row in db.connection().execute(query):  # the core: no ORM bookkeeping per row
        found.setdefault(row[0], []).append(StepFacts(*row[1:]))
    return found


def journey_forecast(
    db: Session, journey: Journey, steps: list[JourneyStep], decided: frozenset[str], today: date
) -> Forecast:
    arrival = db.exec(select(Newcomer.arrival_date).where(Newcomer.id == journey.newcomer_id)).one()  # type: ignore[call-overload]
    facts = _facts(arrival[0], journey, decided)
    return forecast([StepFacts.of(s) for s in steps], facts, history(db), today)


@dataclass(frozen=True)
class Backtest:
    journeys: int
    synthetic: int  # of which made up by the demo
    ours: float  # mean absolute error of the likely ready-to-work date, days
    baseline: float  # the same for the naive legal-limits baseline
    within: float  # share of actual dates within our likely-to-late interval (or earlier)


def backtest(db: Session) -> Backtest | None:
    """Replay each finished journey from its launch day, with the history measured before
    that day only, and compare the forecast ready-to-work date with the actual one.
    None when no finished journey had anything to wait for before it could work."""
    query = (
        select(Journey, Newcomer.arrival_date)
        .join(Newcomer)
        .where(Journey.finished_on.is_not(None))
    )  # type: ignore[union-attr]
    finished = [(j, a) for j, a in db.exec(query.order_by(Journey.launched_on)) if j.ready_steps]  # type: ignore[call-overload]
    if not finished:
        return None
    steps = _steps_of(db, [j.id for j, _ in finished])
    measured = deque(_measured(db))
    cases: dict[tuple[str, str | None], dict[int, int]] = {}
    errors_ours, errors_base, inside = [], [], 0
    for journey, arrival in finished:
        while measured and measured[0][0] < journey.launched_on:
            _settled, step, organisation, days = measured.popleft()
            tally = cases.setdefault((step, organisation), {})
            tally[days] = tally.get(days, 0) + 1
        mine = [s for s in steps.get(journey.id, []) if s.required]
        facts = _facts(arrival, journey, frozenset())
        actual = ready_date({s.step: s.settled_on or journey.launched_on for s in mine}, facts)
        then = [as_it_stood(s, journey.launched_on) for s in mine]
        ours = forecast(then, facts, History(cases), journey.launched_on).ready
        base = forecast(then, facts, LegalLimits(), journey.launched_on).ready
        errors_ours.append(abs((ours.likely - actual).days))
        errors_base.append(abs((base.likely - actual).days))
        inside += actual <= ours.late
    return Backtest(
        journeys=len(finished),
        synthetic=sum(j.synthetic for j, _ in finished),
        ours=sum(errors_ours) / len(finished),
        baseline=sum(errors_base) / len(finished),
        within=inside / len(finished),
    )


def _measured(db: Session) -> list[tuple[date, str, str | None, int]]:
    days = days_between(JourneyStep.settled_on, JourneyStep.opened_on)
    query = select(JourneyStep.settled_on, JourneyStep.step, JourneyStep.organisation, days)
    return [tuple(row) for row in db.exec(query.where(*MEASURED).order_by(JourneyStep.settled_on))]  # type: ignore[call-overload, misc]
