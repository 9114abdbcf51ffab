"""Validation errors said plainly: one line per bad field, named."""

from pydantic import ValidationError


def describe(error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "input"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "missing":
            message = "required, missing"
        elif problem["type"] == "extra_forbidden":
            message = "unknown field"
        lines.append(f"{where}: {message}")
    return lines
