"""The form a waiting journey shows behind the Prefect UI's Resume button, and how answers
(from the form, or from `ankommen complete` and `retry`, which wake the journey) are read.

One suspension waits on one form, while several steps may be open at once (recognition takes
months while registration goes on). So the form offers one choice per open step, each with
that step's own fields, and one per failed step to run it again; the journey checks the
answer against the step's own rules and says on the next form why it refused one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union

from prefect.input import RunInput
from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from models.decisions import Decision as DecisionModel
from models.organisations import organisation_name
from models.steps import step_spec

RETRY = "retry:"


@dataclass(frozen=True)
class FormStep:
    step: str
    organisation: str | None
    due: date | None
    failed: bool


@dataclass(frozen=True)
class Answer:
    step: str
    advisor: str
    fields: dict[str, Any]
    retry: bool
    decision_id: int | None  # set when the decision is already recorded (it woke the journey)

    @property
    def woken(self) -> bool:
        """A wake-up for work already recorded (`ankommen complete` or `retry`), not a form."""
        return self.advisor == WAKER and (self.retry or self.decision_id is not None)


class AdvisorAnswer(RunInput):
    # Keeps what the form does not show, e.g. the decision id `ankommen complete` wakes us with.
    model_config = ConfigDict(extra="allow")


# How the Prefect UI (V2) renders the schema, found in a real browser: a union of step models
# becomes one tab per step, showing only that step's fields, but only as `anyOf` (with `oneOf`
# the tabs snap back to the first); a one-value enum makes the step a select that is always
# filled; an optional field without its `null` branch and default is a plain picker marked
# "(Optional)" instead of an "X | None" toggle; tab titles must be short (the dialog is narrow).


def _one_value(value: str) -> Callable[[dict[str, Any]], None]:
    return lambda schema: schema.__setitem__("enum", [value])


def _step_required(schema: dict[str, Any]) -> None:
    schema.setdefault("required", []).insert(0, "step")


def _plain_optional(schema: dict[str, Any]) -> None:
    branches = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches
    schema.pop("default", None)  # the form sends defaults, and null is no date


def _as_any_of(schema: dict[str, Any]) -> None:
    if "oneOf" in schema:
        schema["anyOf"] = schema.pop("oneOf")
        schema.pop("discriminator", None)


def _field(name: str, info: FieldInfo, today: date) -> tuple[Any, FieldInfo]:
    title = name.replace("_", " ").capitalize()  # "Move in date"; the description says more
    if (info.json_schema_extra or {}).get("today"):
        return info.annotation, Field(default=today, title=title, description=info.description)
    if not info.is_required():
        return info.annotation, Field(
            default=info.default,
            default_factory=info.default_factory,
            title=title,
            description=info.description,
            json_schema_extra=_plain_optional if info.default is None else None,
        )
    return info.annotation, Field(title=title, description=info.description)


def _variant(choice: FormStep, today: date) -> type[BaseModel]:
    spec = step_spec(choice.step)
    value = f"{RETRY}{choice.step}" if choice.failed else choice.step
    due = f", due {choice.due.isoformat()}" if choice.due else ""
    fields: dict[str, Any] = {
        "step": (
            Literal[value],
            Field(default=value, title="Step", json_schema_extra=_one_value(value)),
        )
    }
    where = organisation_name(choice.organisation)
    if choice.failed:
        title = f"Run again: {spec.label}"
        doc = f"{spec.label} failed for good at {where}: file it again."
    else:
        assert spec.decision is not None  # only manual steps wait on advisors
        title = spec.label
        doc = f"{where}{due}: {spec.check}"
        for name, info in spec.decision.model_fields.items():
            if name not in DecisionModel.model_fields:
                fields[name] = _field(name, info, today)
    model = create_model(
        f"Form_{value.replace(':', '_')}",
        __config__=ConfigDict(title=title, extra="forbid", json_schema_extra=_step_required),
        __doc__=doc,
        **fields,
    )
    return model


def _who(staff_ids: bool) -> FieldInfo:
    """Once the office has advisors, the form takes staff ids only: Prefect keeps every run
    input, and the server refuses a name before storing it."""
    if staff_ids:
        return Field(
            title="Your staff id",
            description="e.g. st-0003 (`ankommen advisor list`)",
            pattern=r"^[sS][tT]-[0-9]{4,}$",
        )
    return Field(title="Your name or staff id", min_length=2, max_length=80)


def advisor_form(
    choices: list[FormStep], notice: str, description: str, today: date, *, staff_ids: bool
) -> type[RunInput]:
    variants = tuple(_variant(choice, today) for choice in choices)
    if len(variants) == 1:
        decision: Any = (variants[0], Field(title="Step you complete"))
    else:
        decision = (
            Annotated[Union[variants], Field(discriminator="step")],  # noqa: UP007
            Field(title="Step you complete", json_schema_extra=_as_any_of),
        )
    form = create_model(
        "AdvisorAnswer",
        __base__=AdvisorAnswer,
        advisor=(str, _who(staff_ids)),
        decision=decision,
    )
    notice_text = f"> **{notice}**\n\n" if notice else ""
    return form.with_initial_data(description=notice_text + description)


# Who decided stays in our database: advisors' names are personal data, and Prefect keeps
# every run input. A wake-up names the office's own software instead, with a staff id that
# the form accepts and no advisor has (staff numbers start at 1).
WAKER = "st-0000"


def wake_input(*, step: str, payload: dict[str, Any], decision_id: int) -> dict:
    """An answer the form accepts, for a decision that is already recorded."""
    fields = {k: v for k, v in payload.items() if k != "advisor" and v is not None}
    return {"advisor": WAKER, "decision": {"step": step, **fields}, "decision_id": decision_id}


def retry_input(*, step: str) -> dict:
    return {"advisor": WAKER, "decision": {"step": f"{RETRY}{step}"}}


def read_answer(raw: dict[str, Any]) -> Answer:
    decision = dict(raw.get("decision") or {})
    step = str(decision.pop("step", ""))
    return Answer(
        step=step.removeprefix(RETRY),
        advisor=str(raw.get("advisor", "")),
        fields=decision,
        retry=step.startswith(RETRY),
        decision_id=raw.get("decision_id"),
    )
