"""Legal deadlines; the step records (models/steps.py) say which step sets which.

Anmeldung within 2 weeks of moving in (§17(1) BMG); the competent body confirms receipt of a
recognition application within 1 month and decides within 3 months of complete documents (BQFG).
"""

import calendar
from datetime import date, timedelta

ANMELDUNG_PERIOD = timedelta(days=14)


def add_months(day: date, months: int) -> date:
    """A period in months ends on the same day number, or the month's last day (§188 BGB)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def anmeldung_due(move_in: date) -> date:
    return move_in + ANMELDUNG_PERIOD


def days_left(due: date, today: date) -> int:
    return (due - today).days
