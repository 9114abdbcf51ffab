"""The journey plan: which steps apply to an arrival, who is responsible, what waits on what.

Pure rules from DOMAIN.md: housing (temporary is enough) -> Anmeldung -> residence permit
(third-country nationals only) -> integration-course entitlement; recognition runs in parallel
and may start abroad; childcare and social integration follow the Anmeldung.
"""

from datetime import date

from pydantic import BaseModel

from models.arrival import Arrival, Purpose
from models.countries import needs_residence_permit
from models.deadlines import anmeldung_due
from models.levels import GermanLevel
from models.steps import STEPS, Stage

KITA_AGE_LIMIT = 6  # children below school age


class PlannedStep(BaseModel):
    step: str
    organisation: str | None
    required: bool
    depends_on: list[str]
    deadline: date | None
    why: str = ""  # why the step is or is not needed; shown to people, not part of --json


class PlannedStage(BaseModel):
    stage: Stage
    required: bool
    steps: list[PlannedStep]


class Plan(BaseModel):
    stages: list[PlannedStage]

    def steps(self) -> list[PlannedStep]:
        return [step for stage in self.stages for step in stage.steps]

    def as_json(self) -> dict:
        return self.model_dump(
            mode="json", exclude={"stages": {"__all__": {"steps": {"__all__": {"why"}}}}}
        )


# step -> steps it waits on, before steps that are not required are bridged
DEPENDS_ON: dict[str, list[str]] = {
    "accommodation": [],
    "landlord_confirmation": ["accommodation"],
    "anmeldung": ["landlord_confirmation"],
    "residence_permit": ["anmeldung"],
    "recognition_application": [],
    "recognition_documents": ["recognition_application"],
    "recognition_decision": ["recognition_documents"],
    "course_entitlement": ["residence_permit"],
    "course_booking": ["course_entitlement"],
    "childcare": ["anmeldung"],
    "mentoring": ["anmeldung"],
}


def german_needed(arrival: Arrival) -> GermanLevel:
    if arrival.purpose in (Purpose.WORK, Purpose.JOB_SEARCH):
        return arrival.occupation.german_needed
    return GermanLevel.B1


def needs_recognition(arrival: Arrival) -> tuple[bool, str]:
    if arrival.qualification_country == "DE":
        return False, "qualification obtained in Germany: nothing to recognise"
    if arrival.purpose in (Purpose.TRAINING, Purpose.STUDY):
        return False, f"comes for {arrival.purpose.value}, not to work in the profession"
    kind = "required before practising" if arrival.occupation.regulated else "helps, not required"
    return True, f"{arrival.occupation.name_en}: {kind}"


def _applicability(arrival: Arrival) -> dict[str, tuple[bool, str]]:
    """Whether each step applies, and why."""
    recognition = needs_recognition(arrival)
    permit = needs_residence_permit(arrival.nationality)
    level = german_needed(arrival)
    course = not arrival.german_level.reaches(level)
    integration_course = course and not arrival.german_level.reaches(GermanLevel.B1)
    small_children = sum(age < KITA_AGE_LIMIT for age in arrival.children)
    return {
        "accommodation": (True, "a flat or temporary room"),
        "landlord_confirmation": (True, "needed for the Anmeldung (§19 BMG)"),
        "anmeldung": (True, "within 2 weeks of moving in (§17 BMG)"),
        "residence_permit": (
            permit,
            "third-country national"
            if permit
            else "EU/EEA/Swiss citizen: free movement, no residence title",
        ),
        "recognition_application": recognition,
        "recognition_documents": recognition,
        "recognition_decision": recognition,
        "course_entitlement": (
            integration_course,
            "integration course up to B1" if integration_course else "no integration course needed",
        ),
        "course_booking": (course, f"German {arrival.german_level.value}, needs {level.value}"),
        "childcare": (bool(small_children), f"{small_children} child(ren) under {KITA_AGE_LIMIT}"),
        "mentoring": (True, "friends and clubs make people stay"),
    }


def _organisation(step: str, arrival: Arrival) -> str:
    if step.startswith("recognition_"):
        return arrival.occupation.competent_body
    if step == "course_entitlement" and not needs_residence_permit(arrival.nationality):
        return "bamf"  # EU citizens apply for the integration course at BAMF themselves
    return ORGANISATION[step]


ORGANISATION: dict[str, str] = {
    "accommodation": "housing-partner",
    "landlord_confirmation": "housing-partner",
    "anmeldung": "buergerbuero-bochum",
    "residence_permit": "auslaenderbehoerde-bochum",
    "course_entitlement": "auslaenderbehoerde-bochum",
    "course_booking": "bamf",
    "childcare": "familienbuero-bochum",
    "mentoring": "integration-partner",
}


def _bridge(step: str, required: dict[str, bool], done: set[str]) -> list[str]:
    """The required steps a step waits on: steps done before the journey are satisfied,
    steps that do not apply are looked through to what they would have waited on."""
    waits_on: list[str] = []
    for dependency in DEPENDS_ON[step]:
        if dependency in done:
            continue
        found = [dependency] if required[dependency] else _bridge(dependency, required, done)
        waits_on += [name for name in found if name not in waits_on]
    return waits_on


def make_plan(arrival: Arrival) -> Plan:
    applies = _applicability(arrival)
    done_before = set(arrival.already_done)
    required = {name: applies[name][0] and name not in done_before for name in DEPENDS_ON}
    stages: list[PlannedStage] = []
    for stage in Stage:
        steps = [
            PlannedStep(
                step=spec.name,
                organisation=_organisation(spec.name, arrival) if applies[spec.name][0] else None,
                required=required[spec.name],
                depends_on=_bridge(spec.name, required, done_before) if required[spec.name] else [],
                deadline=_initial_deadline(spec.name, arrival) if required[spec.name] else None,
                why="done before the journey"
                if spec.name in done_before
                else applies[spec.name][1],
            )
            for spec in STEPS
            if spec.stage is stage
        ]
        stages.append(
            PlannedStage(stage=stage, required=any(s.required for s in steps), steps=steps)
        )
    return Plan(stages=stages)


def _initial_deadline(step: str, arrival: Arrival) -> date | None:
    if step == "anmeldung" and arrival.move_in_date:
        return anmeldung_due(arrival.move_in_date)
    return None
