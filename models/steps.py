"""The catalogue of steps every journey is planned from: one record per step.

A record says everything ankommen knows about a step: its stage and label, what the advisor
checks, the decision that completes it (or the submission ankommen files by itself), what it
waits on, who is responsible, when it applies and why not (the rules: models/step_rules.py),
the deadlines it sets, its checklist, its legal clock, whether it may be done from abroad, and
which earlier outcome makes it needed. The plan, the Prefect form, status, history and the
CLI's help all read from here; adding a step means one record, its decision model, and tests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from models import decisions as d
from models.deadlines import add_months, anmeldung_due
from models.step_rules import (
    Applies,
    Arrival,
    By,
    Responsible,
    always,
    anmeldung_appointment,
    anmeldung_due_from_arrival,
    course_entitlement_office,
    course_registration,
    housing_request,
    later,
    needs_approval,
    needs_body_choice,
    needs_card,
    needs_childcare,
    needs_course,
    needs_fast_track,
    needs_integration_course,
    needs_permit,
    needs_recognition,
    needs_school,
    recognising_body,
    recognition_payload,
)

KENNTNISPRUEFUNG = d.CompensationMeasure.KENNTNISPRUEFUNG
ANPASSUNGSLEHRGANG = d.CompensationMeasure.ANPASSUNGSLEHRGANG


class Stage(StrEnum):
    HOUSING = "housing"
    REGISTRATION = "registration"
    RECOGNITION = "recognition"
    LANGUAGE_COURSE = "language_course"
    SOCIAL_INTEGRATION = "social_integration"


@dataclass(frozen=True)
class FollowUp:
    """The deadline a step's outcome sets for a later step."""

    step: str
    due: Callable[[Any], date]  # from the outcome model


@dataclass(frozen=True)
class After:
    """A step the plan leaves out until an earlier step's outcome makes it needed: a partial
    recognition's measure, a letter to post. It goes to its own organisation if it has a
    fixed one, else to the earlier step's."""

    step: str
    needed: Callable[[Any], bool]  # from the earlier step's outcome model
    ready_instead_of: str | None = None  # what makes one ready to work, once it is needed


@dataclass(frozen=True)
class Document:
    """A document of a step's checklist: advisors tick it when it arrives."""

    key: str
    label: str
    needed: Callable[[Arrival], bool] = lambda _arrival: True
    arrives_with: str | None = None  # a step whose decision brings it (ticked then)


@dataclass(frozen=True)
class OutsideCall:
    """A request ankommen sends to the responsible organisation's system itself, where the
    office has its address (tasks/outside.py)."""

    resource: str  # the API's collection: applications, appointments, registrations, offers
    payload: Callable[[str, Any], dict[str, Any]]  # (journey id, newcomer) -> what is sent


@dataclass(frozen=True)
class Step:
    name: str
    stage: Stage
    label: str
    check: str  # what the advisor checks before completing the step
    applies: Applies
    responsible: Responsible
    decision: type[d.Decision] | None = None  # None: ankommen performs the step (submission)
    submission: OutsideCall | None = None  # filed by ankommen, which settles the step
    # asked for as the step opens (an appointment, a seat, an offer), which then still waits
    # for the advisor's decision; without the systems' address, staff do it by hand
    booking: OutsideCall | None = None
    depends_on: tuple[str, ...] = ()
    due_from_arrival: Callable[[Arrival], date | None] | None = None
    follow_up: FollowUp | None = None
    bring: tuple[str, ...] = ()  # documents for an in-person visit; none: no visit needed
    routes: tuple[str, ...] = ()  # later steps whose organisation the decision's `body` sets
    after: After | None = None
    documents: tuple[Document, ...] = ()  # the checklist advisors tick
    completed_by_documents: bool = False  # done on the day its checklist is complete
    clock: str | None = None  # the law whose deadline pauses and may be extended once
    abroad: bool = False  # may be done before arrival (a decision may be dated before it)
    remind: Callable[[date], date] | None = None  # when to remind, from the deadline

    @property
    def manual(self) -> bool:
        return self.decision is not None

    @property
    def outcome_model(self) -> type[Any]:
        return self.decision or d.ApplicationSubmitted

    def deadline_set_by(self, outcome: Any) -> tuple[str, date] | None:
        """(later step, its deadline) that this step's outcome sets, if any."""
        return (self.follow_up.step, self.follow_up.due(outcome)) if self.follow_up else None

    def happened_on(self, outcome: dict[str, Any]) -> date | None:
        """The day the step's outcome says it happened (a submission: the day it was filed)."""
        for name in d.happened_fields(self.outcome_model) or ["submitted_on"]:
            if outcome.get(name):
                return date.fromisoformat(str(outcome[name]))
        return None

    def checklist(self, arrival: Arrival) -> list[str]:
        return [document.key for document in self.documents if document.needed(arrival)]

    def document(self, key: str) -> Document | None:
        return next((document for document in self.documents if document.key == key), None)

    def organisation_set_by(self, outcome: Any) -> dict[str, str]:
        """{later step: its organisation} that this step's outcome decides, if any."""
        return {step: str(outcome.body) for step in self.routes}


# --- the steps, in the order a journey shows them --------------------------------------------

STEPS: tuple[Step, ...] = (
    Step(
        "accommodation",
        Stage.HOUSING,
        "Accommodation",
        "A flat or a temporary room is secured; enter the move-in date.",
        applies=always("a flat or temporary room"),
        responsible=By("housing-partner"),
        decision=d.AccommodationSecured,
        booking=OutsideCall("offers", housing_request),
        follow_up=FollowUp("anmeldung", lambda o: anmeldung_due(o.move_in_date)),
        bring=("passport", "employment or training contract (for the landlord)"),
    ),
    Step(
        "landlord_confirmation",
        Stage.HOUSING,
        "Wohnungsgeberbestätigung",
        "The landlord's confirmation (§19 BMG) names landlord, address, move-in date and "
        "everyone moving in.",
        applies=always("needed for the Anmeldung (§19 BMG)"),
        responsible=By("housing-partner"),
        decision=d.LandlordConfirmationReceived,
        depends_on=("accommodation",),
        bring=("the signed rental contract",),
    ),
    Step(
        "fast_track_agreement",
        Stage.REGISTRATION,
        "Agreement (§81a)",
        "The employer and the Ausländerbehörde signed the agreement for the accelerated "
        "procedure, with the newcomer's power of attorney (fee €411).",
        applies=needs_fast_track,
        responsible=By("auslaenderbehoerde-bochum"),
        decision=d.AgreementSigned,
        abroad=True,
    ),
    Step(
        "employment_approval",
        Stage.REGISTRATION,
        "Approval of the Agentur für Arbeit",
        "The Agentur für Arbeit approved the employment (Zustimmung, §39 AufenthG): pay and "
        "working conditions are checked (deemed given after 2 weeks' silence, §36(2) BeschV).",
        applies=needs_approval,
        responsible=By("agentur-arbeit-bochum"),
        decision=d.EmploymentApproved,
        depends_on=("fast_track_agreement",),
        abroad=True,
    ),
    Step(
        "pre_approval",
        Stage.REGISTRATION,
        "Vorabzustimmung",
        "The Ausländerbehörde's pre-approval went to the German mission abroad: recognition "
        "and the Agentur für Arbeit's approval are in (§81a(3) AufenthG).",
        applies=needs_fast_track,
        responsible=By("auslaenderbehoerde-bochum"),
        decision=d.PreApprovalIssued,
        depends_on=("employment_approval", "recognition_decision"),
        follow_up=FollowUp("visa", lambda o: o.issued_on + timedelta(weeks=6)),
        abroad=True,
    ),
    Step(
        "visa",
        Stage.REGISTRATION,
        "Visa",
        "The German mission abroad gave an appointment within 3 weeks of the pre-approval and "
        "issued the visa, as a rule within 3 weeks more (§31a AufenthV).",
        applies=needs_fast_track,
        responsible=By("auslandsvertretung"),
        decision=d.VisaIssued,
        depends_on=("pre_approval",),
        abroad=True,
        bring=("passport", "the pre-approval", "biometric photos"),
    ),
    Step(
        "anmeldung",
        Stage.REGISTRATION,
        "Anmeldung",
        "The address is registered at the Bürgerbüro (due within 2 weeks of moving in, §17 BMG).",
        applies=always("within 2 weeks of moving in (§17 BMG)"),
        responsible=By("buergerbuero-bochum"),
        decision=d.AnmeldungDone,
        booking=OutsideCall("appointments", anmeldung_appointment),
        depends_on=("landlord_confirmation",),
        documents=(
            Document("passport", "passport"),
            Document(
                "landlord_confirmation",
                "Wohnungsgeberbestätigung (§19 BMG)",
                arrives_with="landlord_confirmation",
            ),
        ),  # fmt: skip
        due_from_arrival=anmeldung_due_from_arrival,
        remind=lambda due: due - timedelta(days=4),  # on day 10 of the 14
        bring=(
            "passport",
            "the Wohnungsgeberbestätigung signed by the landlord",
            "the registration form (Anmeldeformular)",
        ),
    ),
    Step(
        "residence_permit",
        Stage.REGISTRATION,
        "Residence permit",
        "The Ausländerbehörde issued the residence title or a Fiktionsbescheinigung.",
        applies=needs_permit,
        responsible=By("auslaenderbehoerde-bochum"),
        decision=d.ResidencePermitIssued,
        depends_on=("anmeldung", "employment_approval"),
        follow_up=FollowUp("residence_card", lambda o: o.issued_on + timedelta(weeks=6)),
        documents=(
            Document("passport", "passport"),
            Document("contract", "employment or training contract (study: the admission)"),
            Document(
                "approval",
                "the approval of the Agentur für Arbeit",
                needed=lambda arrival: needs_approval(arrival)[0],
                arrives_with="employment_approval",
            ),
        ),  # fmt: skip
        bring=(
            "passport",
            "a biometric photo",
            "the visa",
            "employment or training contract",
            "proof of health insurance",
            "the registration certificate (Meldebescheinigung)",
        ),
    ),
    Step(
        "residence_card",
        Stage.REGISTRATION,
        "Residence card",
        "The electronic residence card (eAT) is handed over, 4-6 weeks after the permit, at "
        "an appointment of its own; until then a Fiktionsbescheinigung covers the newcomer "
        "(§81(4) AufenthG).",
        applies=needs_card,
        responsible=By("auslaenderbehoerde-bochum"),
        decision=d.ResidenceCardHandedOver,
        depends_on=("residence_permit",),
    ),
    Step(
        "competent_body",
        Stage.RECOGNITION,
        "Competent body",
        "Pick the body that decides on recognition for this profession (the note shows what "
        "the profession may be); the recognition goes on with it.",
        applies=needs_body_choice,
        responsible=By("welcome-office-bochum"),
        decision=d.CompetentBodyChosen,
        abroad=True,
        routes=("recognition_application", "recognition_documents", "recognition_decision"),
    ),
    Step(
        "recognition_application",
        Stage.RECOGNITION,
        "Recognition application",
        "Filed with the competent body by ankommen.",
        applies=needs_recognition,
        responsible=recognising_body,
        depends_on=("competent_body",),
        submission=OutsideCall("applications", recognition_payload),
        follow_up=FollowUp("recognition_documents", lambda o: add_months(o.submitted_on, 1)),
    ),
    Step(
        "recognition_posted",
        Stage.RECOGNITION,
        "Application posted",
        "Print the application ankommen prepared, post it to the competent body, and enter "
        "the day it went out.",
        applies=later("only where the body takes no applications online: staff post it"),
        responsible=By("welcome-office-bochum"),
        decision=d.ApplicationPosted,
        abroad=True,
        depends_on=("recognition_application",),
        after=After("recognition_application", lambda o: o.channel == "post"),
        follow_up=FollowUp("recognition_documents", lambda o: add_months(o.posted_on, 1)),
    ),
    Step(
        "recognition_documents",
        Stage.RECOGNITION,
        "Recognition documents complete",
        "The documents are complete (the checklist, or the body's confirmation); the 3-month "
        "clock starts.",
        applies=needs_recognition,
        responsible=recognising_body,
        decision=d.RecognitionDocumentsComplete,
        abroad=True,
        depends_on=("recognition_posted",),
        documents=(
            Document("passport", "passport"),
            Document("certificates", "certificates of the qualification"),
            Document("transcripts", "transcripts (subjects and hours)"),
            Document("work_experience", "proof of work experience"),
            Document("translations", "certified German translations"),
        ),
        completed_by_documents=True,
        follow_up=FollowUp("recognition_decision", lambda o: add_months(o.complete_on, 3)),
        bring=(
            "certificates and transcripts with certified German translations",
            "a CV in German",
            "passport",
        ),
    ),
    Step(
        "recognition_decision",
        Stage.RECOGNITION,
        "Recognition decision (Anerkennung)",
        "The notice: full equivalence, partial (list the gaps of the Defizitbescheid) or refused.",
        applies=needs_recognition,
        responsible=recognising_body,
        decision=d.RecognitionDecided,
        abroad=True,
        depends_on=("recognition_documents",),
        clock="§6(3) BQFG: 3 months from complete documents, extended once where justified",
        # the Kenntnisprüfung is to be offered within 6 months (§3(3) BÄO, §43 PflBG)
        follow_up=FollowUp("kenntnispruefung", lambda o: add_months(o.decided_on, 6)),
        remind=lambda due: add_months(due, -1),  # a month before the 3-month limit
    ),
    Step(
        "interim_licence",
        Stage.RECOGNITION,
        "Berufserlaubnis",
        "The restricted licence to practise while the gaps are closed is issued.",
        applies=later("only after a partial recognition, where a Berufserlaubnis applies"),
        responsible=recognising_body,
        decision=d.InterimLicenceGranted,
        depends_on=("recognition_decision",),
        after=After("recognition_decision", lambda o: o.interim_licence),
        bring=("the Defizitbescheid", "the employer's confirmation of the supervised post"),
    ),
    Step(
        "kenntnispruefung",
        Stage.RECOGNITION,
        "Kenntnisprüfung",
        "The knowledge exam on the gaps of the Defizitbescheid was taken: passed, or which "
        "parts failed.",
        applies=later("only after a partial recognition with a Kenntnisprüfung"),
        responsible=recognising_body,
        decision=d.ExamTaken,
        depends_on=("recognition_decision",),
        after=After("recognition_decision", lambda o: o.follows_with is KENNTNISPRUEFUNG),
        bring=("passport", "the invitation to the exam"),
    ),
    Step(
        "kenntnispruefung_retake",
        Stage.RECOGNITION,
        "Kenntnisprüfung retaken",
        "The failed parts were retaken (once only): passed, or which parts failed again.",
        applies=later("only after a failed Kenntnisprüfung: each part may be retaken once"),
        responsible=recognising_body,
        decision=d.ExamTaken,
        depends_on=("kenntnispruefung",),
        after=After("kenntnispruefung", lambda o: not o.passed),
        bring=("passport", "the invitation to the retake"),
    ),
    Step(
        "anpassungslehrgang",
        Stage.RECOGNITION,
        "Anpassungslehrgang",
        "The adaptation course on the gaps ended with its final assessment.",
        applies=later("only after a partial recognition with an Anpassungslehrgang"),
        responsible=recognising_body,
        decision=d.AdaptationCourseCompleted,
        depends_on=("recognition_decision",),
        after=After("recognition_decision", lambda o: o.follows_with is ANPASSUNGSLEHRGANG),
    ),
    Step(
        "recognition_final",
        Stage.RECOGNITION,
        "Final recognition",
        "After the measure, the body's final notice: full equivalence, or refused.",
        applies=later("only after a partial recognition with a measure"),
        responsible=recognising_body,
        decision=d.RecognitionFinal,
        depends_on=("kenntnispruefung", "kenntnispruefung_retake", "anpassungslehrgang"),
        after=After(
            "recognition_decision",
            lambda o: o.follows_with is not None,
            ready_instead_of="recognition_decision",
        ),
    ),
    Step(
        "course_entitlement",
        Stage.LANGUAGE_COURSE,
        "Berechtigungsschein",
        "The entitlement to the integration course is issued.",
        applies=needs_integration_course,
        responsible=course_entitlement_office,
        decision=d.CourseEntitlementIssued,
        depends_on=("residence_permit",),
        bring=("passport", "the residence title or Fiktionsbescheinigung"),
    ),
    Step(
        "course_booking",
        Stage.LANGUAGE_COURSE,
        "Language course booked",
        "A seat in the integration course or job-related German course (DeuFöV) is booked.",
        applies=needs_course,
        responsible=By("bamf"),
        decision=d.CourseBooked,
        booking=OutsideCall("registrations", course_registration),
        depends_on=("course_entitlement",),
        bring=("the Berechtigungsschein",),
    ),
    Step(
        "childcare",
        Stage.SOCIAL_INTEGRATION,
        "Kita place",
        "The Familienbüro promised a Kita place.",
        applies=needs_childcare,
        responsible=By("familienbuero-bochum"),
        decision=d.ChildcarePlaced,
        depends_on=("anmeldung",),
        bring=(
            "the registration certificate",
            "the children's birth certificates",
            "proof of measles vaccination",
        ),
    ),
    Step(
        "school_enrolment",
        Stage.SOCIAL_INTEGRATION,
        "School place",
        "The Kommunales Integrationszentrum's placement counselling is done and the school "
        "authority assigned a school.",
        applies=needs_school,
        responsible=By("integrationszentrum-bochum"),
        decision=d.SchoolPlaced,
        depends_on=("anmeldung",),
        bring=(
            "the registration certificate",
            "the children's birth certificates",
            "the last school reports, translated where possible",
            "proof of measles vaccination",
        ),
    ),
    Step(
        "mentoring",
        Stage.SOCIAL_INTEGRATION,
        "Mentor or club",
        "A mentor, club or volunteering place is matched and the first meeting took place.",
        applies=always("friends and clubs make people stay"),
        responsible=By("integration-partner"),
        decision=d.MentorMatched,
        depends_on=("anmeldung",),
        bring=("the times you are free and what you like to do, for the matching",),
    ),
)

STEP_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}


def made_needed(step: str, outcome: Any) -> list[tuple[Step, After]]:
    """The steps left out of the plan that this step's outcome makes needed."""
    return [
        (later, later.after)
        for later in STEPS
        if later.after and later.after.step == step and later.after.needed(outcome)
    ]


class UnknownStep(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown step '{name}'; steps are: {', '.join(STEP_BY_NAME)}")


def step_spec(name: str) -> Step:
    try:
        return STEP_BY_NAME[name]
    except KeyError:
        raise UnknownStep(name) from None


def label(name: str) -> str:
    return STEP_BY_NAME[name].label if name in STEP_BY_NAME else name
