"""Validation errors said plainly: one line per bad field, named; and text that is only text.

A rule over several fields (a permit valid after its issue) blames one of them by starting its
message with the field's name ("valid_until: must lie after ..."), so that it is named like
any other field, in a cohort's row as in a decision.
"""

import re
import unicodedata

from pydantic import AfterValidator, ValidationError

BLAMED = re.compile(r"^([a-z_]+): (.+)$", re.DOTALL)


def problems(error: ValidationError, whole: str = "input") -> list[tuple[str, str]]:
    """(field, message) for each problem; `whole` where no field can be blamed."""
    found = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "missing":
            message = "required, missing"
        elif problem["type"] == "extra_forbidden":
            message = "unknown field"
        if not where and (blamed := BLAMED.match(message)):
            where, message = blamed.groups()
        found.append((where or whole, message))
    return found


def describe(error: ValidationError) -> list[str]:
    return [f"{where}: {message}" for where, message in problems(error)]


# Line breaks and other control characters (a NUL, a terminal's escape) in a name would break
# the lines of our tables and exports, and PostgreSQL stores no NUL at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _no_control_characters(text: str) -> str:
    if found := _CONTROL.search(text):
        character = found.group()
        what = unicodedata.name(character, "").lower() or f"U+{ord(character):04X}"
        raise ValueError(f"has a control character in it ({what}): only printable text is taken")
    return text


# Put after a field's length limits, so that those are said as for any text:
# `Annotated[str, Field(max_length=200), PLAIN]`.
PLAIN = AfterValidator(_no_control_characters)
