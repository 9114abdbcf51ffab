"""What to tell whom, and when: the messages of a journey's events (a step opens or fails
for good, the journey completes) and of the calendar (a deadline approaches or passes, the
morning digest), each put in the outbox once, by its key. Sending is tasks/delivery.py's.

Messages to advisors and coordinators carry case numbers, step and organisation ids and a
link to the journey in the Prefect UI; only newcomers' own messages name them.
"""

import re
from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from models.deadlines import days_left
from models.messages import Kind, Message, no_deadline, render
from models.organisations import organisation_name
from models.status import OPEN, is_overdue
from models.steps import label, step_spec
from models.tables import (
    Journey,
    JourneyStep,
    Newcomer,
    Notification,
    NotificationStatus,
    StepStatus,
    utcnow,
)
from tasks.journeys import OPEN_JOURNEY, get_newcomer
from tasks.prefect_address import ui_url
from tasks.settings import get_settings

COORDINATORS = "role:coordinator"
NEWCOMER = "newcomer"  # the newcomer's own address, from our database


def organisation_tag(organisation: str | None) -> str:
    return f"org:{organisation or 'welcome-office-bochum'}"


def employer_tag(employer: str) -> str:
    return "employer:" + re.sub(r"[^a-z0-9]+", "-", employer.casefold()).strip("-")


def _link(journey: Journey) -> str:
    ui = ui_url()
    return f"{ui}/runs/flow-run/{journey.flow_run_id}" if journey.flow_run_id else ui


def put(
    db: Session, key: str, recipient: str, message: Message, kind: Kind, journey_id: str | None
) -> bool:
    """Add the message to the outbox unless its key is there already, also when a sweep
    elsewhere adds it at the same moment (no commit); whether it was added."""
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[db.get_bind().dialect.name]
    added = db.exec(  # type: ignore[call-overload]
        insert(Notification)
        .values(
            key=key,
            journey_id=journey_id,
            kind=kind.value,
            recipient=recipient,
            language=message.language,
            subject=message.subject,
            body=message.body,
            status=NotificationStatus.PENDING,
            attempts=0,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["key"])
    ).rowcount
    return added == 1


def _staff(kind: Kind, values: dict[str, object]) -> Message:
    return render(kind, get_settings().staff_language, values)


def _step_values(step: JourneyStep, journey: Journey, today: date) -> dict[str, object]:
    return {
        "case": journey.id,
        "step": label(step.step),
        "organisation": organisation_name(step.organisation),
        "due": step.due.isoformat() if step.due else "-",
        "days": abs(days_left(step.due, today)) if step.due else "-",
        "link": _link(journey),
    }


# The journey's events make messages only where the office has set up notifications; the
# calendar's are made by the sweep, which runs only there (and by the dry run, anywhere).


def step_opened(db: Session, step: JourneyStep, journey: Journey, today: date) -> None:
    """Tell the organisation that work waits; tell the newcomer where to go if it is a visit."""
    if not get_settings().notifying:
        return
    key = f"{journey.id}:{step.step}:opened:{today.isoformat()}"
    values = _step_values(step, journey, today)
    put(
        db,
        key,
        organisation_tag(step.organisation),
        _staff(Kind.STEP_OPENED, values),
        Kind.STEP_OPENED,
        journey.id,
    )
    if bring := step_spec(step.step).bring:
        newcomer = get_newcomer(session=db, journey=journey)
        message = render(
            Kind.NEXT_STEP,
            newcomer.language,
            {
                "name": newcomer.name,
                "step": label(step.step),
                "where": organisation_name(step.organisation),
                "bring": "; ".join(bring),
                "due": step.due.isoformat() if step.due else no_deadline(newcomer.language),
            },
        )
        put(db, f"{key}:newcomer", NEWCOMER, message, Kind.NEXT_STEP, journey.id)


def step_failed(db: Session, step: JourneyStep, journey: Journey, today: date) -> None:
    if not get_settings().notifying:
        return
    values = {**_step_values(step, journey, today), "error": step.last_error or "-"}
    put(
        db,
        f"{journey.id}:{step.step}:failed:{step.attempts}",
        COORDINATORS,
        _staff(Kind.FAILED, values),
        Kind.FAILED,
        journey.id,
    )


def journey_done(db: Session, journey: Journey) -> None:
    if not get_settings().notifying:
        return
    message = _staff(Kind.JOURNEY_DONE, {"case": journey.id, "link": _link(journey)})
    put(db, f"{journey.id}:done", COORDINATORS, message, Kind.JOURNEY_DONE, journey.id)
    employer = get_newcomer(session=db, journey=journey).employer
    if employer:
        put(
            db,
            f"{journey.id}:done:employer",
            employer_tag(employer),
            message,
            Kind.JOURNEY_DONE,
            journey.id,
        )


def calendar(db: Session, today: date) -> int:
    """Reminders of deadlines that approach, escalations of steps overdue; returns how many
    were added (none twice: each is keyed by its step and deadline)."""
    rows = db.exec(  # type: ignore[call-overload]
        select(JourneyStep, Journey, Newcomer)
        .join(Journey, JourneyStep.journey_id == Journey.id)  # type: ignore[arg-type]
        .join(Newcomer, Journey.newcomer_id == Newcomer.id)  # type: ignore[arg-type]
        .where(OPEN_JOURNEY, JourneyStep.due.is_not(None))  # type: ignore[union-attr]
        .where(JourneyStep.status.in_([s.value for s in OPEN]))  # type: ignore[attr-defined]
    ).all()
    added = 0
    for step, journey, newcomer in rows:
        spec = step_spec(step.step)
        values = _step_values(step, journey, today)
        if is_overdue(step, today):
            added += put(
                db,
                f"{journey.id}:{step.step}:overdue:{step.due}",
                COORDINATORS,
                _staff(Kind.OVERDUE, values),
                Kind.OVERDUE,
                journey.id,
            )
        elif spec.remind and step.status is StepStatus.WAITING and spec.remind(step.due) <= today:
            key = f"{journey.id}:{step.step}:near:{step.due}"
            added += put(
                db,
                key,
                organisation_tag(step.organisation),
                _staff(Kind.DEADLINE_NEAR_STAFF, values),
                Kind.DEADLINE_NEAR_STAFF,
                journey.id,
            )
            mine = render(
                Kind.DEADLINE_NEAR,
                newcomer.language,
                {**values, "name": newcomer.name, "where": organisation_name(step.organisation)},
            )
            added += put(db, f"{key}:newcomer", NEWCOMER, mine, Kind.DEADLINE_NEAR, journey.id)
    return added


def digests(db: Session, today: date) -> int:
    """Each organisation's open steps, overdue ones first, by case number: once a day."""
    rows = db.exec(
        select(JourneyStep)
        .join(Journey)
        .where(OPEN_JOURNEY, JourneyStep.status == StepStatus.WAITING)  # type: ignore[arg-type]
    ).all()
    by_org: dict[str, list[JourneyStep]] = {}
    for step in rows:
        by_org.setdefault(step.organisation or "welcome-office-bochum", []).append(step)
    added = 0
    for organisation, steps in sorted(by_org.items()):
        steps.sort(key=lambda s: (not is_overdue(s, today), s.due or date.max, s.journey_id))
        lines = "\n".join(
            f"- {s.journey_id} {label(s.step)}"
            + (f", due {s.due.isoformat()}" if s.due else "")
            + (" (overdue)" if is_overdue(s, today) else "")
            for s in steps
        )
        message = _staff(
            Kind.DIGEST,
            {
                "organisation": organisation_name(organisation),
                "day": today.isoformat(),
                "count": len(steps),
                "lines": lines,
            },
        )
        added += put(
            db,
            f"digest:{organisation}:{today.isoformat()}",
            organisation_tag(organisation),
            message,
            Kind.DIGEST,
            None,
        )
    return added
