"""How plans and journeys look in a terminal: human labels and Berlin time; ids stay in --json."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from models.organisations import organisation_name
from models.plan import Plan
from models.status import JourneySummary
from models.steps import STEPS, label
from models.tables import JourneyStep, Newcomer
from tasks.settings import office_time

if TYPE_CHECKING:  # the office service imports Prefect; help and plans need not wait for it
    from tasks.office import JourneyDetail


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
                ("* " if s.required else "- ") + label(s.step),
                organisation_name(s.organisation),
                ", ".join(label(d) for d in s.depends_on) or "-",
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


def _waiting(summary: JourneySummary) -> str:
    parts = [f"{label(step)} ({organisation_name(org)})" for step, org in summary.waiting]
    parts += [
        f"{label(step)}: decided, applies when the journey next runs" for step in summary.decided
    ]
    parts += [f"{label(step)}: FAILED" for step in summary.failed]
    return "; ".join(parts) or "-"


def status_table(rows: Sequence[tuple[JourneySummary, Newcomer]]) -> str:
    lines = [
        [
            s.journey_id,
            newcomer.name,
            s.state.value,
            _waiting(s),
            _day(s.since),
            "-" if s.days_to_due is None else f"{s.days_to_due:+d} d ({_day(s.next_due)})",
            ", ".join(label(step) for step in s.overdue) or "-",
        ]
        for s, newcomer in rows
    ]
    header = ["journey", "newcomer", "state", "waits on", "since", "next deadline", "overdue"]
    return table(header, lines) if lines else "No open journeys."


def status_json(rows: Sequence[tuple[JourneySummary, Newcomer]]) -> list[dict[str, Any]]:
    return [
        {
            "journey": s.journey_id,
            "state": s.state.value,
            "waiting": [{"step": step, "organisation": org} for step, org in s.waiting],
            "decided": s.decided,
            "failed": s.failed,
            "since": _day(s.since) if s.since else None,
            "next_due": s.next_due.isoformat() if s.next_due else None,
            "overdue": s.overdue,
        }
        for s, _newcomer in rows
    ]


def journey_text(detail: "JourneyDetail") -> str:
    summary = detail.summary
    head = f"{summary.journey_id}  {detail.newcomer.name}  {summary.state.value}" + (
        f"  OVERDUE: {', '.join(label(s) for s in summary.overdue)}" if summary.overdue else ""
    )
    rows = [
        [
            s.stage.replace("_", " "),
            label(s.step),
            organisation_name(s.organisation),
            _step_status(s, summary),
            office_time(s.since),
            _day(s.due),
            str(s.attempts),
            s.last_error or _outcome(s),
        ]
        for s in detail.steps
    ]
    history = [
        [office_time(e.at, seconds=True), label(e.step), e.event, e.detail] for e in detail.events
    ]
    header = ["stage", "step", "organisation", "status", "since", "due", "tries", "outcome / error"]
    return "\n\n".join(
        [
            head,
            table(header, rows),
            "history\n" + table(["at", "step", "event", "detail"], history),
        ]
    )


def _step_status(step: JourneyStep, summary: JourneySummary) -> str:
    if step.step in summary.decided:
        return "decided (not applied yet)"
    return step.status.value


def _outcome(step: JourneyStep) -> str:
    if step.outcome:
        return ", ".join(f"{k}={v}" for k, v in step.outcome.items() if k != "advisor" and v)
    return step.note if not step.required else ""


def steps_text() -> str:
    from cli.options import field_help

    parts = []
    for spec in STEPS:
        head = f"{spec.name}  ({label(spec.name)}, {spec.stage.value})"
        if spec.decision is None:
            parts.append(f"{head}\n    done by ankommen itself")
            continue
        parts.append("\n".join([head, *(f"    {line}" for line in field_help(spec.decision))]))
    return "\n".join(parts)


def professions_text() -> str:
    from models.professions import PROFESSIONS

    rows = [
        [
            p.name_de,
            p.name_en,
            "regulated" if p.regulated else "not regulated",
            organisation_name(p.competent_body),
            p.german_needed.value,
        ]
        for p in sorted(PROFESSIONS, key=lambda p: p.name_de.lower())
    ]
    return table(["profession", "in English", "", "recognised by", "German"], rows)
