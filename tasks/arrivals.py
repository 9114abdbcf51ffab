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
        raw = path.read_bytes()
    except OSError as error:
        raise BadFile(f"cannot read {path}: {error.strerror}") from None
    try:
        data = json.loads(raw)  # UTF-8, -16 or -32, with or without a byte order mark
    except json.JSONDecodeError as error:
        raise BadFile(f"{path} is not JSON: {error}") from None
    except UnicodeDecodeError:
        raise BadFile(f"{path} is not JSON: it is not text in UTF-8") from None
    except ValueError:  # Python reads no number of over 4,300 digits
        raise BadFile(f"{path} is not JSON we read: a number in it is too long") from None
    except RecursionError:
        raise BadFile(f"{path} is not JSON we read: it nests too deep") from None
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
