"""What stays of a person after erasure (GDPR Art. 17) or once their data is kept no longer
(Art. 5(1)(e)): the pseudonymous statistics the reports are made of, nothing that names them.

A decision keeps the fields a report counts: dates, yes/no, numbers and chosen values (an
outcome, a measure, a title, an organisation); free text (the gaps of a Defizitbescheid, a
reason, a reference) goes, since a person may be written into it. The newcomer keeps where
they come from, what for and for which employer (an organisation the reports group by), not
who they are.
"""

import typing
from datetime import date
from enum import Enum
from types import NoneType, UnionType
from typing import Any

from pydantic import BaseModel

ERASED = "(erased)"  # the name shown where an erased person's was
RETENTION_MONTHS = 24  # kept after the journey finished, unless the office sets otherwise

# The newcomer's fields that stay: statistics, nobody's identity.
NEWCOMER_KEPT = frozenset({
    "id", "nationality", "profession_key", "qualification_country", "purpose", "german_level",
    "arrival_date", "move_in_date", "language", "fast_track", "employer", "created_at",
})  # fmt: skip


def _statistical(annotation: Any) -> bool:
    """Whether a field of this type holds a figure or a chosen value, never free text."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _statistical(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, UnionType):
        return all(_statistical(arg) for arg in typing.get_args(annotation))
    if typing.get_origin(annotation) is typing.Literal:
        return True
    return isinstance(annotation, type) and issubclass(
        annotation, date | bool | int | float | Enum | NoneType
    )


def kept_of(model: type[BaseModel], payload: dict[str, Any]) -> dict[str, Any]:
    """The part of a decision's or outcome's payload that erasure keeps."""
    kept = {name for name, field in model.model_fields.items() if _statistical(field.annotation)}
    return {name: value for name, value in payload.items() if name in kept or name == "advisor"}
