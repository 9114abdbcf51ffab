"""Dates as people in a German office write them."""

import re

GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def iso_date(text: str) -> str:
    """01.12.2026 (as written in Germany) -> 2026-12-01; anything else is left to the model."""
    if match := GERMAN_DATE.match(text.strip()):
        day, month, year = (int(part) for part in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text
