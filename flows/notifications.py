"""Notifications: every quarter of an hour the reminders and escalations that the calendar
asks for are put in the outbox and the outbox is sent; every morning at seven each
organisation gets its digest. Journeys only write to the outbox, so that a failing channel
never fails or delays one."""

from prefect import flow

from tasks.notify_tasks import make_notices, send_outbox


@flow(name="notifications", persist_result=False)
def notifications(digest: bool = False) -> str:
    added = make_notices(digest)
    return f"{added} new; {send_outbox()}"
