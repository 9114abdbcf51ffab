"""The report's charts, drawn with matplotlib to SVG text: no network, no script, nothing to
fetch, so the page works offline and behind an office's firewall."""

import io
from collections import Counter
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")  # no display: draw to files only
from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend

from models.organisations import organisation_name  # noqa: E402
from models.report import NO_GROUP, WEEKS, Figures, ReadySpread, Week  # noqa: E402
from models.steps import STEPS, label  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable, small, readable by tests
        "svg.hashsalt": "ankommen",  # the same figures draw the same file
        "font.family": "sans-serif",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
COLOURS = {"waiting": "#d95f02", "pending": "#7570b3", "failed": "#e7298a", "done": "#1b9e77"}


def _svg(figure: Figure, title: str) -> str:
    figure.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _empty(title: str) -> str:
    figure = Figure(figsize=(7, 1.2))
    figure.text(0.01, 0.3, "nothing to show yet", fontsize=10, color="#666")
    return _svg(figure, title)


def funnel(figures: Figures) -> str:
    title = "Where open journeys are: steps waiting, pending, failed"
    order = {spec.name: i for i, spec in enumerate(STEPS)}
    steps = sorted((s for s in figures.steps if s.group is None), key=lambda s: order[s.step])
    steps = [s for s in steps if s.waiting or s.pending or s.failed]
    if not steps:
        return _empty(title)
    figure = Figure(figsize=(7.5, 0.35 * len(steps) + 1))
    axes = figure.subplots()
    names = [label(s.step) for s in steps]
    left = [0] * len(steps)
    for status in ("waiting", "pending", "failed"):
        values = [getattr(s, status) for s in steps]
        axes.barh(names, values, left=left, color=COLOURS[status], label=status)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("open journeys")
    axes.legend(loc="lower right", frameon=False)
    return _svg(figure, title)


def waiting(figures: Figures) -> str:
    title = "Waiting time by organisation (days, open steps)"
    rows = sorted((b for b in figures.bottlenecks if b.group is None), key=lambda b: b.longest_wait)
    if not rows:
        return _empty(title)
    figure = Figure(figsize=(7.5, 0.4 * len(rows) + 1))
    axes = figure.subplots()
    names = [organisation_name(b.organisation) for b in rows]
    axes.barh(names, [b.longest_wait for b in rows], color="#fdae6b", label="longest wait")
    axes.barh(names, [b.median_wait for b in rows], color=COLOURS["waiting"], label="median wait")
    axes.set_xlim(left=0)
    axes.set_xlabel("days")
    axes.legend(loc="lower right", frameon=False)
    return _svg(figure, title)


def trend(figures: Figures) -> str:
    title = "Weekly trend: journeys launched and finished, steps done"
    counted = {w.week: w for w in figures.weeks if w.group is None}
    if not counted:
        return _empty(title)
    this_week = figures.today - timedelta(days=figures.today.weekday())
    days = [this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    weeks = [counted.get(day, Week(None, day)) for day in days]  # quiet weeks count zero
    figure = Figure(figsize=(7.5, 2.8))
    axes = figure.subplots()
    for name, colour in (("launched", "#7570b3"), ("finished", "#1b9e77"), ("steps_done", "#666")):
        axes.plot(days, [getattr(w, name) for w in weeks], marker="o", color=colour, label=name)
    axes.set_ylabel("per week")
    axes.legend(frameon=False)
    figure.autofmt_xdate()
    return _svg(figure, title)


def forecast_months(likely: list[date]) -> str:
    title = "Ready to work: open journeys by the month they are likely ready"
    if not likely:
        return _empty(title)
    months = Counter(day.strftime("%Y-%m") for day in likely)
    figure = Figure(figsize=(7.5, 2.8))
    axes = figure.subplots()
    names = sorted(months)
    axes.bar(names, [months[m] for m in names], color=COLOURS["done"])
    axes.set_ylabel("journeys")
    axes.tick_params(axis="x", labelrotation=45)
    return _svg(figure, title)


def forecast_spread(spreads: list[ReadySpread], grouping: str) -> str:
    title = f"Ready to work by {grouping}: first likely, middle likely, latest (90%)"
    if not spreads:
        return _empty(title)
    figure = Figure(figsize=(7.5, 0.4 * len(spreads) + 1))
    axes = figure.subplots()
    names = [s.group or NO_GROUP for s in spreads]
    axes.hlines(names, [s.first for s in spreads], [s.last for s in spreads], color="#999", lw=4)
    axes.plot([s.median for s in spreads], names, "o", color=COLOURS["waiting"])
    axes.invert_yaxis()
    figure.autofmt_xdate()
    return _svg(figure, title)
