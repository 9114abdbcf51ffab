"""A legal clock on a step (models/steps.py `Step.clock`: the recognition's 3 months from
complete documents, §6(3) BQFG): it stops while the authority waits on the newcomer for more
documents (a Nachforderung), and the deadline moves by the days it stood still; it may be
extended once, where the case justifies it. The history says why each time.

While stopped, the step has no deadline (nothing is overdue while the newcomer is asked), and
the deadline as it stood is kept. Each change is one UPDATE that only applies to the clock as
it was read: of two advisors acting at once, exactly one does, the other is told.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from models.steps import step_spec
from models.tables import JourneyStep, StepEvent, StepStatus
from tasks.advisors import named_actor
from tasks.decisions import DecisionRefused
from tasks.journeys import get_journey


class ClockRefused(DecisionRefused):
    """The clock cannot be changed so; nothing was changed."""


@dataclass(frozen=True)
class ClockMoved:
    step: str
    due: date | None  # None while it is stopped
    said: str  # what happened, for the history and the answer


def _clocked(session: Session, journey_id: str) -> JourneyStep:
    """The journey's step with a running legal clock."""
    get_journey(session=session, journey_id=journey_id)
    rows = session.exec(select(JourneyStep).where(JourneyStep.journey_id == journey_id)).all()
    clocked = [row for row in rows if step_spec(row.step).clock and row.required]
    if not clocked:
        raise ClockRefused(f"{journey_id} has no step with a legal clock")
    row = clocked[0]
    if row.status is not StepStatus.WAITING or (row.due is None and row.paused_since is None):
        raise ClockRefused(
            f"the clock of {row.step} of {journey_id} is not running "
            f"(the step is {row.status.value}; it runs once the documents are complete)"
        )
    return row


def _change(
    session: Session, row: JourneyStep, event: str, said: str, who: str, **values: object
) -> None:
    """Change the clock as it was read, or tell that someone else changed it first."""
    changed = session.exec(  # type: ignore[call-overload]
        update(JourneyStep)
        .where(
            JourneyStep.id == row.id,  # type: ignore[arg-type]
            JourneyStep.due == row.due if row.due else JourneyStep.due.is_(None),  # type: ignore[union-attr]
            JourneyStep.paused_since == row.paused_since
            if row.paused_since
            else JourneyStep.paused_since.is_(None),  # type: ignore[union-attr]
            JourneyStep.extended_on.is_(None)  # type: ignore[union-attr]
            if row.extended_on is None
            else JourneyStep.extended_on == row.extended_on,
        )
        .values(**values)
    ).rowcount
    if changed != 1:
        session.rollback()
        raise ClockRefused(f"the clock of {row.step} of {row.journey_id} was changed just now")
    session.add(StepEvent(journey_id=row.journey_id, step=row.step, event=event, detail=said,
                          actor=who, source="cli"))  # fmt: skip
    session.commit()


def _day(day: date, row: JourneyStep, today: date) -> date:
    if day > today:
        raise ClockRefused(f"{day.isoformat()} lies in the future (today is {today.isoformat()})")
    if row.opened_on and day < row.opened_on:
        raise ClockRefused(
            f"{day.isoformat()} lies before {row.step} began ({row.opened_on.isoformat()})"
        )
    return day


def pause(
    *, session: Session, journey_id: str, on: date, reason: str, actor: str | None, today: date
) -> ClockMoved:
    row = _clocked(session, journey_id)
    who = named_actor(session, actor, row.organisation, "acts")
    if not reason.strip():
        raise ClockRefused("say what the authority asked for: --reason")
    if row.paused_since:
        raise ClockRefused(
            f"the clock of {row.step} of {journey_id} stands since "
            f"{row.paused_since.isoformat()} already"
        )
    day = _day(on, row, today)
    said = (
        f"paused {day.isoformat()}: Nachforderung, {row.organisation} waits on the newcomer "
        f"for {reason.strip()} (due was {row.due.isoformat()})"  # type: ignore[union-attr]
    )
    _change(session, row, "paused", said, who, paused_since=day, paused_due=row.due, due=None)
    return ClockMoved(row.step, None, said)


def resume(
    *, session: Session, journey_id: str, on: date, actor: str | None, today: date
) -> ClockMoved:
    row = _clocked(session, journey_id)
    who = named_actor(session, actor, row.organisation, "acts")
    if row.paused_since is None or row.paused_due is None:
        raise ClockRefused(f"the clock of {row.step} of {journey_id} is not paused")
    day = _day(on, row, today)
    if day < row.paused_since:
        raise ClockRefused(
            f"{day.isoformat()} lies before the pause began ({row.paused_since.isoformat()})"
        )
    stood = (day - row.paused_since).days
    due = row.paused_due + timedelta(days=stood)
    said = (
        f"resumed {day.isoformat()}: the documents arrived after {stood} days; "
        f"due {due.isoformat()} (was {row.paused_due.isoformat()})"
    )
    _change(session, row, "resumed", said, who, paused_since=None, paused_due=None, due=due)
    return ClockMoved(row.step, due, said)


def extend(
    *,
    session: Session,
    journey_id: str,
    until: date,
    reason: str,
    actor: str | None,
    today: date,
) -> ClockMoved:
    row = _clocked(session, journey_id)
    who = named_actor(session, actor, row.organisation, "acts")
    law = step_spec(row.step).clock
    if not reason.strip():
        raise ClockRefused("say why the case justifies it: --reason")
    if row.extended_on:
        raise ClockRefused(
            f"the deadline of {row.step} of {journey_id} was extended on "
            f"{row.extended_on.isoformat()} already; once is allowed ({law})"
        )
    if row.paused_since:
        raise ClockRefused(f"the clock of {row.step} of {journey_id} stands: resume it first")
    assert row.due is not None  # a running clock
    if until <= row.due:
        raise ClockRefused(
            f"an extension moves the deadline later than {row.due.isoformat()}, "
            f"not to {until.isoformat()}"
        )
    said = (
        f"extended {today.isoformat()}: due {until.isoformat()} (was {row.due.isoformat()}), "
        f"{reason.strip()}"
    )
    _change(session, row, "extended", said, who, due=until, extended_on=today)
    return ClockMoved(row.step, until, said)
