"""Advisors' decisions: checked, then stored durably before any journey applies them.

The unique (journey, step) row is what makes two advisors completing the same step at once
safe: exactly one insert wins, the other is told who was first.
"""

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.decisions import fill_today
from models.plausibility import happened, implausible
from models.status import waits_on
from models.steps import step_spec
from models.tables import Decision, JourneyStep, StepEvent, StepStatus, utcnow
from models.validation import describe
from tasks.advisors import ActorRefused, acting_for
from tasks.journeys import get_journey, get_newcomer, journey_steps
from tasks.settings import office_time


class DecisionRefused(ValueError):
    """A decision that cannot be taken; nothing was changed."""


class StepNotOpen(DecisionRefused):
    pass


class AlreadyDecided(DecisionRefused):
    def __init__(self, winner: Decision) -> None:
        pending = "" if winner.applied_at else "; the journey applies it when it next runs"
        super().__init__(
            f"{winner.step} of {winner.journey_id} was already completed by {winner.advisor} "
            f"at {office_time(winner.submitted_at)} ({winner.source}){pending}"
        )


class InvalidDecision(DecisionRefused):
    def __init__(self, step: str, error: ValidationError) -> None:
        super().__init__(f"invalid decision for {step}: {'; '.join(describe(error))}")


def why_not_open(step: JourneyStep, steps: list[JourneyStep], decided: set[str]) -> str | None:
    """None if an advisor may decide the step now, else the reason why not. A step opened for
    the one-visit day before what it waits on is done may be decided once that is decided
    (`decided`: recorded, not yet applied by the journey)."""
    if step.status is StepStatus.SKIPPED:
        return f"{step.step} is not needed for this journey ({step.note})"
    if not step_spec(step.step).manual:
        return f"{step.step} is done by ankommen itself, not by an advisor"
    pending = waits_on(step, {other.step: other for other in steps})
    if pending and step.status is not StepStatus.WAITING:
        return f"{step.step} is not open yet: it waits on {', '.join(pending)}"
    if undecided := [name for name in pending if name not in decided]:
        return f"{step.step} comes after {', '.join(undecided)} at the visit: decide that first"
    return None


def winner(*, session: Session, journey_id: str, step: str) -> Decision | None:
    statement = select(Decision).where(Decision.journey_id == journey_id, Decision.step == step)
    return session.exec(statement).first()


def record_decision(
    *,
    session: Session,
    journey_id: str,
    step: str,
    data: dict[str, Any],
    source: str,
    today: date,
) -> Decision:
    """Validate and store a decision, and commit; raise DecisionRefused changing nothing."""
    spec = step_spec(step)
    get_journey(session=session, journey_id=journey_id)
    steps = journey_steps(session=session, journey_id=journey_id)
    row = next(s for s in steps if s.step == step)
    if earlier := winner(session=session, journey_id=journey_id, step=step):
        raise AlreadyDecided(earlier)
    decided = {d.step for d in unapplied(session=session, journey_id=journey_id)}
    if reason := why_not_open(row, steps, decided):
        raise StepNotOpen(reason)
    assert spec.decision is not None  # manual, checked above
    try:
        decision = spec.decision.model_validate(
            fill_today(spec.decision, data, today), context={"today": today}
        )
    except ValidationError as error:
        raise InvalidDecision(step, error) from None
    payload = decision.model_dump(mode="json")
    journey = get_journey(session=session, journey_id=journey_id)
    arrival = get_newcomer(session=session, journey=journey).arrival_date
    earlier = waited_on_happened(session=session, journey_id=journey_id, row=row, steps=steps)
    if reason := implausible(spec, payload, arrival, earlier):
        raise ImplausibleDecision(step, reason)
    payload["advisor"] = _acting(session, payload["advisor"], row.organisation)
    stored = Decision(
        journey_id=journey_id,
        step=step,
        advisor=payload["advisor"],
        payload=payload,
        source=source,
    )
    session.add(stored)
    session.add(
        StepEvent(
            journey_id=journey_id,
            step=step,
            event="decided",
            detail=f"by {stored.advisor} ({source})",
            actor=stored.advisor,
            source=source,
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AlreadyDecided(winner(session=session, journey_id=journey_id, step=step)) from None
    return stored


class NotAllowed(DecisionRefused):
    pass


class ImplausibleDecision(InvalidDecision):
    def __init__(self, step: str, reason: str) -> None:
        DecisionRefused.__init__(self, f"invalid decision for {step}: {reason}")


def waited_on_happened(
    *, session: Session, journey_id: str, row: JourneyStep, steps: list[JourneyStep]
) -> dict[str, date]:
    """When each step this one waits on happened: its outcome, or its decision recorded at
    the same visit and not applied yet."""
    outcomes = {s.step: s.outcome for s in steps if s.outcome}
    outcomes |= {d.step: d.payload for d in unapplied(session=session, journey_id=journey_id)}
    return happened(row.depends_on, outcomes)


def _acting(session: Session, who: str, organisation: str | None) -> str:
    """The staff id of who acts (their name, while the office has no advisors)."""
    try:
        return acting_for(session, who, organisation) or who
    except ActorRefused as refusal:
        raise NotAllowed(str(refusal)) from None


class StepNotFailed(DecisionRefused):
    pass


def request_retry(
    *, session: Session, journey_id: str, step: str, by: str, source: str = "cli"
) -> JourneyStep:
    """Put a failed step back in line, and commit; the journey files it again with the same
    idempotency key. Of two requests at once exactly one changes the row; the other is told."""
    step_spec(step)
    get_journey(session=session, journey_id=journey_id)
    by = _acting(session, by, _row(session, journey_id, step).organisation)
    statement = (
        update(JourneyStep)
        .where(
            JourneyStep.journey_id == journey_id,  # type: ignore[arg-type]
            JourneyStep.step == step,  # type: ignore[arg-type]
            JourneyStep.status == StepStatus.FAILED,  # type: ignore[arg-type]
        )
        .values(status=StepStatus.PENDING, since=utcnow())
    )
    if session.exec(statement).rowcount != 1:  # type: ignore[call-overload]
        session.rollback()
        now = _row(session, journey_id, step).status.value
        raise StepNotFailed(f"{step} of {journey_id} has not failed (it is {now})")
    session.add(
        StepEvent(
            journey_id=journey_id,
            step=step,
            event="retry",
            detail=f"asked by {by}",
            actor=by,
            source=source,
        )
    )
    session.commit()
    return _row(session, journey_id, step)


def _row(session: Session, journey_id: str, step: str) -> JourneyStep:
    return next(s for s in journey_steps(session=session, journey_id=journey_id) if s.step == step)


def unapplied(*, session: Session, journey_id: str) -> list[Decision]:
    statement = select(Decision).where(
        Decision.journey_id == journey_id, Decision.applied_at.is_(None)
    )  # type: ignore[union-attr]
    return list(session.exec(statement.order_by(Decision.id)))


def decided_steps(
    *, session: Session, journeys: list[str] | None = None
) -> dict[str, frozenset[str]]:
    """Per journey (all, or those given), the steps with a recorded decision the journey has
    not applied yet."""
    statement = select(Decision.journey_id, Decision.step).where(Decision.applied_at.is_(None))  # type: ignore[union-attr]
    if journeys is not None:
        statement = statement.where(Decision.journey_id.in_(journeys))  # type: ignore[attr-defined]
    found: dict[str, set[str]] = {}
    for journey_id, step in session.exec(statement):
        found.setdefault(journey_id, set()).add(step)
    return {journey_id: frozenset(steps) for journey_id, steps in found.items()}
