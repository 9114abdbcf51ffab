"""Looking into the outbox: what would be sent now, and what was sent for a journey."""

from datetime import date

from sqlmodel import Session, select

from models.tables import Notification, NotificationStatus
from tasks import notices
from tasks.database import session
from tasks.journeys import get_journey


def preview(today: date, *, digest: bool) -> list[Notification]:
    """The outbox's pending messages and those the calendar would add on `today`, made in a
    transaction that is rolled back: nothing is stored, nothing sent."""
    with session() as db:
        _make(db, today, digest=digest)
        db.flush()
        pending = db.exec(
            select(Notification)
            .where(Notification.status == NotificationStatus.PENDING)
            .order_by(Notification.id)  # type: ignore[arg-type]
        ).all()
        return list(pending)  # the session rolls back as it closes


def journal(journey_id: str) -> list[Notification]:
    """Every message of a journey, oldest first (raises UnknownJourney)."""
    with session() as db:
        get_journey(session=db, journey_id=journey_id)
        return list(
            db.exec(
                select(Notification)
                .where(Notification.journey_id == journey_id)
                .order_by(Notification.id)  # type: ignore[arg-type]
            ).all()
        )


def sweep(today: date, *, digest: bool) -> int:
    """Put what the calendar asks for in the outbox, and commit; how many were added."""
    with session() as db:
        added = _make(db, today, digest=digest)
        db.commit()
    return added


def _make(db: Session, today: date, *, digest: bool) -> int:
    return notices.calendar(db, today) + (notices.digests(db, today) if digest else 0)
