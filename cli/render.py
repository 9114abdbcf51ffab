"""How plans and journeys look in a terminal: human labels and Berlin time; ids stay in --json."""

import csv
import io
import textwrap
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from models.organisations import organisation_name
from models.plan import Plan
from models.status import JourneyState, JourneySummary
from models.steps import STEPS, label, step_spec
from models.tables import (
    DocumentReceived,
    JourneyStep,
    Notification,
    NotificationStatus,
    StepEvent,
    StepStatus,
)
from tasks.settings import office_time

if TYPE_CHECKING:  # help and plans need not wait for the database layer
    from models.forecast import Forecast, Outlook
    from models.staying import Eligibility, StayingOutlook
    from tasks.agenda import Expected
    from tasks.forecasts import Backtest
    from tasks.overview import JourneyDetail, StatusPage
    from tasks.work_list import WorkFilter, WorkItem


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
                organisation_name(s.organisation)
                if s.organisation or not s.required
                else f"decided at {label('competent_body')}",
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


WIDTH = 120  # a terminal of 120 columns shows a status row on one line
NEWCOMER_WIDTH = 20


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _waiting(summary: JourneySummary) -> str:
    parts = [f"{label(s)}: FAILED" for s in summary.failed]
    parts += [f"{label(step)}: decided" for step in summary.decided]  # applied on the next run
    parts += [f"{label(step)} ({organisation_name(org)})" for step, org in summary.waiting]
    return "; ".join(parts) or "-"


def _due(summary: JourneySummary) -> str:
    if summary.next_due is None or summary.days_to_due is None:
        return "-"
    days = summary.days_to_due
    return f"{_day(summary.next_due)} " + (f"{-days} d late" if days < 0 else f"in {days} d")


def status_text(page: "StatusPage") -> str:
    if not page.rows:
        return f"No {_what(page)}." if page.total == 0 else f"No more {_what(page)}."
    header = ["journey", "newcomer", "state", "since", "next deadline", "waits on"]
    lines = [
        [
            s.journey_id,
            fit(newcomer.name, NEWCOMER_WIDTH),
            "overdue" if s.overdue and s.state is not JourneyState.FAILED else s.state.value,
            _day(s.since),
            _due(s),
            _waiting(s),
        ]
        for s, newcomer in page.rows
    ]
    fixed = max(len(line[0]) for line in lines) + NEWCOMER_WIDTH + 8 + 10 + 20 + 2 * 5
    for line in lines:
        line[-1] = fit(line[-1], WIDTH - fixed)
    first, last = page.filter.offset + 1, page.filter.offset + len(page.rows)
    footer = f"{first}–{last} of {page.total} {_what(page)}, {page.overdue} overdue."
    if last < page.total:
        footer += f" More: --offset {last}"
    return table(header, lines) + "\n\n" + footer


def _what(page: "StatusPage") -> str:
    wanted = page.filter
    what = "journeys" if wanted.finished else "open journeys"
    if wanted.overdue:
        what = f"overdue {what}"
    if wanted.organisation:
        what += f" waiting on {organisation_name(wanted.organisation)}"
    if wanted.stage:
        what += f" in {wanted.stage.replace('_', ' ')}"
    return what


def summary_json(s: JourneySummary) -> dict[str, Any]:
    return {
        "journey": s.journey_id,
        "state": s.state.value,
        "waiting": [{"step": step, "organisation": org} for step, org in s.waiting],
        "decided": s.decided,
        "failed": s.failed,
        "since": _day(s.since) if s.since else None,
        "next_due": s.next_due.isoformat() if s.next_due else None,
        "overdue": s.overdue,
    }


def status_json(page: "StatusPage") -> dict[str, Any]:
    return {
        "total": page.total,
        "overdue": page.overdue,
        "offset": page.filter.offset,
        "limit": page.filter.limit,
        "journeys": [summary_json(s) for s, _newcomer in page.rows],
    }


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
    history = _history_rows(detail.events)
    header = ["stage", "step", "organisation", "status", "since", "due", "tries", "outcome / error"]
    return "\n\n".join(
        [
            head,
            table(header, rows),
            forecast_lines(detail.forecast),
            staying_lines(detail.staying, detail.today),
            "history\n" + table(HISTORY_HEADER, history),
        ]
    )


def journey_json(detail: "JourneyDetail") -> dict[str, Any]:
    """One journey for other tools: the list's summary, plus when the newcomer may stay."""
    return {**summary_json(detail.summary), "staying": staying_json(detail.staying, detail.today)}


def _applications(outlook: "StayingOutlook") -> "list[tuple[str, str, Eligibility]]":
    """Each application to stay for good: its JSON key, its label, and when."""
    return [
        ("settlement", "settlement permit (Niederlassungserlaubnis)", outlook.settlement),
        ("naturalisation", "naturalisation (Einbürgerung)", outlook.naturalisation),
    ]


def _may_apply_now(found: "Eligibility", today: date) -> bool:
    return found.earliest is not None and found.earliest <= today and not found.missing


def _apply_from(found: "Eligibility", today: date) -> str:
    if found.earliest is None:
        return "no date yet" if found.needed else "not needed"
    if found.earliest > today:
        return f"from {_day(found.earliest)}"
    # The day has passed; what is still missing (German, as a rule) keeps it from being now.
    now = "may apply now" if _may_apply_now(found, today) else "passed"
    return f"from {_day(found.earliest)} ({now})"


def staying_lines(outlook: "StayingOutlook", today: date) -> str:
    """When the newcomer may apply to stay for good, by the rule applied, with what is still
    missing and what the advisor checks with them (models/staying.py)."""
    lines = ["staying (when the newcomer may apply; the authorities decide)"]
    for _key, name, found in _applications(outlook):
        lines.append(f"{name}: {_apply_from(found, today)}")
        notes = [("rule", [found.rule]), ("missing", found.missing), ("to check", found.to_check)]
        lines += [
            textwrap.fill(
                f"{what}: {'; '.join(text)}", WIDTH, initial_indent="  ", subsequent_indent="    "
            )
            for what, text in notes
            if text
        ]
    return "\n".join(lines)


def staying_json(outlook: "StayingOutlook", today: date) -> dict[str, Any]:
    return {
        key: {
            "needed": found.needed,
            "earliest": found.earliest.isoformat() if found.earliest else None,
            "may_apply_now": _may_apply_now(found, today),
            "rule": found.rule,
            "missing": list(found.missing),
            "to_check": list(found.to_check),
        }
        for key, _name, found in _applications(outlook)
    }


def forecast_lines(found: "Forecast") -> str:
    """A journey's forecast: likely (median) to late (90th percentile) dates."""
    rows = [
        [stage.value.replace("_", " "), _day(e.likely), _day(e.late)]
        for stage, e in found.stages.items()
    ]
    rows.append(["READY TO WORK", _day(found.ready.likely), _day(found.ready.late)])
    return "forecast (models/forecast.py)\n" + table(["done", "likely", "late (90%)"], rows)


def forecast_text(outlooks: "list[Outlook]", limit: int) -> str:
    if not outlooks:
        return "No open journeys."
    ordered = sorted(outlooks, key=lambda o: (o.forecast.ready.likely, o.journey_id))[:limit]
    rows = [
        [
            o.journey_id,
            o.groups.get("employer") or "-",
            o.groups.get("cohort") or "-",
            _day(o.forecast.ready.likely),
            _day(o.forecast.ready.late),
        ]
        for o in ordered
    ]
    header = ["journey", "employer", "cohort", "ready: likely", "late (90%)"]
    more = (
        f"\n\n{len(ordered)} of {len(outlooks)}; --limit for more." if len(outlooks) > limit else ""
    )
    return "\n\n".join([table(header, rows) + more, *_spreads(outlooks)])


def _spreads(outlooks: "list[Outlook]") -> list[str]:
    """Per cohort and per employer: when its people are likely ready, first to last."""
    from models.report import GROUPINGS, spread

    found = []
    for grouping in GROUPINGS:
        rows = [
            [s.group or "-", str(s.journeys), _day(s.first), _day(s.median), _day(s.last)]
            for s in spread(outlooks, grouping)
        ]
        if rows:
            header = [grouping, "journeys", "first likely", "middle likely", "latest (90%)"]
            found.append(f"by {grouping}\n" + table(header, rows))
    return found


def backtest_text(result: "Backtest | None") -> str:
    if result is None:
        return "No finished journey waited on anything before it could work: nothing to test."
    synthetic = (
        f" ({result.synthetic} of them synthetic, made up by the demo)" if result.synthetic else ""
    )
    return (
        f"Back-test on {result.journeys} finished journeys{synthetic}, each forecast on its "
        "launch day from the history finished before it.\n"
        "Mean absolute error of the likely ready-to-work date:\n"
        f"  ankommen's forecast        {result.ours:6.1f} days\n"
        f"  legal limits only (naive)  {result.baseline:6.1f} days\n"
        f"Ready on or before the forecast's late date (90th percentile): {result.within:.0%}"
    )


def _step_status(step: JourneyStep, summary: JourneySummary) -> str:
    if step.step in summary.decided:
        return "decided (not applied yet)"
    if step.paused_since:
        return f"paused since {_day(step.paused_since)} (Nachforderung)"
    return step.status.value


def _outcome(step: JourneyStep) -> str:
    if step.outcome:
        return ", ".join(f"{k}={v}" for k, v in step.outcome.items() if k != "advisor" and v)
    # why a step is not needed, and what an open one is about ("it may be a dentist")
    return step.note if not step.required or step.status is StepStatus.WAITING else ""


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


def professions_text(search: str | None) -> str:
    from models.professions import PROFESSIONS, close_professions, search_professions

    found = PROFESSIONS if search is None else search_professions(search)
    if not found:
        close = close_professions(search or "")
        hint = f"; close: {', '.join(close)}" if close else ""
        return f"No profession in the catalogue matches {search!r}{hint}."
    rows = [
        [
            p.name_de,
            p.name_en,
            "regulated" if p.regulated else "not regulated",
            organisation_name(p.competent_body),
            p.german_needed.value,
        ]
        for p in sorted(found, key=lambda p: p.name_de.lower())
    ]
    return table(["profession", "in English", "", "recognised by", "German"], rows)


def cohort_text(name: str, page: "StatusPage", outlooks: "list[Outlook]") -> str:
    from models.report import spread

    states = Counter(summary.state.value for summary, _ in page.rows)
    overdue = sum(1 for summary, _ in page.rows if summary.overdue)
    counts = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    head = f"Cohort {name}: {page.total} journeys: {counts}; {overdue} overdue."
    if outlooks:
        (ready,) = spread(outlooks, None)
        head += (
            f"\nReady to work (open journeys): first likely {_day(ready.first)}, middle "
            f"{_day(ready.median)}, latest (90%) {_day(ready.last)}."
        )
    return head + "\n\n" + status_text(page).rsplit("\n\n", 1)[0]


def cohort_csv(page: "StatusPage", outlooks: "list[Outlook]") -> str:
    ready = {o.journey_id: o.forecast.ready for o in outlooks}
    rows = []
    for summary, newcomer in page.rows:
        estimate = ready.get(summary.journey_id)
        rows.append(
            [
                summary.journey_id,
                newcomer.name,
                summary.state.value,
                " ".join(f"{step}@{org}" for step, org in summary.waiting),
                _day(summary.since) if summary.since else "",
                _day(summary.next_due) if summary.next_due else "",
                " ".join(summary.overdue),
                _day(estimate.likely) if estimate else "",
                _day(estimate.late) if estimate else "",
            ]
        )
    header = ["journey", "newcomer", "state", "waits_on", "since", "next_due", "overdue",
              "ready_likely", "ready_late"]  # fmt: skip
    return csv_text(header, rows)


# What a spreadsheet would read as a formula (OWASP, CSV injection): "=HYPERLINK(...)" in a name.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell: object) -> object:
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV for a spreadsheet, each cell shown as the text it is, never run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_as_text(cell) for cell in row] for row in rows])
    return out.getvalue().rstrip("\n")


def work_text(wanted: "WorkFilter", items: "list[WorkItem]", total: int, today: date) -> str:
    who = organisation_name(wanted.organisation)
    if not items:
        return f"No more steps wait on {who}." if total else f"Nothing waits on {who}."
    rows = [
        [
            item.journey_id,
            fit(item.newcomer, NEWCOMER_WIDTH),
            fit(label(item.step), 36),
            "FAILED"
            if item.status is StepStatus.FAILED
            else "overdue"
            if item.overdue(today)
            else "",
            _day(item.since),
            _day(item.due),
            item.cohort or "-",
            item.claimed_by or "-",
        ]
        for item in items
    ]
    header = ["journey", "newcomer", "step", "", "since", "deadline", "cohort", "claimed by"]
    first, last = wanted.offset + 1, wanted.offset + len(items)
    footer = f"{first}–{last} of {total} open steps waiting on {who}."
    if last < total:
        footer += f" More: --offset {last}"
    return table(header, rows) + "\n\n" + footer


def work_json(items: "list[WorkItem]", total: int, today: date) -> dict[str, Any]:
    return {
        "total": total,
        "steps": [
            {
                "journey": item.journey_id,
                "step": item.step,
                "status": item.status.value,
                "since": item.since.isoformat() if item.since else None,
                "due": item.due.isoformat() if item.due else None,
                "overdue": item.overdue(today),
                "cohort": item.cohort,
                "claimed_by": item.claimed_by,
            }
            for item in items
        ],
    }


def agenda_text(day: date, expected: "list[Expected]") -> str:
    if not expected:
        return f"Nobody is expected on {_day(day)}."
    parts = [f"Expected on {_day(day)}: {len(expected)} newcomer(s)."]
    for person in expected:
        lines = [f"\n{person.plan.journey_id}  {person.name}"]
        for number, visit in enumerate(person.plan.visits, 1):
            lines.append(
                f"  {number}. {organisation_name(visit.organisation)}: {label(visit.step)}"
            )
            lines.append(f"     bring: {'; '.join(visit.bring)}")
        if not person.plan.visits:
            lines.append("  nothing to do in person that day")
        for block in person.plan.blocked:
            waits = ", ".join(label(w) for w in block.waits_on)
            lines.append(f"  not yet: {label(block.step)}, waits on {waits}")
        parts.append("\n".join(lines))
    return "\n".join(parts)


def agenda_csv(expected: "list[Expected]") -> str:
    rows = [
        [person.plan.journey_id, person.name, number, visit.organisation or "", visit.step,
         "; ".join(visit.bring)]
        for person in expected
        for number, visit in enumerate(person.plan.visits, 1)
    ]  # fmt: skip
    return csv_text(["journey", "newcomer", "order", "organisation", "step", "bring"], rows)


HISTORY_HEADER = ["at", "step", "event", "by", "from", "detail"]


def _history_rows(events: "Sequence[StepEvent]") -> list[list[str]]:
    return [
        [office_time(e.at, seconds=True), label(e.step), e.event, e.actor, e.source, e.detail]
        for e in events
    ]


def history_text(journey_id: str, events: "Sequence[StepEvent]") -> str:
    return f"{journey_id}: who did what, when, from where\n\n" + table(
        HISTORY_HEADER, _history_rows(events)
    )


SENDING_UNKNOWN = "unknown: the sender stopped while sending; not sent again"


def notifications_json(rows: "Sequence[Notification]") -> list[dict[str, object]]:
    return [
        {
            "key": n.key,
            "journey": n.journey_id,
            "kind": n.kind,
            "recipient": n.recipient,
            "language": n.language,
            "subject": n.subject,
            "body": n.body,
            "status": n.status.value,
            "attempts": n.attempts,
            "sent_at": n.sent_at.isoformat() if n.sent_at else None,
            "error": n.last_error,
        }
        for n in rows
    ]


def notifications_text(title: str, rows: "Sequence[Notification]") -> str:
    if not rows:
        return f"{title}: nothing."
    return f"{title}:\n\n" + table(
        ["status", "to", "language", "subject", "sent", "remark"],
        [
            [
                n.status.value,
                n.recipient,
                n.language,
                n.subject,
                office_time(n.sent_at) if n.sent_at else "-",
                SENDING_UNKNOWN if n.status is NotificationStatus.SENDING else (n.last_error or ""),
            ]
            for n in rows
        ],
    )


def documents_text(
    journey_id: str,
    steps: Sequence[JourneyStep],
    arrived: dict[tuple[str, str], DocumentReceived],
) -> str:
    """Each checklist of a journey: what arrived (when, ticked by whom) and what is missing."""
    parts = []
    for row in steps:
        if not row.documents:
            continue
        spec = step_spec(row.step)
        got = [arrived.get((row.step, key)) for key in row.documents]
        parts.append(
            f"{spec.label} ({row.step}, {organisation_name(row.organisation)}, {row.status.value}):"
            f" {sum(1 for g in got if g)} of {len(got)} arrived"
        )
        rows = [
            [("✓ " if g else "- ") + key, spec.document(key).label if spec.document(key) else key,
             _day(g.received_on) if g else "-", g.ticked_by if g else ""]
            for key, g in zip(row.documents, got, strict=True)
        ]  # fmt: skip
        parts += [table(["  document", "", "arrived", "ticked by"], rows), ""]
    return "\n".join(parts) or f"{journey_id} has no checklist."
