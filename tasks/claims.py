"""Taking on a step: an advisor claims an open step of their organisation or releases it; a
coordinator hands it to another advisor or organisation, with a reason.

Of two advisors claiming the same step at once exactly one wins: the claim is one UPDATE that
only changes an unclaimed row, and the other is told who was first.
"""

from sqlalchemy import update
from sqlmodel import Session, select

from models.organisations import known_organisation
from models.tables import JourneyStep, StepEvent, StepStatus
from tasks.advisors import ActorRefused, coordinating, find_advisor, named_actor
from tasks.journeys import get_journey

CLAIMABLE = (StepStatus.WAITING, StepStatus.FAILED, StepStatus.PENDING)


class ClaimRefused(ValueError):
    """The claim cannot be made; nothing was changed."""


def _step(session: Session, journey_id: str, step: str) -> JourneyStep:
    get_journey(session=session, journey_id=journey_id)
    row = session.exec(
        select(JourneyStep).where(JourneyStep.journey_id == journey_id, JourneyStep.step == step)
    ).first()
    if row is None or row.status not in CLAIMABLE or not row.required:
        raise ClaimRefused(f"{step} of {journey_id} is not an open step")
    return row


def _set_claim(
    session: Session,
    row: JourneyStep,
    claimant: str | None,
    expected: str | None,
    event: str,
    actor: str,
) -> None:
    changed = session.exec(  # type: ignore[call-overload]
        update(JourneyStep)
        .where(
            JourneyStep.id == row.id,  # type: ignore[arg-type]
            JourneyStep.claimed_by.is_(None)  # type: ignore[union-attr]
            if expected is None
            else JourneyStep.claimed_by == expected,
        )
        .values(claimed_by=claimant)
    ).rowcount
    if changed != 1:
        session.rollback()
        session.refresh(row)
        raise ClaimRefused(f"{row.step} of {row.journey_id} is claimed by {row.claimed_by}")
    session.add(
        StepEvent(
            journey_id=row.journey_id,
            step=row.step,
            event=event,
            detail=claimant or f"was {expected}",
            actor=actor,
            source="cli",
        )
    )
    session.commit()


def claim(*, session: Session, journey_id: str, step: str, actor: str | None) -> str:
    row = _step(session, journey_id, step)
    claimant = named_actor(session, actor, row.organisation, "claims")
    if row.claimed_by == claimant:
        return claimant
    _set_claim(session, row, claimant, None, "claimed", claimant)
    return claimant


def release(*, session: Session, journey_id: str, step: str, actor: str | None) -> str:
    row = _step(session, journey_id, step)
    claimant = named_actor(session, actor, row.organisation, "claims")
    advisor = find_advisor(session, claimant)
    if row.claimed_by != claimant and not (advisor and advisor.coordinator):
        raise ClaimRefused(f"{step} of {journey_id} is claimed by {row.claimed_by}, not by you")
    _set_claim(session, row, None, row.claimed_by, "released", claimant)
    return claimant


def reassign(
    *,
    session: Session,
    journey_id: str,
    step: str,
    actor: str | None,
    to_advisor: str | None,
    to_organisation: str | None,
    reason: str,
) -> str:
    """A coordinator hands a step to another advisor or another organisation."""
    try:
        coordinator = coordinating(session, actor) or actor
    except ActorRefused as refusal:
        raise ClaimRefused(str(refusal)) from None
    if not reason.strip():
        raise ClaimRefused("say why: --reason")
    row = _step(session, journey_id, step)
    if to_organisation:
        row.organisation = known_organisation(to_organisation)
        row.claimed_by = None
        what = f"to {to_organisation}"
    elif to_advisor:
        target = find_advisor(session, to_advisor)
        if target is None:
            raise ClaimRefused(f"unknown advisor '{to_advisor}'")
        row.organisation, row.claimed_by = target.organisation, target.id
        what = f"to {target.id}"
    else:
        raise ClaimRefused("reassign to whom: --to STAFF-ID or --to-org ORG")
    session.add(row)
    session.add(
        StepEvent(
            journey_id=journey_id,
            step=step,
            event="reassigned",
            detail=f"{what}: {reason}",
            actor=coordinator or "",
            source="cli",
        )
    )
    session.commit()
    return what
