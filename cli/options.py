"""Decision fields given as command-line options: `--registered-on 2027-01-10 --gaps a --gaps b`."""

import json
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel


class BadOptions(ValueError):
    pass


def parse_fields(tokens: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.startswith("--") or len(token) < 3:
            raise BadOptions(f"expected an option like --registered-on, got '{token}'")
        name = token[2:].replace("-", "_")
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.startswith("--"):
            value: Any = True  # a flag such as --temporary
            index += 1
        else:
            value = following
            index += 2
        fields[name] = [*_as_list(fields[name]), value] if name in fields else value
    return fields


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def read_decision_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except OSError as error:
        raise BadOptions(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise BadOptions(f"{path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadOptions(f"{path} must hold one JSON object")
    return data


def shape_lists(model: type[BaseModel], fields: dict[str, Any]) -> dict[str, Any]:
    """A list field given once on the command line is still a list."""
    shaped = dict(fields)
    for name, info in model.model_fields.items():
        if typing.get_origin(info.annotation) is list and isinstance(shaped.get(name), str):
            shaped[name] = [shaped[name]]
    return shaped
