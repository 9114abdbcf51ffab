"""Which residence title (Aufenthaltstitel) an arrival points to, and why; whether that title
needs the approval (Zustimmung) of the Bundesagentur für Arbeit; and whether the employer can
use the accelerated procedure for skilled workers (beschleunigtes Fachkräfteverfahren).

The rules read a small `ResidenceArrival` of their own, not `Arrival.occupation`: the
occupation may be unknown, so they take the profession's kind, or None while nobody knows it.
Every answer carries a `why` in plain English that names the section of the Residence Act
(Aufenthaltsgesetz, AufenthG); the Ausländerbehörde decides, this only points the way.

The rules, as encoded:
- EU/EEA and Swiss citizens: no title (free movement, FreizügG/EU; models/countries.py).
- training -> §16a (vocational training, e.g. care trainees); study -> §16b; job search ->
  §20a Chancenkarte, or §20 (job search after a German degree or training) when the
  qualification was obtained in Germany.
- work, vocational kinds (IHK, crafts, health professions) -> §18a.
- work, academic kinds (academic, Approbation) -> §18g EU Blue Card when the salary reaches
  the year's general threshold, otherwise §18b. The lower threshold (shortage occupations,
  ISCO groups listed in §18g(1) sentence 2, and degrees at most 3 years old) is only named:
  whether it applies is for the Ausländerbehörde to decide, and the kind does not tell (a
  dentist, ISCO 2261, is in a listed group; a psychotherapist, ISCO 2634, is not).
- work, kind unknown: no title yet; `open_sections` lists what is still possible.

Verified (public texts read in November 2026):
- §18g(1) sentence 1: a Blue Card at 50 % of the pension ceiling (Beitragsbemessungsgrenze) is
  granted without the BA's approval; at 45.3 % (sentence 2) it needs the approval (AOK
  Rechtsdatenbank, text of §18g; make-it-in-germany.com).
- §18(2) no. 2: titles for employment (§18a, §18b) need the BA's approval under §39 unless a
  law, an agreement or the BeschV exempts them (buzer.de, text of §18).
- §16a(1) in-company (betriebliche) training needs the approval under §39; §16a(2) school-based
  training does not mention it (lexetius.de, text of §16a; make-it-in-germany.com).
- §20 since 1 June 2024: job search after a German degree (no. 1) or training (no. 3), up to
  18 months; §20a Chancenkarte allows 20 hours' work a week by law (texts of §20, §20a).
- §81a(1): the employer applies, with the foreigner's power of attorney, for someone who wants
  to enter for §16a, §16d, §18a, §18b, §18c(3) or §18g; fee €411 (§47(1) no. 15 AufenthV).
- Thresholds: 2024 €45,300 / €41,041.80; 2025 €48,300 / €43,759.80; 2026 €50,700 /
  €45,934.20 (BMI announcements as reported by make-it-in-germany.com and the press).

Judgement calls, not verified:
- Care training under the Pflegeberufegesetz, with a training contract and pay, is treated as
  in-company training (approval needed); pass `school_based_training=True` otherwise.
- §18b after a German university degree needs no approval (§2(1) no. 3 BeschV, as the
  office knows it; its current wording was not checked against the law's text); any other
  §18b needs it: planning one approval too many is cheaper than missing one.
- A health profession (nurse with a bachelor's) could be §18b; kind HEALTH points to §18a.
- Not modelled: the first title at 45 or older needs a salary of 55 % of the pension ceiling
  or an adequate pension (§18(2) no. 5); §16d (recognition measures); §18c(3); §19c.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from models.countries import needs_residence_permit
from models.deadlines import add_months
from models.decisions import ResidenceTitle
from models.professions import ProfessionKind
from models.purpose import Purpose

GERMANY = "DE"


class ResidenceArrival(Protocol):
    """What the residence rules read of an arrival (read-only, so frozen models fit)."""

    @property
    def nationality(self) -> str: ...
    @property
    def qualification_country(self) -> str: ...
    @property
    def purpose(self) -> Purpose: ...
    @property
    def profession_kind(self) -> ProfessionKind | None: ...  # None: not known yet


# --- EU Blue Card salary thresholds (§18g(1)): gross euros a year, published each year by the
# Federal Ministry of the Interior (BMI) as 50 % and 45.3 % of the pension ceiling
# (Beitragsbemessungsgrenze, allgemeine Rentenversicherung). Source: BMI announcements, as
# listed on make-it-in-germany.com ("Blaue Karte EU"). Add next year's pair each December.
BLUE_CARD_GENERAL_2024 = Decimal("45300")
BLUE_CARD_LOWER_2024 = Decimal("41041.80")
BLUE_CARD_GENERAL_2025 = Decimal("48300")
BLUE_CARD_LOWER_2025 = Decimal("43759.80")
BLUE_CARD_GENERAL_2026 = Decimal("50700")
BLUE_CARD_LOWER_2026 = Decimal("45934.20")


class BlueCardThresholds(NamedTuple):
    year: int  # the year whose figures these are
    general: Decimal  # §18g(1) sentence 1: no BA approval
    lower: Decimal  # §18g(1) sentence 2: shortage occupations, recent graduates; BA approval


BLUE_CARD_THRESHOLDS: dict[int, BlueCardThresholds] = {
    2024: BlueCardThresholds(2024, BLUE_CARD_GENERAL_2024, BLUE_CARD_LOWER_2024),
    2025: BlueCardThresholds(2025, BLUE_CARD_GENERAL_2025, BLUE_CARD_LOWER_2025),
    2026: BlueCardThresholds(2026, BLUE_CARD_GENERAL_2026, BLUE_CARD_LOWER_2026),
}


def blue_card_thresholds(year: int) -> BlueCardThresholds:
    """The year's thresholds; a year not entered takes the nearest year entered (see `.year`)."""
    if year in BLUE_CARD_THRESHOLDS:
        return BLUE_CARD_THRESHOLDS[year]
    earlier = [known for known in BLUE_CARD_THRESHOLDS if known < year]
    return BLUE_CARD_THRESHOLDS[max(earlier) if earlier else min(BLUE_CARD_THRESHOLDS)]


@dataclass(frozen=True)
class ResidencePointer:
    """The title an arrival points to (`section`), or None with `needs_title` saying why:
    False for free movement, True while the title cannot be told yet (`open_sections`)."""

    section: ResidenceTitle | None
    why: str
    needs_title: bool = True
    open_sections: tuple[
        ResidenceTitle, ...
    ] = ()  # still possible besides (or instead of) `section`


_VOCATIONAL = frozenset({ProfessionKind.IHK, ProfessionKind.CRAFT, ProfessionKind.HEALTH})
_WORK_IN: dict[ProfessionKind, str] = {
    ProfessionKind.IHK: "work in an IHK training occupation",
    ProfessionKind.CRAFT: "work in a craft (Handwerk)",
    ProfessionKind.HEALTH: "work in a health profession",
    ProfessionKind.APPROBATION: "work in a profession with Approbation (a university degree)",
    ProfessionKind.ACADEMIC: "work with a university degree",
}


def residence_title(
    arrival: ResidenceArrival, *, on: date, annual_salary: int | None = None
) -> ResidencePointer:
    """Point an arrival to its residence title. `on` is the day the title is applied for (its
    year picks the Blue Card thresholds); `annual_salary` is the gross euros a year from the
    employment contract, None while not known."""
    nationality = arrival.nationality.strip().upper()
    if not needs_residence_permit(nationality):
        return ResidencePointer(
            None,
            f"a citizen of {nationality} has freedom of movement (EU/EEA/Switzerland): no "
            "residence title, only the Anmeldung",
            needs_title=False,
        )
    if arrival.purpose is Purpose.TRAINING:
        return ResidencePointer(
            ResidenceTitle.VOCATIONAL_TRAINING, "vocational training in Germany: §16a AufenthG"
        )
    if arrival.purpose is Purpose.STUDY:
        return ResidencePointer(ResidenceTitle.STUDY, "study in Germany: §16b AufenthG")
    if arrival.purpose is Purpose.JOB_SEARCH:
        if arrival.qualification_country.strip().upper() == GERMANY:
            return ResidencePointer(
                ResidenceTitle.JOB_SEARCH_AFTER_GERMAN_QUALIFICATION,
                "job search after a degree or training obtained in Germany: §20 AufenthG "
                "(up to 18 months)",
            )
        return ResidencePointer(
            ResidenceTitle.CHANCENKARTE,
            "job search with a qualification from abroad: Chancenkarte, §20a AufenthG "
            "(up to a year)",
        )
    return _work_title(arrival.profession_kind, annual_salary, on)


def _work_title(kind: ProfessionKind | None, salary: int | None, on: date) -> ResidencePointer:
    if kind is None:
        # §18a or §18b depends on the kind of qualification, i.e. on the competent body.
        still_open = (
            ResidenceTitle.SKILLED_WORKER_TRAINING,
            ResidenceTitle.SKILLED_WORKER_ACADEMIC,
        )
        if salary is None or salary >= blue_card_thresholds(on.year).lower:
            still_open += (ResidenceTitle.BLUE_CARD,)
        return ResidencePointer(
            None,
            "work, but the profession is not known yet, so neither is the competent body: "
            "§18a (vocational training) or §18b (academic) cannot be told",
            open_sections=still_open,
        )
    if kind in _VOCATIONAL:
        return ResidencePointer(
            ResidenceTitle.SKILLED_WORKER_TRAINING,
            f"{_WORK_IN[kind]}: skilled worker with vocational training, §18a AufenthG",
        )
    return _academic_title(_WORK_IN[kind], salary, on)


def _academic_title(academic: str, salary: int | None, on: date) -> ResidencePointer:
    """§18g when the salary reaches the general threshold, §18b otherwise."""
    limits = blue_card_thresholds(on.year)
    figures = f"{_euros(limits.general)} in {limits.year}"
    if limits.year != on.year:
        figures += f" (the {on.year} figures are not entered yet)"
    # The lower threshold is named, never decided: shortage occupation or recent degree is for
    # the Ausländerbehörde to judge.
    lower = (
        f"the lower threshold of {_euros(limits.lower)} applies only to shortage occupations "
        "and degrees at most 3 years old, and the Ausländerbehörde decides whether it does"
    )
    if salary is None:
        return ResidencePointer(
            ResidenceTitle.SKILLED_WORKER_ACADEMIC,
            f"{academic}: §18b AufenthG; the salary is not known, and the EU Blue Card "
            f"(§18g) needs at least {figures}; {lower}",
            open_sections=(ResidenceTitle.BLUE_CARD,),
        )
    if salary >= limits.general:
        return ResidencePointer(
            ResidenceTitle.BLUE_CARD,
            f"{academic} and a salary of {_euros(salary)}, at least the general threshold of "
            f"{figures}: EU Blue Card, §18g AufenthG",
        )
    if salary >= limits.lower:
        return ResidencePointer(
            ResidenceTitle.SKILLED_WORKER_ACADEMIC,
            f"{academic}: §18b AufenthG, as a salary of {_euros(salary)} is below the general "
            f"Blue Card threshold of {figures}; an EU Blue Card (§18g) is still possible: "
            f"{lower}",
            open_sections=(ResidenceTitle.BLUE_CARD,),
        )
    return ResidencePointer(
        ResidenceTitle.SKILLED_WORKER_ACADEMIC,
        f"{academic}: §18b AufenthG, as a salary of {_euros(salary)} is below both Blue Card "
        f"thresholds (§18g: {figures}, {_euros(limits.lower)} in shortage occupations)",
    )


def _euros(amount: Decimal | int) -> str:
    text = f"€{Decimal(amount):,.2f}"
    return text.removesuffix(".00")


class Approval(NamedTuple):
    """Whether the Bundesagentur für Arbeit must approve (Zustimmung, §39 AufenthG), and why."""

    needed: bool
    why: str


def approval_needed(
    pointer: ResidencePointer,
    *,
    blue_card_lower_threshold: bool = False,
    school_based_training: bool = False,
    german_degree: bool = False,
) -> Approval:
    """Whether the title `pointer` names needs the BA's approval. `blue_card_lower_threshold`:
    the Ausländerbehörde grants the Blue Card at the lower threshold (§18g(1) sentence 2);
    `school_based_training`: a §16a training at a school, not in a company; `german_degree`:
    the academic's degree is from a German university."""
    if not pointer.needs_title:
        return Approval(False, "free movement: no residence title, so no approval either")
    match pointer.section:
        case None:
            # Both §18a and §18b need it; plan the step rather than miss it.
            return Approval(
                True,
                "the title is not decided yet; §18a and §18b both need the approval (§18(2) "
                "no. 2 with §39 AufenthG); only a Blue Card at the general threshold would not",
            )
        case ResidenceTitle.SKILLED_WORKER_ACADEMIC if german_degree:
            return Approval(
                False,
                "§18b AufenthG after a degree from a German university: no approval of the "
                "Agentur für Arbeit (§2(1) no. 3 BeschV)",
            )
        case ResidenceTitle.SKILLED_WORKER_TRAINING | ResidenceTitle.SKILLED_WORKER_ACADEMIC:
            return Approval(
                True,
                f"§{pointer.section} AufenthG: the Agentur für Arbeit approves the employment "
                "(§18(2) no. 2 with §39), checking pay and working conditions",
            )
        case ResidenceTitle.BLUE_CARD if blue_card_lower_threshold:
            return Approval(
                True,
                "EU Blue Card at the lower threshold (§18g(1) sentence 2 AufenthG): only with "
                "the approval of the Agentur für Arbeit",
            )
        case ResidenceTitle.BLUE_CARD:
            return Approval(
                False,
                "EU Blue Card at the general threshold: granted without the approval of the "
                "Agentur für Arbeit (§18g(1) sentence 1 AufenthG)",
            )
        case ResidenceTitle.VOCATIONAL_TRAINING if school_based_training:
            return Approval(False, "school-based vocational training (§16a(2)): no approval")
        case ResidenceTitle.VOCATIONAL_TRAINING:
            return Approval(
                True,
                "in-company vocational training (§16a(1) AufenthG): the Agentur für Arbeit "
                "approves under §39",
            )
        case ResidenceTitle.STUDY:
            return Approval(False, "study (§16b AufenthG): no approval")
        case ResidenceTitle.JOB_SEARCH_AFTER_GERMAN_QUALIFICATION:
            return Approval(False, "job search after a German qualification (§20): no approval")
        case ResidenceTitle.CHANCENKARTE:
            return Approval(
                False,
                "Chancenkarte (§20a AufenthG): no approval; it allows 20 hours' work a week",
            )


# --- Accelerated procedure for skilled workers (§81a AufenthG). Figures from DOMAIN.md.
ACCELERATED_PROCEDURE_FEE_EUR = 411  # §47(1) no. 15 AufenthV, paid by the employer
ACCELERATED_PROCEDURE_MONTHS = (4, 6)  # recognition ~2 months, BA 1 week, visa ~3 + 3 weeks
_ACCELERATED_PURPOSES = frozenset({Purpose.WORK, Purpose.TRAINING})  # §18a/b/g and §16a


class AcceleratedProcedure(NamedTuple):
    applies: bool
    why: str


def accelerated_procedure(
    arrival: ResidenceArrival, *, employer: str | None, arrival_date: date | None, today: date
) -> AcceleratedProcedure:
    """Whether the employer can apply for the accelerated procedure (§81a AufenthG): for a
    third-country national coming to work (§18a, §18b, §18g) or train (§16a), with an employer
    named, before the arrival (§81a is for someone who "wants to enter"). An arrival date not
    known yet is taken as not reached."""
    if not needs_residence_permit(arrival.nationality):
        return AcceleratedProcedure(
            False, "free movement: no visa, so no accelerated procedure (§81a AufenthG)"
        )
    if arrival.purpose not in _ACCELERATED_PURPOSES:
        return AcceleratedProcedure(
            False,
            f"purpose {arrival.purpose}: §81a AufenthG covers work (§18a, §18b, §18g) and "
            "vocational training (§16a), not study or job search",
        )
    if employer is None or not employer.strip():
        return AcceleratedProcedure(
            False, "no employer named: only the employer can apply (§81a(1) AufenthG)"
        )
    if arrival_date is not None and arrival_date <= today:
        return AcceleratedProcedure(
            False,
            f"arrived on {arrival_date.isoformat()}: §81a AufenthG is launched before entry",
        )
    shortest, longest = ACCELERATED_PROCEDURE_MONTHS
    why = (
        f"{employer.strip()} can apply at the Ausländerbehörde on the newcomer's behalf "
        f"(§81a AufenthG), under an agreement with it; fee €{ACCELERATED_PROCEDURE_FEE_EUR}; "
        "recognition about 2 months, Agentur für Arbeit 1 week, visa about 3 + 3 weeks "
        f"({shortest}–{longest} months in all)"
    )
    if arrival_date is not None and arrival_date < add_months(today, shortest):
        # Still worth launching, but the planned arrival will probably move.
        weeks = (arrival_date - today).days // 7
        why += f"; the arrival is only {weeks} weeks away, less than {shortest} months"
    return AcceleratedProcedure(True, why)
