"""Files people hand in: an arrival as one JSON object (a cohort CSV later), a decision."""

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.arrival import Arrival
from models.validation import describe


class BadFile(ValueError):
    """The file cannot be read, or does not hold what it should; nothing was stored."""


class BadArrival(BadFile):
    pass


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except OSError as error:
        raise BadFile(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise BadFile(f"{path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadFile(f"{path} must hold one JSON object ({what})")
    return data


def read_arrival(path: Path) -> Arrival:
    data = read_json_object(path, "one arrival")
    try:
        return Arrival.model_validate(data)
    except ValidationError as error:
        lines = "\n".join(f"  {line}" for line in describe(error))
        raise BadArrival(f"{path} is not a valid arrival; nothing was stored:\n{lines}") from None
