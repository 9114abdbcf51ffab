"""Sending what the outbox holds, each message once.

A sender claims a row (pending → sending) before it sends, and records the outcome after: a
second sender skips a claimed row, and a sender that stops between sending and recording
leaves the row `sending`, never sent again (`ankommen notifications --log` shows it as
unknown). A failing channel is tried again at the next sweep, up to MAX_ATTEMPTS times; it
never fails or delays a journey, which only writes to the outbox.
"""

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from models.messages import Message
from models.tables import Journey, Newcomer, Notification, NotificationStatus, utcnow
from tasks.database import session
from tasks.notices import NEWCOMER
from tasks.notifier import Delivery, Notifier

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    key: str
    status: NotificationStatus
    detail: str


def _claim(notification_id: int) -> bool:
    with session() as db:
        claimed = db.exec(  # type: ignore[call-overload]
            update(Notification)
            .where(
                Notification.id == notification_id,  # type: ignore[arg-type]
                Notification.status == NotificationStatus.PENDING,  # type: ignore[arg-type]
            )
            .values(status=NotificationStatus.SENDING, attempts=Notification.attempts + 1)
        ).rowcount
        db.commit()
    return claimed == 1


def _send(db: Session, notifier: Notifier, row: Notification) -> Delivery:
    message = Message(row.language, row.subject, row.body)
    if row.recipient != NEWCOMER:
        return notifier.to_channel(row.recipient, message)
    email = db.exec(
        select(Newcomer.email).join(Journey).where(Journey.id == row.journey_id)
    ).first()
    if not email:
        return Delivery(False, "the newcomer has no e-mail address", again=False)
    return notifier.to_address(email, message)


def deliver(notifier: Notifier, *, limit: int = 500) -> list[Outcome]:
    """Send pending messages, oldest first; what happened to each."""
    with session() as db:
        pending = db.exec(
            select(Notification.id)
            .where(Notification.status == NotificationStatus.PENDING)
            .order_by(Notification.id)  # type: ignore[arg-type]
            .limit(limit)
        ).all()
    outcomes = []
    for notification_id in pending:
        if notification_id is None or not _claim(notification_id):
            continue  # another sender has it
        with session() as db:
            row = db.get(Notification, notification_id)
            assert row is not None
            try:
                delivery = _send(db, notifier, row)
            except Exception as error:  # a channel's plugin may raise: never the sweep's end
                delivery = Delivery(False, f"{type(error).__name__}: {error}")
            if delivery.ok:
                row.status, row.sent_at, row.last_error = NotificationStatus.SENT, utcnow(), None
            else:
                gives_up = not delivery.again or row.attempts >= MAX_ATTEMPTS
                row.status = NotificationStatus.FAILED if gives_up else NotificationStatus.PENDING
                row.last_error = delivery.detail[:500]
            db.add(row)
            db.commit()
            outcomes.append(Outcome(row.key, row.status, row.last_error or ""))
    return outcomes
