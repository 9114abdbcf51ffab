"""Erasure of a person's data: on their request (`ankommen erase`, GDPR Art. 17), or once the
office may keep it no longer (flows/retention.py, Art. 5(1)(e)).

Prefect's part goes first (the journey's runs with their inputs, and its card), so that a
server that is down changes nothing here. Then, in one transaction of our database: the
newcomer keeps statistics only (models/erasure.py), decisions and outcomes keep their dates
and chosen values, the history keeps who did what and when but no free text, the outbox's
messages to and about them are deleted, and a journey still open ends. Last, the erased values
are cleared from the database's files. One audit entry says who erased, when and why, without
anything that was erased.
"""

from dataclasses import dataclass
from datetime import date

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlalchemy import delete, exists, update
from sqlmodel import Session, col, select

from models.deadlines import add_months
from models.erasure import ERASED, NEWCOMER_KEPT, kept_of
from models.steps import step_spec
from models.tables import (
    Decision,
    Journey,
    JourneyStep,
    Newcomer,
    Notification,
    StepEvent,
    StepStatus,
)
from tasks.advisors import coordinating
from tasks.database import forget_old_versions, session
from tasks.journeys import get_journey, journey_steps
from tasks.runs import forget_journey, publish_card
from tasks.settings import get_settings

JOURNEY = "journey"  # the audit entry's step: the erasure is of the whole journey
ERASED_EVENT = "erased"
RETENTION_ACTOR = "retention"  # who erases when the office may keep the data no longer


class ErasureRefused(ValueError):
    """Not erased (already erased, or not a coordinator's); nothing was changed."""


@dataclass(frozen=True)
class Erased:
    journey_id: str
    ended: bool  # it was open: erasure ended it
    runs: int  # its flow runs deleted in Prefect


def eraser(*, session: Session, journey_id: str, actor: str | None) -> str:
    """Who may erase the journey: a coordinator's staff id, or the name given before the
    office has advisors; raises ErasureRefused (or UnknownJourney, ActorRefused)."""
    get_journey(session=session, journey_id=journey_id)
    if (when := erased_on(session, journey_id)) is not None:
        raise ErasureRefused(f"{journey_id} was erased on {when.isoformat()}")
    staff = coordinating(session, actor)
    if staff is None and not actor:
        raise ErasureRefused("say who erases: --as NAME")
    return staff or actor  # type: ignore[return-value]


def erase(journey_id: str, *, by: str, source: str, reason: str) -> Erased:
    """Erase the journey's personal data, for `by` (see `eraser`); raises ErasureRefused or
    PrefectUnreachable, changing nothing of ours."""
    erased = _erase_one(journey_id, by=by, source=source, reason=reason)
    forget_old_versions()
    return erased


def _erase_one(journey_id: str, *, by: str, source: str, reason: str) -> Erased:
    """Prefect's part, then ours; the database's files are cleared by the caller, once."""
    runs = forget_journey(journey_id)
    with session() as db:
        ended = _erase_ours(db, journey_id, by, source, reason)
    return Erased(journey_id, ended, runs)


def _erase_ours(db: Session, journey_id: str, who: str, source: str, reason: str) -> bool:
    journey = get_journey(session=db, journey_id=journey_id)
    # Of two erasures at once exactly one blanks the name; the other is told.
    cleared = {name: None for name in Newcomer.model_fields if name not in NEWCOMER_KEPT}
    statement = (
        update(Newcomer)
        .where(col(Newcomer.id) == journey.newcomer_id, col(Newcomer.name) != ERASED)
        .values({**cleared, "name": ERASED, "profession": "", "children": []})
    )
    if db.exec(statement).rowcount != 1:  # type: ignore[call-overload]
        db.rollback()
        raise ErasureRefused(f"{journey_id} was erased a moment ago, by someone else")
    today = get_settings().current_date()
    ended = journey.finished_on is None
    for step in journey_steps(session=db, journey_id=journey_id):
        _keep_statistics(step)
    for decision in db.exec(select(Decision).where(Decision.journey_id == journey_id)):
        decision.payload = kept_of(step_spec(decision.step).outcome_model, decision.payload)
    db.exec(update(StepEvent).where(col(StepEvent.journey_id) == journey_id).values(detail=""))
    db.exec(delete(Notification).where(col(Notification.journey_id) == journey_id))
    if ended:
        journey.finished_on, journey.flow_run_id = today, None
    db.add(StepEvent(journey_id=journey_id, step=JOURNEY, event=ERASED_EVENT, actor=who,
                     source=source, detail=reason))  # fmt: skip
    db.commit()
    return ended


def _keep_statistics(step: JourneyStep) -> None:
    if step.outcome is not None:
        step.outcome = kept_of(step_spec(step.step).outcome_model, step.outcome)
    step.note, step.last_error = "", None
    if not step.status.settled:  # a journey ended by its erasure: nothing more happens
        step.status = StepStatus.SKIPPED


def erased_on(db: Session, journey_id: str) -> date | None:
    event = db.exec(
        select(StepEvent).where(
            StepEvent.journey_id == journey_id, StepEvent.event == ERASED_EVENT
        )  # fmt: skip
    ).first()
    return event.at.date() if event else None


def past_retention(db: Session, today: date, months: int) -> list[str]:
    """Journeys finished more than `months` ago and not erased yet, oldest first."""
    erased = exists().where(col(StepEvent.journey_id) == Journey.id,
                            col(StepEvent.event) == ERASED_EVENT)  # fmt: skip
    statement = (
        select(Journey.id)
        .where(col(Journey.finished_on) < add_months(today, -months), ~erased)
        .order_by(col(Journey.finished_on), col(Journey.id))
    )
    return list(db.exec(statement))


@task(cache_policy=NO_CACHE)
def erase_past_retention(months: int | None = None) -> list[str]:
    """Erase every journey finished more than `months` ago (the office's setting when None);
    the case numbers erased, which the run's card lists."""
    months = months or get_settings().retention_months
    today = get_settings().current_date()
    with session() as db:
        due = past_retention(db, today, months)
    reason = f"retention: finished more than {months} months before {today.isoformat()}"
    for journey_id in due:
        _erase_one(journey_id, by=RETENTION_ACTOR, source="retention", reason=reason)
    if due:
        forget_old_versions()  # once for all: on PostgreSQL a VACUUM of five tables
    publish_card(
        "retention",
        "\n".join([f"# Erased after {months} months", "", *(f"- {j}" for j in due)])
        if due
        else f"# Erased after {months} months\n\nNone on {today.isoformat()}.",
        "Journeys whose personal data the retention erased, by case number",
    )
    return due
