"""How plans and journeys look in a terminal."""

from collections.abc import Sequence
from datetime import date

from models.plan import Plan
from models.status import JourneySummary
from models.steps import STEPS
from models.tables import JourneyStep, StepEvent, as_utc


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    lines = [header, ["-" * width for width in widths], *rows]
    return "\n".join(
        "  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _day(day: date | None) -> str:
    return day.isoformat() if day else "-"


def plan_text(plan: Plan) -> str:
    parts = []
    for stage in plan.stages:
        parts.append(f"{stage.stage.value}{'' if stage.required else '  (not needed)'}")
        rows = [
            [
                ("* " if s.required else "- ") + s.step,
                s.organisation or "-",
                ", ".join(s.depends_on) or "-",
                _day(s.deadline),
                s.why,
            ]
            for s in stage.steps
        ]
        parts.append(table(["  step", "organisation", "after", "deadline", "why"], rows))
        parts.append("")
    parts.append(
        "* to do   - not needed. Recognition decision: due 3 months after the documents "
        "are complete."
    )
    return "\n".join(parts)


def status_table(summaries: Sequence[tuple[JourneySummary, str]]) -> str:
    rows = [
        [
            s.journey_id,
            name,
            s.state.value,
            "; ".join(s.waits_on) or "-",
            _day(s.since),
            "-" if s.days_to_due is None else f"{s.days_to_due:+d} d ({_day(s.next_due)})",
            ", ".join(s.overdue) or "-",
        ]
        for s, name in summaries
    ]
    header = ["journey", "newcomer", "state", "waits on", "since", "next deadline", "overdue"]
    return table(header, rows) if rows else "No open journeys."


def journey_text(
    summary: JourneySummary, name: str, steps: list[JourneyStep], events: list[StepEvent]
) -> str:
    head = f"{summary.journey_id}  {name}  {summary.state.value}" + (
        f"  OVERDUE: {', '.join(summary.overdue)}" if summary.overdue else ""
    )
    rows = [
        [
            s.stage,
            s.step,
            s.organisation or "-",
            s.status.value,
            as_utc(s.since).strftime("%Y-%m-%d %H:%M"),
            _day(s.due),
            str(s.attempts),
            s.last_error or _outcome(s),
        ]
        for s in steps
    ]
    history = [
        [as_utc(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.step, e.event, e.detail] for e in events
    ]
    return "\n\n".join(
        [
            head,
            table(
                [
                    "stage",
                    "step",
                    "organisation",
                    "status",
                    "since",
                    "due",
                    "tries",
                    "outcome / last error",
                ],
                rows,
            ),
            "history\n" + table(["at", "step", "event", "detail"], history),
        ]
    )


def _outcome(step: JourneyStep) -> str:
    if step.outcome:
        return ", ".join(f"{k}={v}" for k, v in step.outcome.items() if k != "advisor" and v)
    return step.note if not step.required else ""


def steps_text() -> str:
    rows = []
    for spec in STEPS:
        fields = (
            "(done by ankommen)"
            if spec.decision is None
            else " ".join(f"--{name.replace('_', '-')}" for name in spec.decision.model_fields)
        )
        rows.append([spec.stage.value, spec.name, fields])
    return table(["stage", "step", "decision fields"], rows)
