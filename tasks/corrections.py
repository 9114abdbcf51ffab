"""Correcting a decision already applied: a coordinator's work, with a reason.

The step keeps its place and its completion date; its outcome changes, and so does the
deadline that outcome sets for a later step (the history says why it moved). Nothing that an
outside system already received is sent again: the coordinator is told what to withdraw or
correct there by hand.
"""

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from models.steps import step_spec
from models.tables import Decision, JourneyStep, StepEvent, StepStatus
from tasks.advisors import ActorRefused, coordinating
from tasks.decisions import DecisionRefused, InvalidDecision
from tasks.journeys import get_journey, journey_steps


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
    try:
        who = coordinating(session, actor) or actor or "-"
    except ActorRefused as refusal:
        raise CorrectionRefused(str(refusal)) from None
    if not reason.strip():
        raise CorrectionRefused("say why: --reason")
    spec = step_spec(step)
    get_journey(session=session, journey_id=journey_id)
    steps = {s.step: s for s in journey_steps(session=session, journey_id=journey_id)}
    row = steps[step]
    if row.status is not StepStatus.DONE or spec.decision is None or row.outcome is None:
        raise CorrectionRefused(f"{step} of {journey_id} has no applied decision to correct")
    before = dict(row.outcome)
    try:
        after = spec.decision.model_validate({**before, **fields}).model_dump(mode="json")
    except ValidationError as error:
        raise InvalidDecision(step, error) from None
    changed = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
    if not changed:
        raise CorrectionRefused("the correction changes nothing")
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
        f"{s.step} was already filed with {s.organisation} on the old facts: correct it there"
        for s in _downstream(steps, step)
        if s.status is StepStatus.DONE and not step_spec(s.step).manual
    ]
    session.commit()
    return Corrected(changed, moved, by_hand)
