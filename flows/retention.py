"""Retention (GDPR Art. 5(1)(e)): every night, the personal data of journeys finished more
than the office's retention period ago (ANKOMMEN_RETENTION_MONTHS, 24 by default) is erased
as `ankommen erase` erases it; the statistics stay. The run returns, and its card lists, the
case numbers erased."""

from prefect import flow

from tasks.erasure import erase_past_retention


@flow(name="retention")
def retention(months: int | None = None) -> list[str]:
    return erase_past_retention(months)
