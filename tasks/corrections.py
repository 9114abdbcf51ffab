"""Correcting a decision already applied, or reopening its step: a coordinator's work, with
a reason.

A correction keeps the step done and changes its outcome, and so the deadline that outcome
sets for a later step (the history says why it moved). A reopened step is decided again: the
journey opens it anew, and later steps that were open wait on it again. Nothing that an
outside system already received is sent again: the coordinator is told what to withdraw or
correct there by hand.
"""

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, update
from sqlmodel import Session, select

from models.plausibility import implausible
from models.steps import made_needed, step_spec
from models.tables import Decision, Journey, JourneyStep, StepEvent, StepStatus, utcnow
from tasks.advisors import ActorRefused, coordinating
from tasks.decisions import (
    DecisionRefused,
    ImplausibleDecision,
    InvalidDecision,
    waited_on_happened,
)
from tasks.journeys import get_journey, get_newcomer, journey_steps
from tasks.settings import get_settings


class CorrectionRefused(DecisionRefused):
    pass


@dataclass(frozen=True)
class Corrected:
    changed: dict[str, tuple[Any, Any]]  # field: (before, after)
    moved: list[str] = field(default_factory=list)  # deadlines that moved
    by_hand: list[str] = field(default_factory=list)  # what outside systems already have


def _event(db: Session, row: JourneyStep, event: str, detail: str, actor: str) -> None:
    db.add(
        StepEvent(
            journey_id=row.journey_id,
            step=row.step,
            event=event,
            detail=detail,
            actor=actor,
            source="cli",
        )
    )


def _downstream(steps: dict[str, JourneyStep], name: str) -> list[JourneyStep]:
    found: list[JourneyStep] = []
    for row in steps.values():
        if name in row.depends_on and row not in found:
            found += [row, *_downstream(steps, row.step)]
    return found


def _coordinator(session: Session, actor: str | None, reason: str) -> str:
    try:
        who = coordinating(session, actor) or actor or "-"
    except ActorRefused as refusal:
        raise CorrectionRefused(str(refusal)) from None
    if not reason.strip():
        raise CorrectionRefused("say why: --reason")
    return who


def _done_on_old_facts(row: JourneyStep) -> str:
    if step_spec(row.step).manual:
        return f"{row.step} was decided on the old facts: check it with {row.organisation}"
    return (
        f"{row.step} was already filed with {row.organisation} on the old facts: correct it there"
    )


def correct(
    *,
    session: Session,
    journey_id: str,
    step: str,
    fields: dict[str, Any],
    reason: str,
    actor: str | None,
) -> Corrected:
    """Change fields of a step's applied decision, and commit; refuse changing nothing."""
    who = _coordinator(session, actor, reason)
    spec = step_spec(step)
    journey = get_journey(session=session, journey_id=journey_id)
    steps = {s.step: s for s in journey_steps(session=session, journey_id=journey_id)}
    row = steps[step]
    if row.status is not StepStatus.DONE or spec.decision is None or row.outcome is None:
        raise CorrectionRefused(f"{step} of {journey_id} has no applied decision to correct")
    before = dict(row.outcome)
    today = get_settings().current_date()
    try:
        corrected = spec.decision.model_validate({**before, **fields}, context={"today": today})
    except ValidationError as error:
        raise InvalidDecision(step, error) from None
    after = corrected.model_dump(mode="json")
    # the same checks as a decision's: no date before the arrival or what the step comes after
    arrival = get_newcomer(session=session, journey=journey).arrival_date
    earlier = waited_on_happened(
        session=session, journey_id=journey_id, row=row, steps=list(steps.values())
    )
    if why := implausible(spec, after, arrival, earlier):
        raise ImplausibleDecision(step, why)
    changed = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
    if not changed:
        raise CorrectionRefused("the correction changes nothing")
    if _following(step, before) != (now := _following(step, after)):
        raise CorrectionRefused(
            f"the correction changes which steps follow {step} "
            f"(then: {', '.join(sorted(now)) or 'none'}); reopen {step} instead"
        )
    row.outcome = after
    decision = session.exec(
        select(Decision).where(Decision.journey_id == journey_id, Decision.step == step)
    ).first()
    if decision is not None:
        decision.payload = after
        session.add(decision)
    what = ", ".join(f"{k}: {old} → {new}" for k, (old, new) in changed.items())
    _event(session, row, "corrected", f"{what} ({reason})", who)
    moved = []
    if (follow_up := spec.deadline_set_by(spec.decision.model_validate(after))) and steps[
        follow_up[0]
    ].required:
        later = steps[follow_up[0]]
        if later.due != follow_up[1]:
            old = later.due.isoformat() if later.due else "none"
            later.due = follow_up[1]
            note = f"due {later.due.isoformat()} (was {old}) after the correction of {step}"
            _event(session, later, "deadline", note, who)
            moved.append(f"{later.step}: {note}")
    by_hand = [
        _done_on_old_facts(s)
        for s in _downstream(steps, step)
        if s.status is StepStatus.DONE and not step_spec(s.step).manual
    ]
    session.commit()
    return Corrected(changed, moved, by_hand)


class NotReopened(CorrectionRefused):
    pass


def _following(step: str, outcome: dict[str, Any]) -> set[str]:
    """The steps an outcome makes needed (models/steps.py `After`)."""
    model = step_spec(step).outcome_model.model_validate(outcome)
    return {later.name for later, _after in made_needed(step, model)}


def _not_needed_again(
    session: Session,
    journey: Journey,
    steps: dict[str, JourneyStep],
    step: str,
    was: dict[str, Any],
    who: str,
) -> list[str]:
    """Steps the withdrawn outcome made needed leave the journey until it is decided again;
    one already done stays, and is named for checking by hand."""
    left = []
    for later, after in made_needed(step, step_spec(step).outcome_model.model_validate(was)):
        row = steps[later.name]
        if row.status is StepStatus.DONE:
            continue
        row.required, row.status, row.since, row.due = False, StepStatus.SKIPPED, utcnow(), None
        row.note = f"not needed until {step} is decided again"
        _event(session, row, "not needed", f"{step} reopened", who)
        journey.ready_steps = [
            after.ready_instead_of if name == later.name and after.ready_instead_of else name
            for name in journey.ready_steps
        ]
        left.append(later.name)
    return left


@dataclass(frozen=True)
class Reopened:
    was: dict[str, Any]  # the outcome withdrawn
    closed: list[str] = field(default_factory=list)  # open later steps that wait again
    moved: list[str] = field(default_factory=list)  # deadlines the outcome had set
    by_hand: list[str] = field(default_factory=list)  # later steps done on the old facts
    left: list[str] = field(default_factory=list)  # steps the old outcome had made needed


def reopen(
    *, session: Session, journey_id: str, step: str, reason: str, actor: str | None
) -> Reopened:
    """Withdraw a step's decision so that it is decided again, and commit. Later steps that
    were open wait on it again; what later steps already did on the old facts is named for
    checking by hand, never undone or sent again silently. Of two coordinators reopening the
    same step at once, exactly one does; the other is told."""
    who = _coordinator(session, actor, reason)
    spec = step_spec(step)
    journey = get_journey(session=session, journey_id=journey_id)
    if spec.decision is None:
        raise NotReopened(
            f"{step} is filed by ankommen itself: a filing is not reopened; "
            "withdraw or correct it with the authority by hand"
        )
    steps = {s.step: s for s in journey_steps(session=session, journey_id=journey_id)}
    row = steps[step]
    if row.status is not StepStatus.DONE:
        raise NotReopened(f"{step} of {journey_id} is not done (it is {row.status.value})")
    was = dict(row.outcome or {})
    reopened = session.exec(  # type: ignore[call-overload]
        update(JourneyStep)
        .where(
            JourneyStep.id == row.id,  # type: ignore[arg-type]
            JourneyStep.status == StepStatus.DONE,  # type: ignore[arg-type]
        )
        .values(
            status=StepStatus.PENDING,
            since=utcnow(),
            settled_on=None,
            outcome=None,
            claimed_by=None,
        )
    ).rowcount
    if reopened != 1:
        session.rollback()
        raise NotReopened(f"{step} of {journey_id} was reopened by someone else just now")
    session.execute(
        delete(Decision).where(Decision.journey_id == journey_id, Decision.step == step)  # type: ignore[arg-type]
    )
    facts = ", ".join(f"{k}: {v}" for k, v in was.items() if k != "advisor" and v is not None)
    _event(session, row, "reopened", f"{reason} (was {facts or 'done'})", who)
    done = Reopened(was)
    later = steps[spec.follow_up.step] if spec.follow_up else None
    if later is not None and later.required and not later.status.settled and later.due:
        note = f"no deadline (was {later.due.isoformat()}) until {step} is decided again"
        later.due = None
        _event(session, later, "deadline", note, who)
        done.moved.append(f"{later.step}: {note}")
    done.left.extend(_not_needed_again(session, journey, steps, step, was, who))
    for later in _downstream(steps, step):
        if later.status is StepStatus.WAITING:
            later.status, later.since = StepStatus.PENDING, utcnow()
            _event(session, later, "closed", f"waits again on {step}, reopened", who)
            done.closed.append(later.step)
        elif later.status is StepStatus.DONE:
            done.by_hand.append(_done_on_old_facts(later))
    if journey.finished_on is not None:
        # Its run has ended: the journey needs a new one (the keeper starts it, if no one
        # else does first).
        journey.finished_on, journey.flow_run_id = None, None
    session.add(journey)
    session.commit()
    return done
