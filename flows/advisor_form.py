"""The form a waiting journey shows behind the Prefect UI's Resume button.

One suspension can wait on one form only, while several steps may be open at once (recognition
takes months while registration goes on). So the form asks which open step is decided and shows
the fields of every open step; the journey then checks the answer against that step's own model
and refuses it, with the reason on the next form, if it does not fit.
"""

from datetime import date
from typing import Any

from prefect.input import RunInput
from pydantic import ConfigDict, Field, create_model

from models.steps import step_spec
from tasks.waiting import Situation


class AdvisorAnswer(RunInput):
    # Keeps what the form does not know, e.g. the decision id `ankommen complete` wakes us with.
    model_config = ConfigDict(extra="allow")


def _description(situation: Situation, today: date) -> str:
    lines = [f"## Journey {situation.journey_id} waits on", ""]
    if situation.notice:
        lines += [f"> **{situation.notice}**", ""]
    for open_step in situation.open_steps:
        due = f", **due {open_step.due.isoformat()}**" if open_step.due else ""
        overdue = " (overdue)" if open_step.due and open_step.due < today else ""
        lines.append(
            f"- **{open_step.label}** (`{open_step.step}`) — "
            f"{open_step.organisation}{due}{overdue}: {open_step.check}"
        )
    lines += [
        "",
        "Choose the step you decide, your name, and fill in that step's fields "
        "(named after the step below). Or: `ankommen complete "
        f"{situation.journey_id} STEP --advisor NAME ...`",
    ]
    return "\n".join(lines)


def advisor_form(situation: Situation, today: date) -> type[RunInput]:
    steps = [open_step.step for open_step in situation.open_steps]
    fields: dict[str, Any] = {
        "step": (
            str,
            Field(default=steps[0], title="Step decided", json_schema_extra={"enum": steps}),
        ),
        "advisor": (str, Field(title="Advisor (name or staff id)", min_length=2)),
    }
    for name in steps:
        model = step_spec(name).decision
        assert model is not None  # only manual steps are open to advisors
        for field_name, info in model.model_fields.items():
            if field_name == "advisor":
                continue
            if field_name in fields:  # the same field serves two open steps
                fields[field_name][1].title += f" / {name}"
                continue
            default = today if (info.json_schema_extra or {}).get("today") else None
            fields[field_name] = (
                info.annotation | None,
                Field(
                    default=default,
                    title=f"{field_name.replace('_', ' ')}: {name}",
                    description=info.description,
                ),
            )
    form = create_model("AdvisorAnswer", __base__=AdvisorAnswer, **fields)
    return form.with_initial_data(description=_description(situation, today))
