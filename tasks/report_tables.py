"""The report's tables, one home for what both the Prefect cards and the HTML page show:
labels and names for people, journey ids only (never a newcomer's name, unless a coordinator
asks for names on the page)."""

from collections.abc import Callable
from dataclasses import dataclass

from models.organisations import organisation_name
from models.report import NO_GROUP, Figures, OfficeReport, ReadySpread
from models.steps import STEPS, label

STEP_ORDER = {spec.name: position for position, spec in enumerate(STEPS)}
CARD_ROWS = 100  # a list longer than this is cut on a Prefect card, with a pointer


@dataclass(frozen=True)
class Table:
    key: str  # stable: the Prefect artifact's key and the HTML table's id
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    header: list[str]
    rows: Callable[[Figures, OfficeReport], list[tuple[str | None, list[str]]]]


def _days(value: float) -> str:
    return f"{value:g}"


def _stages(f: Figures, _r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    return [(s.group, [s.stage.value.replace("_", " "), str(s.journeys)]) for s in f.stages]


def _steps(f: Figures, _r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    ordered = sorted(f.steps, key=lambda s: (s.group or "", STEP_ORDER[s.step]))
    return [
        (s.group, [label(s.step), str(s.waiting), str(s.pending), str(s.failed)])
        for s in ordered
        if s.waiting or s.pending or s.failed
    ]


def _times(f: Figures, _r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    ordered = sorted(f.times, key=lambda t: (t.group or "", STEP_ORDER[t.step]))
    return [(t.group, [label(t.step), str(t.count), _days(t.median), str(t.p90)]) for t in ordered]


def _bottlenecks(f: Figures, _r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    ordered = sorted(f.bottlenecks, key=lambda b: (b.group or "", -b.longest_wait))
    return [
        (
            b.group,
            [
                organisation_name(b.organisation),
                str(b.open_steps),
                _days(b.median_wait),
                str(b.longest_wait),
                str(b.overdue),
            ],
        )
        for b in ordered
    ]


def _overdue(f: Figures, _r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    return [
        (
            o.group,
            [
                o.journey_id,
                label(o.step),
                organisation_name(o.organisation),
                o.due.isoformat(),
                str(o.days_over),
            ],
        )
        for o in f.overdue
    ]


def _weeks(f: Figures, _r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    return [
        (w.group, [w.week.isoformat(), str(w.launched), str(w.finished), str(w.steps_done)])
        for w in f.weeks
    ]


def _spread(f: Figures, r: OfficeReport) -> list[tuple[str | None, list[str]]]:
    return [(s.group, _spread_row(s)) for s in r.spread(f.grouping)]


def _spread_row(s: ReadySpread) -> list[str]:
    return [str(s.journeys), s.first.isoformat(), s.median.isoformat(), s.last.isoformat()]


SECTIONS = (
    Section("stages", "Open journeys per stage", ["stage", "journeys"], _stages),
    Section("funnel", "Steps of open journeys", ["step", "waiting", "pending", "failed"], _steps),
    Section(
        "step-times",
        "Days per step (steps done)",
        ["step", "done", "median days", "90th percentile days"],
        _times,
    ),
    Section(
        "bottlenecks",
        "Waiting on whom (open steps, days waited so far)",
        ["organisation", "open steps", "median wait", "longest wait", "overdue"],
        _bottlenecks,
    ),
    Section(
        "overdue",
        "Overdue steps, longest overdue first",
        ["journey", "step", "organisation", "due", "days over"],
        _overdue,
    ),
    Section(
        "throughput",
        "Weekly throughput (weeks begin on Monday)",
        ["week", "journeys launched", "journeys finished", "steps done"],
        _weeks,
    ),
    Section(
        "forecast",
        "Ready to work: when open journeys likely are",
        ["open journeys", "first likely", "middle likely", "latest (90%)"],
        _spread,
    ),
)


def tables(report: OfficeReport, grouping: str | None) -> list[Table]:
    """Each section's table for the office (grouping None) or per group of a grouping."""
    figures = report.figures[grouping]
    found = []
    for section in SECTIONS:
        rows = section.rows(figures, report)
        if grouping is None:
            found.append(Table(section.key, section.title, section.header, [r for _, r in rows]))
        else:
            found.append(
                Table(
                    f"{section.key}-by-{grouping}",
                    f"{section.title}, by {grouping}",
                    [grouping, *section.header],
                    [[group or NO_GROUP, *r] for group, r in rows],
                )
            )
    return found


def forecast_table(report: OfficeReport, names: dict[str, str] | None = None) -> Table:
    """Each open journey's ready-to-work interval, soonest first; names only if given."""
    header = ["journey", *(["newcomer"] if names is not None else []), "likely", "late (90%)"]
    ordered = sorted(report.outlooks, key=lambda o: (o.forecast.ready.likely, o.journey_id))
    rows = [
        [
            o.journey_id,
            *([names.get(o.journey_id, "")] if names is not None else []),
            o.forecast.ready.likely.isoformat(),
            o.forecast.ready.late.isoformat(),
        ]
        for o in ordered
    ]
    return Table("ready", "Ready to work, per journey", header, rows)
