"""Arrivals as coordinators hand them in: one JSON object per file (a cohort CSV later)."""

import json
from pathlib import Path

from pydantic import ValidationError

from models.arrival import Arrival
from models.validation import describe


class BadArrival(ValueError):
    """The file cannot be read, or does not describe a valid arrival; nothing was stored."""


def read_arrival(path: Path) -> Arrival:
    try:
        data = json.loads(path.read_text())
    except OSError as error:
        raise BadArrival(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise BadArrival(f"{path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadArrival(f"{path} must hold one JSON object (one arrival)")
    try:
        return Arrival.model_validate(data)
    except ValidationError as error:
        lines = "\n".join(f"  {line}" for line in describe(error))
        raise BadArrival(f"{path} is not a valid arrival; nothing was stored:\n{lines}") from None
