"""The journey plan: which steps apply to an arrival, who is responsible, what waits on what.

Derived from the step records (models/steps.py): a step applies or not, and why; a step that
does not apply, or was done before the journey, is looked through by the steps after it.
"""

from datetime import date

from pydantic import BaseModel

from models.arrival import Arrival
from models.readiness import Readiness, readiness
from models.steps import STEP_BY_NAME, STEPS, Stage, Step


class PlannedStep(BaseModel):
    step: str
    organisation: str | None
    required: bool
    depends_on: list[str]
    deadline: date | None
    documents: list[str] = []  # the checklist advisors tick
    why: str = ""  # why the step is or is not needed; shown to people, not part of --json


class PlannedStage(BaseModel):
    stage: Stage
    required: bool
    steps: list[PlannedStep]


class Plan(BaseModel):
    stages: list[PlannedStage]
    ready_steps: list[str] = []  # ready to work when these are done (models/readiness.py)
    course_days: int = 0  # ... and this long after the German course is booked

    def steps(self) -> list[PlannedStep]:
        return [step for stage in self.stages for step in stage.steps]

    def as_json(self) -> dict:
        return self.model_dump(
            mode="json", exclude={"stages": {"__all__": {"steps": {"__all__": {"why"}}}}}
        )


def waits_for(step: str, required: dict[str, bool], done: set[str]) -> list[str]:
    """The required steps a step waits on: steps done before the journey are satisfied,
    steps that do not apply are looked through to what they would have waited on."""
    waits_on: list[str] = []
    for dependency in STEP_BY_NAME[step].depends_on:
        if dependency in done:
            continue
        found = [dependency] if required[dependency] else waits_for(dependency, required, done)
        waits_on += [name for name in found if name not in waits_on]
    return waits_on


def _planned(step: Step, arrival: Arrival, required: dict[str, bool]) -> PlannedStep:
    applies, why = step.applies(arrival)
    needed = required[step.name]
    done_before = set(arrival.already_done)
    return PlannedStep(
        step=step.name,
        organisation=step.responsible(arrival) if applies else None,
        required=needed,
        depends_on=waits_for(step.name, required, done_before) if needed else [],
        deadline=step.due_from_arrival(arrival) if needed and step.due_from_arrival else None,
        documents=step.checklist(arrival) if needed else [],
        why="done before the journey" if step.name in done_before else why,
    )


def make_plan(arrival: Arrival) -> Plan:
    required = {
        step.name: step.applies(arrival)[0] and step.name not in arrival.already_done
        for step in STEPS
    }
    stages = []
    for stage in Stage:
        steps = [_planned(step, arrival, required) for step in STEPS if step.stage is stage]
        stages.append(
            PlannedStage(stage=stage, required=any(s.required for s in steps), steps=steps)
        )
    ready: Readiness = readiness(arrival, {name for name, needed in required.items() if needed})
    return Plan(stages=stages, ready_steps=ready.steps, course_days=ready.course_days)
