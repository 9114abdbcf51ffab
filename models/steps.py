"""The catalogue of stages and steps every journey is planned from.

One home for what a step is: its stage, the decision that completes it (None for a step that
runs by itself), and what the advisor must check. Plans, forms and the CLI all read from here.
"""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from models import decisions as d


class Stage(StrEnum):
    HOUSING = "housing"
    REGISTRATION = "registration"
    RECOGNITION = "recognition"
    LANGUAGE_COURSE = "language_course"
    SOCIAL_INTEGRATION = "social_integration"


@dataclass(frozen=True)
class StepSpec:
    name: str
    stage: Stage
    label: str
    check: str  # what the advisor must check before completing the step
    decision: type[BaseModel] | None  # None: the step runs by itself (a submission)

    @property
    def manual(self) -> bool:
        return self.decision is not None


STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        "accommodation",
        Stage.HOUSING,
        "Accommodation",
        "A flat or a temporary room is secured; enter the move-in date.",
        d.AccommodationSecured,
    ),
    StepSpec(
        "landlord_confirmation",
        Stage.HOUSING,
        "Wohnungsgeberbestätigung",
        "The landlord's confirmation (§19 BMG) names landlord, address, move-in date and "
        "everyone moving in.",
        d.LandlordConfirmationReceived,
    ),
    StepSpec(
        "anmeldung",
        Stage.REGISTRATION,
        "Anmeldung",
        "The address is registered at the Bürgerbüro (due within 2 weeks of moving in, §17 BMG).",
        d.AnmeldungDone,
    ),
    StepSpec(
        "residence_permit",
        Stage.REGISTRATION,
        "Residence permit",
        "The Ausländerbehörde issued the residence title or a Fiktionsbescheinigung.",
        d.ResidencePermitIssued,
    ),
    StepSpec(
        "recognition_application",
        Stage.RECOGNITION,
        "Recognition application",
        "Submitted to the competent body by ankommen.",
        None,
    ),
    StepSpec(
        "recognition_documents",
        Stage.RECOGNITION,
        "Recognition documents complete",
        "The competent body confirmed the documents complete; the 3-month clock starts.",
        d.RecognitionDocumentsComplete,
    ),
    StepSpec(
        "recognition_decision",
        Stage.RECOGNITION,
        "Recognition decision (Anerkennung)",
        "The notice: full equivalence, partial (list the gaps of the Defizitbescheid) or refused.",
        d.RecognitionDecided,
    ),
    StepSpec(
        "course_entitlement",
        Stage.LANGUAGE_COURSE,
        "Berechtigungsschein",
        "The entitlement to the integration course is issued.",
        d.CourseEntitlementIssued,
    ),
    StepSpec(
        "course_booking",
        Stage.LANGUAGE_COURSE,
        "Language course booked",
        "A seat in the integration course or job-related German course (DeuFöV) is booked.",
        d.CourseBooked,
    ),
    StepSpec(
        "childcare",
        Stage.SOCIAL_INTEGRATION,
        "Kita place",
        "The Familienbüro promised a Kita place.",
        d.ChildcarePlaced,
    ),
    StepSpec(
        "mentoring",
        Stage.SOCIAL_INTEGRATION,
        "Mentor or club",
        "A mentor, club or volunteering place is matched and the first meeting took place.",
        d.MentorMatched,
    ),
)

STEP_BY_NAME: dict[str, StepSpec] = {spec.name: spec for spec in STEPS}


class UnknownStep(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown step '{name}'; steps are: {', '.join(STEP_BY_NAME)}")


def step_spec(name: str) -> StepSpec:
    try:
        return STEP_BY_NAME[name]
    except KeyError:
        raise UnknownStep(name) from None
