"""The rules of the step catalogue (models/steps.py): whether a step applies to an arrival and
why (not), and who is responsible. Each reads the arrival as a coordinator described it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from models.countries import needs_residence_permit
from models.deadlines import anmeldung_due
from models.levels import GermanLevel
from models.professions import ProfessionKind
from models.purpose import Purpose
from models.residence import ResidencePointer, approval_needed, residence_title

if TYPE_CHECKING:
    from models.professions import Profession


class Arrival(Protocol):
    """What the rules read of an arrival (models/arrival.py, which names steps itself)."""

    profession: str  # as the coordinator wrote it
    nationality: str
    arrival_date: date
    employer: str | None
    annual_salary: int | None
    fast_track: bool
    qualification_country: str
    purpose: Purpose
    german_level: GermanLevel
    children: list[int]
    move_in_date: date | None

    @property
    def occupation(self) -> "Profession | None": ...  # None: the catalogue is not certain

    @property
    def profession_kind(self) -> ProfessionKind | None: ...


KITA_AGE_LIMIT = 6  # children below school age


Applies = Callable[[Arrival], tuple[bool, str]]  # whether the step applies, and why (not)
Responsible = Callable[[Arrival], str | None]  # the organisation id, None: not decided yet


def always(why: str) -> Applies:
    return lambda _arrival: (True, why)


def later(why: str) -> Applies:
    """Not planned: an earlier step's outcome makes it needed (`Step.after`)."""
    return lambda _arrival: (False, why)


@dataclass(frozen=True)
class By:
    """One organisation is always responsible for the step."""

    organisation: str

    def __call__(self, _arrival: Arrival) -> str:
        return self.organisation


def residence(arrival: Arrival) -> ResidencePointer:
    return residence_title(arrival, on=arrival.arrival_date, annual_salary=arrival.annual_salary)


def needs_permit(arrival: Arrival) -> tuple[bool, str]:
    if needs_residence_permit(arrival.nationality):
        return True, residence(arrival).why
    return False, "EU/EEA/Swiss citizen: free movement, no residence title"


def needs_card(arrival: Arrival) -> tuple[bool, str]:
    if needs_permit(arrival)[0]:
        return True, "produced in 4-6 weeks; a Fiktionsbescheinigung covers the wait"
    return False, "no residence title, no card"


def needs_approval(arrival: Arrival) -> tuple[bool, str]:
    """The Agentur für Arbeit's approval, where the residence title needs it."""
    german = arrival.qualification_country == "DE"
    return approval_needed(residence(arrival), german_degree=german)  # an (applies, why) pair


def needs_fast_track(arrival: Arrival) -> tuple[bool, str]:
    if arrival.fast_track:
        return True, f"{arrival.employer} applies under §81a AufenthG, before entry"
    return False, "no accelerated procedure (§81a AufenthG)"


NOTHING_RECOGNISED = {
    Purpose.TRAINING: "starts a German training (§16a AufenthG): nothing to recognise",
    Purpose.STUDY: "comes to study (§16b AufenthG): nothing to recognise",
    Purpose.JOB_SEARCH: "looks for a job first: the recognition starts with an offer in view",
}


def needs_recognition(arrival: Arrival) -> tuple[bool, str]:
    if arrival.qualification_country == "DE":
        return False, "qualification obtained in Germany: nothing to recognise"
    if arrival.purpose in NOTHING_RECOGNISED:
        return False, NOTHING_RECOGNISED[arrival.purpose]
    if arrival.occupation is None:
        return True, f"{arrival.profession!r}: the body is decided at competent_body"
    regulated = arrival.occupation.regulated
    kind = "required before practising" if regulated else "helps, not required"
    return True, f"{arrival.occupation.name_en}: {kind}"


def needs_body_choice(arrival: Arrival) -> tuple[bool, str]:
    """Never guess a competent body: a wrong one costs the newcomer months."""
    if not needs_recognition(arrival)[0]:
        return False, "nothing to recognise"
    if arrival.occupation is not None:
        return False, f"the catalogue names the body for {arrival.occupation.name_en}"
    # Imported here: suggestions need the catalogue's spellings only for this one case.
    from models.professions import profession_suggestions

    close = profession_suggestions(arrival.profession)
    hint = f"; it may be {' or '.join(close)}" if close else ""
    return True, f"{arrival.profession!r} is not in the catalogue for certain{hint}"


def german_needed(arrival: Arrival) -> GermanLevel:
    if arrival.purpose in (Purpose.WORK, Purpose.JOB_SEARCH) and arrival.occupation:
        return arrival.occupation.german_needed
    return GermanLevel.B1


def needs_integration_course(arrival: Arrival) -> tuple[bool, str]:
    if arrival.german_level.reaches(GermanLevel.B1) or not needs_course(arrival)[0]:
        return False, "no integration course needed"
    return True, "integration course up to B1"


def needs_course(arrival: Arrival) -> tuple[bool, str]:
    level = german_needed(arrival)
    return (
        not arrival.german_level.reaches(level),
        f"German {arrival.german_level.value}, needs {level.value}",
    )


def needs_childcare(arrival: Arrival) -> tuple[bool, str]:
    small = sum(age < KITA_AGE_LIMIT for age in arrival.children)
    return bool(small), f"{small} child(ren) under {KITA_AGE_LIMIT}"


def needs_school(arrival: Arrival) -> tuple[bool, str]:
    pupils = sum(age >= KITA_AGE_LIMIT for age in arrival.children)  # children are 0-17
    return bool(pupils), f"{pupils} child(ren) aged {KITA_AGE_LIMIT}-17: compulsory schooling"


def recognising_body(arrival: Arrival) -> str | None:
    """None until a coordinator decides it at the competent_body step."""
    return arrival.occupation.competent_body if arrival.occupation else None


def course_entitlement_office(arrival: Arrival) -> str:
    # EU citizens apply for the integration course at BAMF themselves
    return "auslaenderbehoerde-bochum" if needs_residence_permit(arrival.nationality) else "bamf"


def recognition_payload(journey_id: str, newcomer: Any) -> dict[str, Any]:
    return {
        "case": journey_id,
        # the catalogue's key stored at launch, else the coordinator's words (a person chose
        # the body at competent_body)
        "profession": newcomer.profession_key or newcomer.profession,
        "qualification_country": newcomer.qualification_country,
    }


def housing_request(journey_id: str, newcomer: Any) -> dict[str, Any]:
    """What a housing partner needs to offer a flat: when, and for how many."""
    return {
        "case": journey_id,
        "from": (newcomer.move_in_date or newcomer.arrival_date).isoformat(),
        "people": 1 + len(newcomer.children),
    }


def anmeldung_appointment(journey_id: str, newcomer: Any) -> dict[str, Any]:
    """An appointment at the Bürgerbüro within the 2 weeks after moving in (§17 BMG)."""
    moved_in = newcomer.move_in_date or newcomer.arrival_date
    return {"case": journey_id, "service": "anmeldung", "not_before": moved_in.isoformat(),
            "not_after": anmeldung_due(moved_in).isoformat()}  # fmt: skip


def course_registration(journey_id: str, newcomer: Any) -> dict[str, Any]:
    """A seat in a course at the level the newcomer has reached."""
    return {"case": journey_id, "german_level": newcomer.german_level}


def anmeldung_due_from_arrival(arrival: Arrival) -> date | None:
    return anmeldung_due(arrival.move_in_date) if arrival.move_in_date else None
