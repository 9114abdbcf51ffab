from datetime import date

import pytest

from models.deadlines import add_months, anmeldung_due, days_left
from models.decisions import (
    AccommodationSecured,
    ApplicationSubmitted,
    RecognitionDocumentsComplete,
    ResidencePermitIssued,
)
from models.steps import step_spec


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 15), 1, date(2027, 2, 15)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 3, 31), 1, date(2027, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # year wrap
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 5, 10), 12, date(2027, 5, 10)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2027, 1, 10), -1, date(2026, 12, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_anmeldung_is_due_two_weeks_after_moving_in() -> None:
    assert anmeldung_due(date(2026, 11, 17)) == date(2026, 12, 1)
    assert anmeldung_due(date(2026, 12, 25)) == date(2027, 1, 8)


def test_days_left_is_negative_when_overdue() -> None:
    assert days_left(date(2027, 1, 10), date(2027, 1, 7)) == 3
    assert days_left(date(2027, 1, 10), date(2027, 1, 10)) == 0
    assert days_left(date(2027, 1, 10), date(2027, 1, 12)) == -2


def test_secured_accommodation_sets_the_anmeldung_deadline() -> None:
    outcome = AccommodationSecured(advisor="Weber", move_in_date=date(2027, 1, 20))
    assert step_spec("accommodation").deadline_set_by(outcome) == ("anmeldung", date(2027, 2, 3))


def test_submitted_application_gives_the_body_a_month_to_confirm_receipt() -> None:
    outcome = ApplicationSubmitted(
        reference="FOSA-1", submitted_on=date(2027, 1, 31), channel="api"
    )
    assert step_spec("recognition_application").deadline_set_by(outcome) == (
        "recognition_documents",
        date(2027, 2, 28),
    )


def test_complete_documents_start_the_three_month_clock() -> None:
    outcome = RecognitionDocumentsComplete(advisor="Weber", complete_on=date(2026, 11, 30))
    assert step_spec("recognition_documents").deadline_set_by(outcome) == (
        "recognition_decision",
        date(2027, 2, 28),
    )


def test_the_residence_card_is_due_six_weeks_after_the_permit() -> None:
    """The card takes 4-6 weeks to produce; a Fiktionsbescheinigung covers the wait."""
    outcome = ResidencePermitIssued(advisor="ABH", title="18a", issued_on=date(2027, 1, 4))
    assert step_spec("residence_permit").deadline_set_by(outcome) == (
        "residence_card",
        date(2027, 2, 15),
    )


@pytest.mark.parametrize("step", ["anmeldung", "landlord_confirmation", "mentoring"])
def test_other_steps_set_no_deadline(step: str) -> None:
    assert step_spec(step).deadline_set_by(object()) is None
