"""Plausible decisions: a decision's dates of what happened lie neither in the future (the
decision models check that, given today), nor before the newcomer arrived, unless the step is
done from abroad (recognition, the accelerated procedure: `Step.abroad`), nor before what the
step waits on happened."""

from datetime import date
from typing import Any

from models.decisions import happened_fields
from models.steps import Step, step_spec


def happened(depends_on: list[str], outcomes: dict[str, dict[str, Any]]) -> dict[str, date]:
    """When each step waited on happened, from its outcome (or its decision not applied yet)."""
    found = {}
    for name in depends_on:
        if name in outcomes and (day := step_spec(name).happened_on(outcomes[name])):
            found[name] = day
    return found


def implausible(
    step: Step, outcome: dict[str, Any], arrival_date: date, earlier: dict[str, date]
) -> str | None:
    """Why the outcome's dates cannot be, or None. `earlier`: the day each step this one
    waits on happened."""
    for name in happened_fields(step.outcome_model):
        day = date.fromisoformat(str(outcome[name]))
        if not step.abroad and day < arrival_date:
            return (
                f"{name}: {day.isoformat()} lies before the arrival on "
                f"{arrival_date.isoformat()}, and {step.name} is done in Germany"
            )
        for before, on in earlier.items():
            if day < on:
                return (
                    f"{name}: {day.isoformat()} lies before {before}, which it comes after "
                    f"({on.isoformat()})"
                )
    return None
