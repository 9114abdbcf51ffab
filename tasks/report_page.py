"""The office report as one self-contained HTML page: charts as inline SVG, tables, no script,
no link to fetch, so that it opens offline and passes any firewall.

It names journeys by case number only. A coordinator's variant with newcomers' names is made
only when asked for (`names=True`), and says so at its top.
"""

from html import escape
from pathlib import Path

from models.report import GROUPINGS, OfficeReport
from tasks import charts
from tasks.pages import BASE_STYLE, write_whole
from tasks.report_tables import Table, forecast_table, tables

STYLE = (
    BASE_STYLE
    + """
.charts { display: grid; grid-template-columns: 1fr; gap: 1.5em; }
.charts svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 1em 0; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
"""
)


def _cell(text: str) -> str:
    numeric = text.replace(".", "", 1).isdigit()
    return f'<td class="n">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>"


def _table(table: Table) -> str:
    if not table.rows:
        return f'<p class="none" id="{table.key}">{escape(table.title)}: none yet.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = "".join(f"<tr>{''.join(_cell(c) for c in row)}</tr>" for row in table.rows)
    return (
        f'<table id="{table.key}"><caption>{escape(table.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _banners(report: OfficeReport, names: bool) -> list[str]:
    found = []
    if names:
        found.append(
            '<div class="banner names" id="names-warning">With newcomers\' names: personal '
            "data, for the Welcome Office's coordinators only. Do not forward.</div>"
        )
    if report.synthetic:
        found.append(
            f'<div class="banner synthetic" id="synthetic-warning">Includes {report.synthetic}'
            " synthetic journeys made up by the demo to give the forecast a history: these are "
            "not real figures.</div>"
        )
    return found


def page(report: OfficeReport, names: dict[str, str] | None = None) -> str:
    office = report.figures[None]
    grouping_for_spread = "cohort" if report.spread("cohort") else "employer"
    pictures = [
        charts.funnel(office),
        charts.waiting(office),
        charts.trend(office),
        charts.forecast_months([o.forecast.ready.likely for o in report.outlooks]),
        charts.forecast_spread(report.spread(grouping_for_spread), grouping_for_spread),
    ]
    open_journeys = len(report.outlooks)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Welcome Office report {report.today.isoformat()}</title>",
        f"<style>{STYLE}</style></head><body>",
        *_banners(report, names is not None),
        "<h1>Welcome Office report</h1>",
        f"<p>As of {report.today.isoformat()}: {open_journeys} open journeys, "
        f"{len(office.overdue)} overdue steps. "
        + ("" if names is not None else "Journeys by case number only, without names. ")
        + "Days are calendar days.</p>",
        '<div class="charts" id="charts">',
        *(f"<figure>{svg}</figure>" for svg in pictures),
        "</div>",
        "<h2>The office</h2>",
        *(_table(t) for t in tables(report, None)),
    ]
    for grouping in GROUPINGS:
        parts += [f"<h2>By {grouping}</h2>", *(_table(t) for t in tables(report, grouping))]
    parts += ["<h2>Each open journey</h2>", _table(forecast_table(report, names))]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_page(report: OfficeReport, path: Path, names: dict[str, str] | None = None) -> Path:
    return write_whole(path, page(report, names))
