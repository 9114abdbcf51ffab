"""Checklists: advisors tick the documents of a step as they arrive.

Each document is ticked once: the unique row decides between two advisors ticking at once,
and the other is told who was first. A step that its documents complete (the recognition's
"documents complete", which starts the 3-month clock) is decided on the day the last one
arrived, by whoever ticked it; if the step is not open yet, the journey completes it as it
opens it.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.decisions import happened_fields
from models.steps import Step, step_spec
from models.tables import Decision, DocumentReceived, JourneyStep, StepEvent
from tasks.advisors import named_actor
from tasks.decisions import (
    AlreadyDecided,
    DecisionRefused,
    StepNotOpen,
    record_decision,
    waited_on_happened,
)
from tasks.journeys import get_journey, journey_steps


class ChecklistRefused(DecisionRefused):
    """A tick that cannot be made; nothing was changed."""


class UnknownDocument(ChecklistRefused):
    pass


@dataclass(frozen=True)
class Ticked:
    ticked: list[str]
    missing: list[str]  # labels of what has not arrived
    completed: Decision | None  # the step the documents completed, recorded


def received(session: Session, journey_id: str) -> dict[tuple[str, str], DocumentReceived]:
    """What arrived for a journey, by (step, document)."""
    statement = select(DocumentReceived).where(DocumentReceived.journey_id == journey_id)
    return {(r.step, r.document): r for r in session.exec(statement)}


def missing(row: JourneyStep, arrived: dict[tuple[str, str], DocumentReceived]) -> list[str]:
    spec = step_spec(row.step)
    return [_label(spec, key) for key in row.documents if (row.step, key) not in arrived]


def completion(
    row: JourneyStep, arrived: dict[tuple[str, str], DocumentReceived], earlier: dict[str, date]
) -> dict | None:
    """The decision a complete checklist makes for a step its documents complete, else None:
    on the day the last one arrived, or the day what it comes after happened, if that is later
    (documents gathered before the application was filed are complete when it is)."""
    spec = step_spec(row.step)
    if not spec.completed_by_documents or not row.documents or missing(row, arrived):
        return None
    last = max((arrived[(row.step, key)] for key in row.documents), key=lambda r: r.received_on)
    assert spec.decision is not None  # a decision the documents take
    (field,) = happened_fields(spec.decision)
    day = max([last.received_on, *earlier.values()])
    return {"advisor": last.ticked_by, field: day.isoformat()}


def tick(
    *,
    session: Session,
    journey_id: str,
    step: str,
    documents: list[str],
    received_on: date,
    actor: str | None,
    today: date,
    source: str = "cli",
) -> Ticked:
    """Record documents that arrived, and commit; decide the step they complete, if so."""
    spec = step_spec(step)
    get_journey(session=session, journey_id=journey_id)
    row = next(s for s in journey_steps(session=session, journey_id=journey_id) if s.step == step)
    _check(row, spec, documents, received_on, today)
    who = named_actor(session, actor, row.organisation, "ticks")
    arrived = received(session, journey_id)
    if again := [key for key in documents if (step, key) in arrived]:
        first = arrived[(step, again[0])]
        raise ChecklistRefused(
            f"{_label(spec, again[0])} of {journey_id} was already ticked on "
            f"{first.received_on.isoformat()} by {first.ticked_by}"
        )
    for key in documents:
        session.add(
            DocumentReceived(
                journey_id=journey_id,
                step=step,
                document=key,
                received_on=received_on,
                ticked_by=who,
                source=source,
            )
        )
    session.add(StepEvent(journey_id=journey_id, step=step, event="documents",
                          detail=f"received {received_on.isoformat()}: {', '.join(documents)}",
                          actor=who, source=source))  # fmt: skip
    try:
        session.commit()
    except IntegrityError:  # another advisor ticked one of them at the same moment
        session.rollback()
        return tick(session=session, journey_id=journey_id, step=step, documents=documents,
                    received_on=received_on, actor=actor, today=today, source=source)  # fmt: skip
    arrived = received(session, journey_id)
    return Ticked(documents, missing(row, arrived), _complete(session, row, arrived, today))


def _check(row: JourneyStep, spec: Step, documents: list[str], day: date, today: date) -> None:
    if not row.documents:
        raise ChecklistRefused(f"{row.step} of {row.journey_id} has no checklist")
    if row.status.settled:
        raise ChecklistRefused(
            f"{row.step} of {row.journey_id} is {row.status.value}: its checklist is closed"
        )
    if not documents:
        raise ChecklistRefused(f"name the documents that arrived: {', '.join(row.documents)}")
    if unknown := [key for key in documents if key not in row.documents]:
        raise UnknownDocument(
            f"{', '.join(unknown)} is not on the checklist of {row.step}; it holds: "
            + ", ".join(f"{key} ({_label(spec, key)})" for key in row.documents)
        )
    if day > today:
        raise ChecklistRefused(
            f"{day.isoformat()} lies in the future (today is {today.isoformat()})"
        )


def _complete(
    session: Session,
    row: JourneyStep,
    arrived: dict[tuple[str, str], DocumentReceived],
    today: date,
) -> Decision | None:
    steps = journey_steps(session=session, journey_id=row.journey_id)
    earlier = waited_on_happened(session=session, journey_id=row.journey_id, row=row, steps=steps)
    if (data := completion(row, arrived, earlier)) is None:
        return None
    try:
        return record_decision(session=session, journey_id=row.journey_id, step=row.step,
                               data=data, source="checklist", today=today)  # fmt: skip
    except (AlreadyDecided, StepNotOpen):
        return None  # decided by someone, or the journey completes it as it opens the step


def _label(spec: Step, key: str) -> str:
    document = spec.document(key)
    return document.label if document else key
