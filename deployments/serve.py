"""Serving the journeys: one long-lived runner process that starts a short-lived process for
each journey run or resume. Suspended journeys hold no process and no slot of `limit`.

The keeper runs hourly, and twice as the runner starts (deployments.keeping). The office
report runs every morning at six, the retention (flows/retention.py) every night at three;
where the office has set up notifications, they are swept
every quarter of an hour and each organisation's digest goes out at seven."""

import threading
import time

from prefect import serve
from prefect.schedules import Cron

from deployments.keeping import keep_after_start
from flows.journey import journey
from flows.keeper import keeper
from flows.notifications import notifications
from flows.report import office_report
from flows.retention import retention
from tasks.runs import PrefectUnreachable, Serving, serving
from tasks.settings import get_settings

KEEPER_EVERY_SECONDS = 3600
REPORT_CRON = "0 6 * * *"  # every morning at six, office time, before the office opens
RETENTION_CRON = "0 3 * * *"
NOTIFY_CRON = "*/15 * * * *"
DIGEST_CRON = "0 7 * * *"
REGISTER_PATIENCE_SECONDS = 120


def _keep_after_start() -> None:
    give_up = time.monotonic() + REGISTER_PATIENCE_SECONDS
    while serving() is not Serving.READY and time.monotonic() < give_up:
        time.sleep(1)
    try:
        keep_after_start()
    except (PrefectUnreachable, OSError):
        pass  # the hourly schedule runs it


def serve_journeys(limit: int) -> None:
    threading.Thread(target=_keep_after_start, daemon=True).start()
    deployments = [
        journey.to_deployment(name="journey", tags=["journey"]),
        keeper.to_deployment(name="keeper", interval=KEEPER_EVERY_SECONDS),
        office_report.to_deployment(
            name="office-report", schedule=Cron(REPORT_CRON, timezone="Europe/Berlin")
        ),
        retention.to_deployment(
            name="retention", schedule=Cron(RETENTION_CRON, timezone="Europe/Berlin")
        ),
    ]
    if get_settings().notifying:
        deployments += [
            notifications.to_deployment(
                name="sweep", schedule=Cron(NOTIFY_CRON, timezone="Europe/Berlin")
            ),
            notifications.to_deployment(
                name="digest",
                schedule=Cron(DIGEST_CRON, timezone="Europe/Berlin"),
                parameters={"digest": True},
            ),
        ]
    serve(*deployments, limit=limit)
