"""The notification sweep's steps as Prefect tasks: make what the calendar asks for, then
send the outbox. A failing channel is logged and tried again at the next sweep."""

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from models.tables import NotificationStatus
from tasks.delivery import deliver
from tasks.notifier import office_notifier
from tasks.outbox import sweep
from tasks.settings import get_settings

NOTIFY_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="make-notices", **NOTIFY_TASK)
def make_notices(digest: bool) -> int:
    return sweep(get_settings().current_date(), digest=digest)


@task(name="send-outbox", **NOTIFY_TASK)
def send_outbox() -> str:
    outcomes = deliver(office_notifier())
    logger = get_run_logger()
    for outcome in outcomes:
        if outcome.status is not NotificationStatus.SENT:
            # The reason may name an address: it stays in our database (`--log`), not in
            # Prefect's logs.
            logger.warning("%s not sent (%s)", outcome.key, outcome.status.value)
    sent = sum(o.status is NotificationStatus.SENT for o in outcomes)
    return f"{sent} sent, {len(outcomes) - sent} not sent"
