"""The office report in Prefect: one artifact card per figure under a stable key (office-…),
updated in place each day, the same figures as the HTML page, by case number only."""

from pathlib import Path

from models.report import GROUPINGS, OfficeReport
from tasks.report_tables import CARD_ROWS, SECTIONS, Table, tables
from tasks.runs import publish_card

SUMMARY_KEY = "office-report"


def markdown_table(table: Table) -> str:
    if not table.rows:
        return f"**{table.title}:** none yet."
    shown = table.rows[:CARD_ROWS]
    lines = [
        f"**{table.title}**",
        "",
        "| " + " | ".join(table.header) + " |",
        "|" + "---|" * len(table.header),
        *("| " + " | ".join(row) + " |" for row in shown),
    ]
    if len(table.rows) > len(shown):
        lines += ["", f"… and {len(table.rows) - len(shown)} more: see the HTML report."]
    return "\n".join(lines)


def cards(report: OfficeReport, page: Path | None) -> dict[str, str]:
    """Markdown per artifact key: each section for the office, then by employer and cohort."""
    by_grouping = {
        g: {t.key.split("-by-")[0]: t for t in tables(report, g)} for g in (None, *GROUPINGS)
    }
    found = {}
    for section in SECTIONS:
        parts = [f"# {section.title}", "", f"As of {report.today.isoformat()}.", ""]
        if report.synthetic:
            parts += [f"> Includes {report.synthetic} synthetic demo journeys: not real.", ""]
        for grouping in (None, *GROUPINGS):
            parts += [markdown_table(by_grouping[grouping][section.key]), ""]
        found[f"office-{section.key}"] = "\n".join(parts)
    office = report.figures[None]
    found[SUMMARY_KEY] = "\n".join(
        [
            f"# Welcome Office report, {report.today.isoformat()}",
            "",
            f"- open journeys: {len(report.outlooks)}",
            f"- overdue steps: {len(office.overdue)}",
            f"- the page with charts: `{page}`" if page else "- no page written this time",
            "- the figures: the artifacts office-" + ", office-".join(s.key for s in SECTIONS),
        ]
    )
    return found


def publish(report: OfficeReport, page: Path | None) -> list[str]:
    published = []
    for key, markdown in cards(report, page).items():
        publish_card(key, markdown, f"Welcome Office report: {key.removeprefix('office-')}")
        published.append(key)
    return published
