"""Residence titles (AufenthG), the BA's approval (§39) and the accelerated procedure (§81a)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from models.decisions import ResidenceTitle
from models.professions import ProfessionKind
from models.purpose import Purpose
from models.residence import (
    ACCELERATED_PROCEDURE_FEE_EUR,
    BLUE_CARD_GENERAL_2025,
    BLUE_CARD_LOWER_2025,
    BLUE_CARD_THRESHOLDS,
    ResidencePointer,
    accelerated_procedure,
    approval_needed,
    blue_card_thresholds,
    residence_title,
)

IHK, CRAFT, HEALTH = ProfessionKind.IHK, ProfessionKind.CRAFT, ProfessionKind.HEALTH
APPROBATION, ACADEMIC = ProfessionKind.APPROBATION, ProfessionKind.ACADEMIC
WORK, TRAINING, STUDY = Purpose.WORK, Purpose.TRAINING, Purpose.STUDY
JOB_SEARCH = Purpose.JOB_SEARCH
IN_2025, IN_2026 = date(2025, 6, 1), date(2026, 6, 1)


@dataclass(frozen=True)
class Arrival:
    """Just what models.residence reads (its ResidenceArrival protocol)."""

    nationality: str
    qualification_country: str
    purpose: Purpose
    profession_kind: ProfessionKind | None


def newcomer(
    nationality: str,
    purpose: Purpose,
    kind: ProfessionKind | None = None,
    qualified_in: str | None = None,
) -> Arrival:
    """Qualified in the country of their nationality unless `qualified_in` says otherwise."""
    return Arrival(nationality, qualified_in or nationality, purpose, kind)


# who, the arrival, salary, day applied, expected section, sections still open
CASES = [
    ("cook, Poland", newcomer("PL", WORK, IHK), None, IN_2025, None, ()),
    ("dentist, Switzerland", newcomer("CH", WORK, APPROBATION), 90_000, IN_2025, None, ()),
    ("nurse, Norway", newcomer("NO", WORK, HEALTH), None, IN_2025, None, ()),
    ("cook, UK", newcomer("GB", WORK, IHK), None, IN_2025, "18a", ()),
    ("cook, Vietnam", newcomer("VN", WORK, IHK), None, IN_2025, "18a", ()),
    ("electrician, Morocco", newcomer("MA", WORK, CRAFT), None, IN_2025, "18a", ()),
    ("physiotherapist, Turkey", newcomer("TR", WORK, HEALTH), None, IN_2025, "18a", ()),
    ("dentist, €60k", newcomer("VE", WORK, APPROBATION), 60_000, IN_2025, "18g", ()),
    ("dentist, €45k", newcomer("VE", WORK, APPROBATION), 45_000, IN_2025, "18b", ("18g",)),
    ("dentist, pay unknown", newcomer("VE", WORK, APPROBATION), None, IN_2025, "18b", ("18g",)),
    ("engineer, €40k", newcomer("IN", WORK, ACADEMIC), 40_000, IN_2025, "18b", ()),
    ("engineer, €49k in 2026", newcomer("IN", WORK, ACADEMIC), 49_000, IN_2026, "18b", ("18g",)),
    ("RUB graduate, works", newcomer("IN", WORK, ACADEMIC, "DE"), 52_000, IN_2026, "18g", ()),
    ("care trainee, India", newcomer("IN", TRAINING), None, IN_2025, "16a", ()),
    ("student, China", newcomer("CN", STUDY), None, IN_2025, "16b", ()),
    ("RUB graduate, searches", newcomer("IN", JOB_SEARCH, ACADEMIC, "DE"), None, IN_2025, "20", ()),
    ("job seeker, Tunisia", newcomer("TN", JOB_SEARCH, HEALTH), None, IN_2025, "20a", ()),
    ("unknown job, Ukraine", newcomer("UA", WORK), None, IN_2025, None, ("18a", "18b", "18g")),
    ("unknown job, €30k", newcomer("UA", WORK), 30_000, IN_2025, None, ("18a", "18b")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("arrival", "salary", "on", "section", "still_open"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_arrival_points_to_its_aufenthg_section(
    arrival: Arrival,
    salary: int | None,
    on: date,
    section: str | None,
    still_open: tuple[str, ...],
) -> None:
    pointer = residence_title(arrival, on=on, annual_salary=salary)
    assert pointer.section == section
    assert pointer.open_sections == still_open
    assert pointer.why
    if section is not None:
        assert f"§{section}" in pointer.why


# --- free movement


@pytest.mark.parametrize("nationality", ["PL", "de", " ch ", "NO", "IS", "LI"])
def test_eu_eea_and_swiss_citizens_need_no_title_freizuegigkeit(nationality: str) -> None:
    pointer = residence_title(newcomer(nationality, WORK, IHK), on=IN_2025)
    assert (pointer.section, pointer.needs_title) == (None, False)
    assert "freedom of movement" in pointer.why


# --- purposes other than work


def test_training_points_to_16a_whatever_the_profession() -> None:
    for kind in (None, HEALTH, IHK):
        pointer = residence_title(newcomer("IN", TRAINING, kind), on=IN_2025)
        assert pointer.section is ResidenceTitle.VOCATIONAL_TRAINING
        assert "§16a" in pointer.why


def test_study_points_to_16b() -> None:
    pointer = residence_title(newcomer("CN", STUDY), on=IN_2025)
    assert pointer.section is ResidenceTitle.STUDY
    assert "§16b" in pointer.why


def test_job_search_with_a_foreign_qualification_points_to_20a_chancenkarte() -> None:
    pointer = residence_title(newcomer("TN", JOB_SEARCH, IHK), on=IN_2025)
    assert pointer.section is ResidenceTitle.CHANCENKARTE
    assert "§20a" in pointer.why


@pytest.mark.parametrize("country", ["DE", "de", " De "])
def test_job_search_after_a_german_qualification_points_to_20(country: str) -> None:
    """The local graduate who stays: §20 AufenthG."""
    pointer = residence_title(newcomer("IN", JOB_SEARCH, ACADEMIC, country), on=IN_2025)
    assert pointer.section is ResidenceTitle.JOB_SEARCH_AFTER_GERMAN_QUALIFICATION
    assert pointer.needs_title
    assert "§20 " in pointer.why and "Germany" in pointer.why


# --- work


@pytest.mark.parametrize("kind", [IHK, CRAFT, HEALTH])
def test_vocational_kinds_point_to_18a(kind: ProfessionKind) -> None:
    pointer = residence_title(newcomer("VN", WORK, kind), on=IN_2025, annual_salary=90_000)
    assert pointer.section is ResidenceTitle.SKILLED_WORKER_TRAINING
    assert pointer.open_sections == ()


@pytest.mark.parametrize("kind", [ACADEMIC, APPROBATION])
def test_18g_blue_card_from_exactly_the_general_threshold(kind: ProfessionKind) -> None:
    pointer = residence_title(newcomer("VE", WORK, kind), on=IN_2025, annual_salary=48_300)
    assert pointer.section is ResidenceTitle.BLUE_CARD
    assert "§18g" in pointer.why and "€48,300 in 2025" in pointer.why


def test_18b_one_euro_under_the_general_threshold_names_the_lower_one() -> None:
    pointer = residence_title(newcomer("VE", WORK, APPROBATION), on=IN_2025, annual_salary=48_299)
    assert pointer.section is ResidenceTitle.SKILLED_WORKER_ACADEMIC
    assert pointer.open_sections == (ResidenceTitle.BLUE_CARD,)
    for words in ("§18b", "below the general", "€48,300", "€43,759.80", "Ausländerbehörde"):
        assert words in pointer.why


def test_18b_below_both_thresholds_leaves_no_blue_card_open() -> None:
    pointer = residence_title(newcomer("IN", WORK, ACADEMIC), on=IN_2025, annual_salary=43_759)
    assert pointer.section is ResidenceTitle.SKILLED_WORKER_ACADEMIC
    assert pointer.open_sections == ()
    assert "below both" in pointer.why


def test_18b_while_the_salary_is_unknown_says_what_the_blue_card_needs() -> None:
    pointer = residence_title(newcomer("IN", WORK, ACADEMIC), on=IN_2026)
    assert pointer.section is ResidenceTitle.SKILLED_WORKER_ACADEMIC
    assert pointer.open_sections == (ResidenceTitle.BLUE_CARD,)
    assert "not known" in pointer.why and "€50,700 in 2026" in pointer.why


def test_unknown_kind_cannot_tell_18a_from_18b() -> None:
    pointer = residence_title(newcomer("UA", WORK, None), on=IN_2025, annual_salary=50_000)
    assert pointer.section is None
    assert pointer.needs_title  # unlike free movement: a title is needed, not decided yet
    assert "competent body" in pointer.why and "§18a" in pointer.why and "§18b" in pointer.why


# --- thresholds


def test_thresholds_per_year() -> None:
    assert blue_card_thresholds(2025) == (2025, BLUE_CARD_GENERAL_2025, BLUE_CARD_LOWER_2025)
    assert blue_card_thresholds(2026)[1:] == (Decimal("50700"), Decimal("45934.20"))
    assert blue_card_thresholds(2024)[1:] == (Decimal("45300"), Decimal("41041.80"))


def test_a_year_not_entered_takes_the_nearest_and_says_so() -> None:
    assert blue_card_thresholds(2031).year == max(BLUE_CARD_THRESHOLDS)
    assert blue_card_thresholds(2019).year == min(BLUE_CARD_THRESHOLDS)
    pointer = residence_title(
        newcomer("IN", WORK, ACADEMIC), on=date(2031, 1, 5), annual_salary=60_000
    )
    assert "2031 figures are not entered yet" in pointer.why


def test_thresholds_are_50_and_45_3_percent_of_the_same_pension_ceiling() -> None:
    """Catches a typo when next year's pair is added: lower = general / 50 % x 45.3 %."""
    for year, general, lower in BLUE_CARD_THRESHOLDS.values():
        assert lower == general * Decimal("0.906"), year


# --- approval of the Bundesagentur für Arbeit (§39 AufenthG)


def _pointer(section: ResidenceTitle | None, *, needs_title: bool = True) -> ResidencePointer:
    return ResidencePointer(section, "test", needs_title=needs_title)


@pytest.mark.parametrize(
    ("section", "needed"),
    [
        (ResidenceTitle.SKILLED_WORKER_TRAINING, True),
        (ResidenceTitle.SKILLED_WORKER_ACADEMIC, True),
        (ResidenceTitle.BLUE_CARD, False),
        (ResidenceTitle.VOCATIONAL_TRAINING, True),
        (ResidenceTitle.STUDY, False),
        (ResidenceTitle.JOB_SEARCH_AFTER_GERMAN_QUALIFICATION, False),
        (ResidenceTitle.CHANCENKARTE, False),
        (None, True),  # not decided yet: §18a and §18b both need it
    ],
)
def test_approval_per_section(section: ResidenceTitle | None, needed: bool) -> None:
    approval = approval_needed(_pointer(section))
    assert approval.needed is needed
    if section is not None:
        assert f"§{section}" in approval.why


def test_18a_and_18b_need_approval_under_18_2_and_39() -> None:
    needed, why = approval_needed(_pointer(ResidenceTitle.SKILLED_WORKER_ACADEMIC))
    assert needed and "§39" in why and "§18(2)" in why


def test_18g_blue_card_needs_approval_only_at_the_lower_threshold() -> None:
    blue_card = _pointer(ResidenceTitle.BLUE_CARD)
    needed, why = approval_needed(blue_card)
    assert not needed and "sentence 1" in why
    lower = approval_needed(blue_card, blue_card_lower_threshold=True)
    assert lower.needed and "sentence 2" in lower.why


def test_the_lower_threshold_flag_changes_nothing_but_the_blue_card() -> None:
    for section in (ResidenceTitle.STUDY, ResidenceTitle.SKILLED_WORKER_TRAINING):
        plain = approval_needed(_pointer(section))
        assert approval_needed(_pointer(section), blue_card_lower_threshold=True) == plain


def test_16a_needs_approval_in_a_company_not_at_a_school() -> None:
    training = _pointer(ResidenceTitle.VOCATIONAL_TRAINING)
    in_company = approval_needed(training)
    assert in_company.needed and "§16a(1)" in in_company.why
    at_school = approval_needed(training, school_based_training=True)
    assert not at_school.needed and "§16a(2)" in at_school.why


def test_free_movement_needs_no_approval() -> None:
    needed, why = approval_needed(residence_title(newcomer("PL", WORK, IHK), on=IN_2025))
    assert not needed and "free movement" in why


def test_approval_follows_the_pointer_end_to_end() -> None:
    dentist = newcomer("VE", WORK, APPROBATION)
    assert not approval_needed(residence_title(dentist, on=IN_2025, annual_salary=60_000)).needed
    assert approval_needed(residence_title(dentist, on=IN_2025, annual_salary=45_000)).needed
    assert approval_needed(residence_title(newcomer("UA", WORK), on=IN_2025)).needed


# --- accelerated procedure for skilled workers (§81a AufenthG)

TODAY = date(2027, 3, 1)


def test_81a_applies_for_work_with_an_employer_before_arrival() -> None:
    applies, why = accelerated_procedure(
        newcomer("VE", WORK, APPROBATION),
        employer=" Zahnklinik Bochum ",
        arrival_date=date(2027, 9, 1),
        today=TODAY,
    )
    assert applies
    assert "§81a" in why and "Zahnklinik Bochum can apply" in why
    assert ACCELERATED_PROCEDURE_FEE_EUR == 411 and "fee €411" in why
    assert "weeks away" not in why


def test_81a_applies_for_16a_training_and_while_the_arrival_date_is_unknown() -> None:
    trainee = newcomer("IN", TRAINING)
    assert accelerated_procedure(trainee, employer="Diakonie", arrival_date=None, today=TODAY)[0]


def test_81a_applies_at_short_notice_but_says_the_arrival_is_near() -> None:
    applies, why = accelerated_procedure(
        newcomer("VN", WORK, IHK), employer="Hotel", arrival_date=date(2027, 4, 12), today=TODAY
    )
    assert applies and "only 6 weeks away" in why


@pytest.mark.parametrize(
    ("arrival", "employer", "arrival_date", "reason"),
    [
        (newcomer("PL", WORK, IHK), "Hotel", None, "free movement"),
        (newcomer("CN", STUDY), "Uni", None, "not study"),
        (newcomer("TN", JOB_SEARCH), "Firma", None, "not study or job search"),
        (newcomer("VN", WORK, IHK), None, None, "no employer"),
        (newcomer("VN", WORK, IHK), "   ", None, "no employer"),
        (newcomer("VN", WORK, IHK), "Hotel", TODAY, "before entry"),
        (newcomer("VN", WORK, IHK), "Hotel", date(2027, 1, 10), "arrived on 2027-01-10"),
    ],
)
def test_81a_does_not_apply(
    arrival: Arrival, employer: str | None, arrival_date: date | None, reason: str
) -> None:
    applies, why = accelerated_procedure(
        arrival, employer=employer, arrival_date=arrival_date, today=TODAY
    )
    assert not applies
    assert reason in why and "§81a" in why
