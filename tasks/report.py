"""The office report, gathered from our database (figures for the office as a whole and per
grouping, every open journey's forecast) and written as a page. Without Prefect, so that the
command line makes a page at once when no server answers (tasks/report_tasks.py: in Prefect)."""

from datetime import date
from pathlib import Path

from models.report import GROUPINGS, OfficeReport
from tasks.database import session
from tasks.figures import figures, synthetic_journeys
from tasks.forecasts import open_forecasts
from tasks.journeys import open_journey_names
from tasks.report_page import write_page
from tasks.settings import get_settings


def gather(today: date) -> OfficeReport:
    with session() as db:
        return OfficeReport(
            today=today,
            figures={g: figures(db, today, g) for g in (None, *GROUPINGS)},
            outlooks=open_forecasts(db, today),
            synthetic=synthetic_journeys(db),
        )


def default_page() -> Path:
    return get_settings().home.resolve() / "report.html"


def write(report: OfficeReport, path: Path, *, names: bool) -> Path:
    if not names:
        return write_page(report, path)
    with session() as db:
        return write_page(report, path, open_journey_names(session=db))
