"""One typed model per human decision, and the outcome of an automatic submission.

Advisors submit these through the Prefect UI's resume form or `ankommen complete`. Field names
mean the same thing in every model (`issued_on` is always a date), because the UI's form
shows the fields of all open steps side by side.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from models.validation import PLAIN


def _not_in_future(day: date, info: ValidationInfo) -> date:
    today = (info.context or {}).get("today")
    if today is not None and day > today:
        raise ValueError(f"{day.isoformat()} lies in the future (today is {today.isoformat()})")
    return day


# A date on which something already happened; when left out it means today.
Happened = Annotated[date, AfterValidator(_not_in_future), Field(json_schema_extra={"today": True})]


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    advisor: Annotated[str, Field(min_length=2, max_length=80), PLAIN] = Field(
        description="Advisor's name or staff id"
    )


class AccommodationSecured(Decision):
    """A flat or a temporary room is secured."""

    move_in_date: date = Field(description="Day the newcomer moves in (may be in the future)")
    temporary: bool = Field(default=False, description="Temporary accommodation")


class LandlordConfirmationReceived(Decision):
    """The landlord's Wohnungsgeberbestätigung (§19 BMG) is in hand."""

    received_on: Happened


class AnmeldungDone(Decision):
    """The address is registered at the Bürgerbüro (Anmeldung)."""

    registered_on: Happened


class ResidenceTitle(StrEnum):
    """Sections of the AufenthG (models/residence.py says which an arrival points to)."""

    SKILLED_WORKER_TRAINING = "18a"
    SKILLED_WORKER_ACADEMIC = "18b"
    BLUE_CARD = "18g"
    VOCATIONAL_TRAINING = "16a"
    STUDY = "16b"
    JOB_SEARCH_AFTER_GERMAN_QUALIFICATION = "20"
    CHANCENKARTE = "20a"
    FIKTIONSBESCHEINIGUNG = "81"


class AgreementSigned(Decision):
    """The employer and the Ausländerbehörde signed the agreement for the accelerated
    procedure (§81a(2) AufenthG)."""

    signed_on: Happened


class EmploymentApproved(Decision):
    """The Agentur für Arbeit approved the employment (Zustimmung, §39 AufenthG)."""

    approved_on: Happened


class PreApprovalIssued(Decision):
    """The Ausländerbehörde's pre-approval (Vorabzustimmung, §81a(3) AufenthG) went to the
    German mission abroad."""

    issued_on: Happened


class VisaIssued(Decision):
    """The German mission abroad issued the visa for entry."""

    issued_on: Happened


class ResidenceCardHandedOver(Decision):
    """The electronic residence card (eAT) is handed over."""

    handed_over_on: Happened
    valid_until: date | None = None


class ResidencePermitIssued(Decision):
    """The Ausländerbehörde issued the residence title (or a Fiktionsbescheinigung)."""

    title: ResidenceTitle = Field(description="Section of the AufenthG (81: Fiktionsbescheinigung)")
    issued_on: Happened
    valid_until: date | None = None

    @model_validator(mode="after")
    def _valid_after_issue(self) -> "ResidencePermitIssued":
        if self.valid_until and self.valid_until <= self.issued_on:
            raise ValueError("valid_until: must lie after issued_on")
        return self


class RecognitionBody(StrEnum):
    """The bodies that decide on recognition for Bochum (models/professions.py says which)."""

    IHK_FOSA = "ihk-fosa"
    HWK_DORTMUND = "hwk-dortmund"
    BEZREG_MUENSTER = "bezreg-muenster"
    ZAB = "zab"


class CompetentBodyChosen(Decision):
    """A coordinator picked the body competent for a profession the catalogue does not know
    for certain; the recognition goes on with that body."""

    body: RecognitionBody = Field(description="The body that decides on recognition")


class RecognitionDocumentsComplete(Decision):
    """The competent body confirms the documents complete: the 3-month clock starts."""

    complete_on: Happened


class RecognitionOutcome(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    REFUSED = "refused"


class CompensationMeasure(StrEnum):
    KENNTNISPRUEFUNG = "kenntnispruefung"
    ANPASSUNGSLEHRGANG = "anpassungslehrgang"


PARTIAL_ONLY = ("gaps", "measure", "interim_licence")


class RecognitionDecided(Decision):
    """The competent body decided on equivalence (full, partial with a Defizitbescheid, refused)."""

    outcome: RecognitionOutcome
    decided_on: Happened
    gaps: list[Annotated[str, Field(min_length=2, max_length=200), PLAIN]] = Field(
        default_factory=list, description="Gaps listed in the Defizitbescheid (partial only)"
    )
    measure: CompensationMeasure | None = Field(
        default=None, description="Kenntnisprüfung or Anpassungslehrgang (partial only)"
    )
    interim_licence: bool = Field(
        default=False,
        description="A Berufserlaubnis lets the newcomer work restricted meanwhile (partial only)",
    )

    @model_validator(mode="after")
    def _gaps_only_when_partial(self) -> "RecognitionDecided":
        partial = self.outcome is RecognitionOutcome.PARTIAL
        if partial and not self.gaps:
            raise ValueError("gaps: a partial recognition must list those of the Defizitbescheid")
        given = [name for name in PARTIAL_ONLY if getattr(self, name)]
        if not partial and given:
            raise ValueError(
                f"{given[0]}: only for a partial recognition, not a {self.outcome} one"
            )
        return self

    @property
    def follows_with(self) -> CompensationMeasure | None:
        return self.measure if self.outcome is RecognitionOutcome.PARTIAL else None


class InterimLicenceGranted(Decision):
    """The Berufserlaubnis: a restricted licence to practise while the gaps are closed."""

    issued_on: Happened
    valid_until: date | None = None


class ExamTaken(Decision):
    """The Kenntnisprüfung (or its retake) was taken; each failed part may be retaken once."""

    taken_on: Happened
    passed: bool
    failed_parts: list[Annotated[str, Field(min_length=2, max_length=200), PLAIN]] = Field(
        default_factory=list, description="The parts failed, to retake (when not passed)"
    )

    @model_validator(mode="after")
    def _failed_parts_when_failed(self) -> "ExamTaken":
        if not self.passed and not self.failed_parts:
            raise ValueError("failed_parts: name them, they are what the retake covers")
        if self.passed and self.failed_parts:
            raise ValueError("failed_parts: a passed exam has none")
        return self


class AdaptationCourseCompleted(Decision):
    """The Anpassungslehrgang ended with its final assessment."""

    starts_on: date = Field(description="First day of the course")
    completed_on: Happened
    passed: bool

    @model_validator(mode="after")
    def _ends_after_start(self) -> "AdaptationCourseCompleted":
        if self.completed_on < self.starts_on:
            raise ValueError("completed_on: must not lie before starts_on")
        return self


class RecognitionFinal(Decision):
    """After the measure, the competent body's final notice: full equivalence or refused."""

    outcome: RecognitionOutcome
    decided_on: Happened

    @model_validator(mode="after")
    def _not_partial_again(self) -> "RecognitionFinal":
        if self.outcome is RecognitionOutcome.PARTIAL:
            raise ValueError("outcome: after the measure the recognition is full or refused")
        return self


class ApplicationPosted(Decision):
    """Staff printed the application ankommen prepared and posted it to the body."""

    posted_on: Happened


class CourseEntitlementIssued(Decision):
    """The Berechtigungsschein for the integration course is issued."""

    issued_on: Happened


class CourseKind(StrEnum):
    INTEGRATION = "integration_course"
    JOB_RELATED = "job_related_german"


class CourseBooked(Decision):
    """A seat in a language course is booked."""

    course: CourseKind
    starts_on: date = Field(description="First day of the course")


class ChildcarePlaced(Decision):
    """A Kita place is promised by the Familienbüro."""

    starts_on: date = Field(description="First day at the Kita")


class SchoolPlaced(Decision):
    """The children have a school place (Seiteneinstieg: placement counselling first)."""

    starts_on: date = Field(description="First day at school")


class Programme(StrEnum):
    MENTORING = "mentoring"
    SPORTS_CLUB = "sports_club"
    VOLUNTEERING = "volunteering"
    CULTURAL_CLUB = "cultural_club"


class MentorMatched(Decision):
    """A mentor, club or volunteering place is matched and the first meeting took place."""

    programme: Programme
    matched_on: Happened


class ApplicationSubmitted(BaseModel):
    """Outcome of an automatic submission to an authority."""

    reference: str
    submitted_on: date
    channel: str = Field(description="api or post")


def happened_fields(model: type[BaseModel]) -> list[str]:
    """The fields of a model that say when something happened (`Happened`)."""
    return [
        name
        for name, field in model.model_fields.items()
        if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("today")
    ]


def fill_today(model: type[BaseModel], data: dict[str, Any], today: date) -> dict[str, Any]:
    """Dates of things that happened default to today, as an advisor would expect."""
    filled = dict(data)
    for name in happened_fields(model):
        if filled.get(name) in (None, ""):
            filled[name] = today.isoformat()
    return filled
