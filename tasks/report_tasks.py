"""The office report's steps as Prefect tasks. They keep no results: the report is made
afresh each time, and a page with names must not leave a copy in Prefect's result storage."""

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from models.report import OfficeReport
from tasks import report_cards
from tasks.report import gather, write
from tasks.settings import get_settings

REPORT_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="gather-figures", **REPORT_TASK)
def gather_report() -> OfficeReport:
    return gather(get_settings().current_date())


@task(name="write-page", **REPORT_TASK)
def write_report_page(report: OfficeReport, path: Path, names: bool) -> Path:
    return write(report, path, names=names)


@task(name="publish-cards", **REPORT_TASK)
def publish_report(report: OfficeReport, page: Path) -> list[str]:
    return report_cards.publish(report, page)
