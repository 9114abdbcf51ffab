"""Storing and reading journeys: the newcomer, the case number, the planned steps."""

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, true
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.agenda import opening_for_visit
from models.arrival import Arrival
from models.plan import Plan
from models.steps import step_spec
from models.tables import Journey, JourneyStep, Newcomer, StepEvent, StepStatus

CASE_NUMBER_ATTEMPTS = 5
OPEN_JOURNEY = Journey.finished_on.is_(None)  # type: ignore[union-attr]


class UnknownJourney(LookupError):
    def __init__(self, journey_id: str) -> None:
        super().__init__(f"no journey '{journey_id}'; `ankommen status` lists the open ones")


class ArrivalRefused(ValueError):
    """An arrival that cannot be launched; nothing was stored."""


class FastTrackTooLate(ArrivalRefused):
    def __init__(self, arrival_date: date) -> None:
        super().__init__(
            f"fast_track: the accelerated procedure (§81a AufenthG) is launched before entry; "
            f"the arrival date {arrival_date.isoformat()} has come"
        )


class DuplicateArrival(ArrivalRefused):
    def __init__(self, journey_id: str) -> None:
        self.journey_id = journey_id
        super().__init__(
            f"this newcomer already has the open journey {journey_id} "
            "(same name and birth date, or same e-mail)"
        )


def case_number(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def find_duplicate(*, session: Session, arrival: Arrival, open_only: bool = True) -> str | None:
    """The journey of the same person: same name and birth date (or, without a birth date,
    the same name and arrival date), or the same e-mail; an open one, or with
    `open_only=False` also a finished one."""
    same_person = [
        and_(
            Newcomer.name == arrival.name,
            Newcomer.birth_date == arrival.birth_date,
            true() if arrival.birth_date else Newcomer.arrival_date == arrival.arrival_date,
        )
    ]
    if arrival.email:
        same_person.append(func.lower(Newcomer.email) == arrival.email.lower())
    statement = select(Journey.id).join(Newcomer).where(or_(*same_person))
    if open_only:
        statement = statement.where(OPEN_JOURNEY)
    return session.exec(statement).first()


def create_journey(
    *,
    session: Session,
    arrival: Arrival,
    plan: Plan,
    prefix: str,
    today: date,
    cohort: str | None = None,
    actor: str = "",
    source: str = "cli",
) -> Journey:
    """Store the newcomer and the planned steps under a new case number, and commit; raise
    ArrivalRefused, storing nothing."""
    if duplicate := find_duplicate(session=session, arrival=arrival):
        raise DuplicateArrival(duplicate)
    if arrival.fast_track and arrival.arrival_date <= today:
        raise FastTrackTooLate(arrival.arrival_date)
    for _ in range(CASE_NUMBER_ATTEMPTS):
        try:
            journey = _insert(
                session=session, arrival=arrival, plan=plan, prefix=prefix, today=today
            )
            journey.cohort = cohort
            detail = f"cohort {cohort}" if cohort else ""
            session.add(
                StepEvent(
                    journey_id=journey.id,
                    step="-",
                    event="launched",
                    detail=detail,
                    actor=actor or "-",
                    source=source,
                )
            )
            session.commit()
            return journey
        except IntegrityError:  # another coordinator took the number at the same moment
            session.rollback()
    raise RuntimeError("could not allocate a case number; try again")


def _insert(*, session: Session, arrival: Arrival, plan: Plan, prefix: str, today: date) -> Journey:
    occupation = arrival.occupation
    newcomer = Newcomer(
        **arrival.model_dump(exclude={"already_done"}),
        profession_key=occupation.key if occupation else None,
    )
    session.add(newcomer)
    session.flush()
    year = today.year
    # Synthetic demo journeys number apart (tasks/synthetic.py): real ones count on their own.
    last = session.exec(
        select(func.max(Journey.number)).where(Journey.year == year, ~Journey.synthetic)  # type: ignore[arg-type]
    ).one()
    number = (last or 0) + 1
    journey = Journey(
        id=case_number(prefix, year, number),
        year=year,
        number=number,
        newcomer_id=newcomer.id,  # type: ignore[arg-type]
        launched_on=today,
        ready_steps=plan.ready_steps,
        course_days=plan.course_days,
    )
    session.add(journey)
    session.flush()
    for position, planned in enumerate(plan.steps()):
        status = StepStatus.PENDING if planned.required else StepStatus.SKIPPED
        session.add(
            JourneyStep(
                journey_id=journey.id,
                position=position,
                stage=step_spec(planned.step).stage.value,
                step=planned.step,
                organisation=planned.organisation,
                required=planned.required,
                depends_on=planned.depends_on,
                status=status,
                due=planned.deadline,
                note=planned.why,
                documents=planned.documents,
            )
        )
        if not planned.required:
            session.add(
                StepEvent(
                    journey_id=journey.id, step=planned.step, event="skipped", detail=planned.why
                )
            )
    return journey


def get_journey(*, session: Session, journey_id: str) -> Journey:
    journey = session.get(Journey, journey_id)
    if journey is None:
        raise UnknownJourney(journey_id)
    return journey


def get_newcomer(*, session: Session, journey: Journey) -> Newcomer:
    newcomer = session.get(Newcomer, journey.newcomer_id)
    assert newcomer is not None  # foreign key
    return newcomer


def visiting(
    *, session: Session, journey: Journey, steps: list[JourneyStep], today: date
) -> set[str]:
    """The journey's steps to open for the one-visit day (models/agenda.py)."""
    arrival = get_newcomer(session=session, journey=journey).arrival_date
    return opening_for_visit(steps, arrival, today)


def journey_steps(*, session: Session, journey_id: str) -> list[JourneyStep]:
    statement = select(JourneyStep).where(JourneyStep.journey_id == journey_id)
    return list(session.exec(statement.order_by(JourneyStep.position)))


def steps_of(*, session: Session, journeys: list[str]) -> dict[str, list[JourneyStep]]:
    """The steps of the journeys given, in one query, each journey's in its plan's order."""
    found: dict[str, list[JourneyStep]] = {journey_id: [] for journey_id in journeys}
    statement = select(JourneyStep).where(JourneyStep.journey_id.in_(journeys))  # type: ignore[attr-defined]
    for step in session.exec(statement.order_by(JourneyStep.journey_id, JourneyStep.position)):
        found[step.journey_id].append(step)
    return found


def past_due(today: date) -> Any:
    """A step past its deadline and not done: what makes a journey overdue."""
    return and_(
        JourneyStep.due < today,  # type: ignore[operator]
        JourneyStep.status.not_in((StepStatus.DONE, StepStatus.SKIPPED)),  # type: ignore[attr-defined]
    )


def step_events(*, session: Session, journey_id: str) -> list[StepEvent]:
    statement = select(StepEvent).where(StepEvent.journey_id == journey_id)
    return list(session.exec(statement.order_by(StepEvent.at, StepEvent.id)))


def open_journeys(*, session: Session) -> list[Journey]:
    statement = select(Journey).where(OPEN_JOURNEY)
    return list(session.exec(statement.order_by(Journey.year, Journey.number)))


def attach_flow_run(*, session: Session, journey_id: str, flow_run_id: str) -> None:
    journey = get_journey(session=session, journey_id=journey_id)
    journey.flow_run_id = flow_run_id
    session.add(journey)
    session.commit()


def open_journey_steps(*, session: Session) -> dict[str, list[JourneyStep]]:
    """The steps of every open journey, in one query."""
    statement = (
        select(JourneyStep)
        .join(Journey)
        .where(OPEN_JOURNEY)
        .order_by(JourneyStep.journey_id, JourneyStep.position)
    )
    found: dict[str, list[JourneyStep]] = {}
    for step in session.exec(statement):
        found.setdefault(step.journey_id, []).append(step)
    return found


def open_journey_arrivals(*, session: Session) -> dict[str, date]:
    """When each open journey's newcomer arrives (or arrived): the one-visit day."""
    statement = select(Journey.id, Newcomer.arrival_date).join(Newcomer).where(OPEN_JOURNEY)
    return dict(session.exec(statement).all())


def open_journey_names(*, session: Session) -> dict[str, str]:
    """Newcomers' names by case number, for a coordinator's page that asks for them."""
    statement = select(Journey.id, Newcomer.name).join(Newcomer).where(OPEN_JOURNEY)
    return dict(session.exec(statement).all())
