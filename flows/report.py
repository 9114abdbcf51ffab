"""The office report for managers: daily at 06:00 (Europe/Berlin) and on demand (`ankommen
report`). Figures and forecasts from our database become Prefect cards under stable keys
(office-…) and a page with charts (by default report.html in the office's home)."""

from pathlib import Path

from prefect import flow

from tasks.report import default_page
from tasks.report_tasks import gather_report, publish_report, write_report_page


@flow(name="office-report")
def office_report(page: str | None = None, names: bool = False) -> str:
    report = gather_report()
    written = write_report_page(report, Path(page) if page else default_page(), names)
    publish_report(report, written)
    return f"{report.headline()}. The page: {written}"
