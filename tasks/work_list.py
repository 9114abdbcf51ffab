"""An organisation's work list: its open manual steps, overdue ones first, in one query.

What an advisor opens in the morning: which newcomer waits on us for what, since when, until
when. Case numbers, never run ids.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlmodel import Session

from models.organisations import known_organisation
from models.steps import STEPS, step_spec
from models.tables import Journey, JourneyStep, Newcomer, StepStatus
from tasks.advisors import find_advisor
from tasks.database import session
from tasks.journeys import OPEN_JOURNEY
from tasks.settings import get_settings

MANUAL = [spec.name for spec in STEPS if spec.manual]


class NotManual(ValueError):
    def __init__(self, step: str) -> None:
        super().__init__(f"{step} is done by ankommen itself: it is on nobody's work list")


@dataclass(frozen=True)
class WorkFilter:
    organisation: str
    step: str | None = None
    cohort: str | None = None
    overdue: bool = False
    claimed_by: str | None = None
    unclaimed: bool = False
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        known_organisation(self.organisation)
        if self.step is not None and not step_spec(self.step).manual:
            raise NotManual(self.step)


@dataclass(frozen=True)
class WorkItem:
    journey_id: str
    newcomer: str
    step: str
    status: StepStatus
    since: date | None
    due: date | None
    cohort: str | None
    claimed_by: str | None

    def overdue(self, today: date) -> bool:
        return bool(self.due and self.due < today)


def work_list(wanted: WorkFilter) -> tuple[list[WorkItem], int]:
    """A page of the organisation's open manual steps, and how many there are in all."""
    with session() as db:
        return _page(db, wanted)


def _page(db: Session, wanted: WorkFilter) -> tuple[list[WorkItem], int]:
    today = get_settings().current_date()
    late = JourneyStep.due < today  # type: ignore[operator]
    conditions = [
        OPEN_JOURNEY,
        JourneyStep.organisation == wanted.organisation,
        JourneyStep.status.in_((StepStatus.WAITING, StepStatus.FAILED)),  # type: ignore[attr-defined]
        JourneyStep.step.in_(MANUAL),  # type: ignore[attr-defined]
    ]
    if wanted.step:
        conditions.append(JourneyStep.step == wanted.step)
    if wanted.cohort:
        conditions.append(Journey.cohort == wanted.cohort)
    if wanted.overdue:
        conditions.append(late)
    if wanted.claimed_by:
        advisor = find_advisor(db, wanted.claimed_by)
        conditions.append(JourneyStep.claimed_by == (advisor.id if advisor else wanted.claimed_by))
    if wanted.unclaimed:
        conditions.append(JourneyStep.claimed_by.is_(None))  # type: ignore[union-attr]
    query = (
        select(
            JourneyStep.journey_id,
            Newcomer.name,
            JourneyStep.step,
            JourneyStep.status,
            JourneyStep.opened_on,
            JourneyStep.due,
            Journey.cohort,
            JourneyStep.claimed_by,
        )
        .join(Journey, Journey.id == JourneyStep.journey_id)  # type: ignore[arg-type]
        .join(Newcomer, Newcomer.id == Journey.newcomer_id)  # type: ignore[arg-type]
        .where(*conditions)
    )
    total = db.exec(select(func.count()).select_from(query.subquery())).scalar_one()  # type: ignore[call-overload]
    rows = db.exec(  # type: ignore[call-overload]
        query.order_by(
            case((late, 0), else_=1),
            JourneyStep.due.is_(None),
            JourneyStep.due,  # type: ignore[union-attr]
            JourneyStep.opened_on,
            JourneyStep.journey_id,
        )
        .limit(wanted.limit)
        .offset(wanted.offset)
    ).all()
    return [WorkItem(*row) for row in rows], total
