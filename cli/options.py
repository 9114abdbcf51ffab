"""Decision fields given as command-line options: `--registered-on 2027-01-10 --gaps a --gaps b`."""

import types
import typing
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cli.errors import BAD_INPUT, Failure
from models.dates import iso_date
from tasks.arrivals import BadFile, read_json_object


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
        return read_json_object(path, "one decision")
    except BadFile as error:
        raise BadOptions(str(error)) from None


def _is_date(annotation: Any) -> bool:
    return annotation is date or date in typing.get_args(annotation)


def shape_fields(model: type[BaseModel], fields: dict[str, Any]) -> dict[str, Any]:
    """A list field given once is still a list; dates may be written 01.12.2026."""
    shaped = dict(fields)
    for name, info in model.model_fields.items():
        value = shaped.get(name)
        if typing.get_origin(info.annotation) is list and isinstance(value, str):
            shaped[name] = [value]
        elif _is_date(info.annotation) and isinstance(value, str):
            shaped[name] = iso_date(value)
    return shaped


def _kind(annotation: Any) -> str:
    kind = annotation
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        kind = next(a for a in typing.get_args(kind) if a is not type(None))
    if typing.get_origin(kind) is list:
        return f"{_kind(typing.get_args(kind)[0])} (repeat for several)"
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "|".join(str(member.value) for member in kind)
    if kind is date:
        return "DATE (2026-12-01 or 01.12.2026)"
    if kind is bool:
        return "flag"
    return "TEXT"


def field_help(model: type[BaseModel]) -> list[str]:
    """One line per field: option, allowed values, whether it is required, what it means."""
    lines = []
    for name, info in model.model_fields.items():
        if (info.json_schema_extra or {}).get("today"):
            need = "default: today"
        elif info.is_required():
            need = "required"
        else:
            need = "optional"
        what = f"  {info.description}" if info.description else ""
        lines.append(f"--{name.replace('_', '-')} {_kind(info.annotation)}  ({need}){what}")
    return lines


def day_given(text: str) -> date:
    """A day as typed on the command line (01.03.2027 or 2027-03-01)."""
    try:
        return date.fromisoformat(iso_date(text))
    except ValueError:
        message = f"'{text}' is not a date (write 01.03.2027 or 2027-03-01)"
        raise Failure(message, BAD_INPUT) from None
