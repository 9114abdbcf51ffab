"""Legal deadlines, and the deadlines a step's outcome sets for the steps after it.

Anmeldung within 2 weeks of moving in (§17(1) BMG); the competent body confirms receipt of a
recognition application within 1 month and decides within 3 months of complete documents (BQFG).
"""

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

ANMELDUNG_PERIOD = timedelta(days=14)


def add_months(day: date, months: int) -> date:
    """A period in months ends on the same day number, or the month's last day (§188 BGB)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def anmeldung_due(move_in: date) -> date:
    return move_in + ANMELDUNG_PERIOD


# step done -> (step whose deadline it sets, deadline from the outcome)
FOLLOW_UP_DEADLINES: dict[str, tuple[str, Callable[[Any], date]]] = {
    "accommodation": ("anmeldung", lambda o: anmeldung_due(o.move_in_date)),
    "recognition_application": ("recognition_documents", lambda o: add_months(o.submitted_on, 1)),
    "recognition_documents": ("recognition_decision", lambda o: add_months(o.complete_on, 3)),
}


def follow_up_deadline(step: str, outcome: Any) -> tuple[str, date] | None:
    rule = FOLLOW_UP_DEADLINES.get(step)
    return (rule[0], rule[1](outcome)) if rule else None


def days_left(due: date, today: date) -> int:
    return (due - today).days
