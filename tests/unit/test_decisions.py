from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from models import decisions as d
from models.steps import STEPS
from models.validation import describe

TODAY = date(2027, 1, 10)

VALID: dict[type[BaseModel], dict[str, Any]] = {
    d.AccommodationSecured: {"advisor": "Weber", "move_in_date": "2027-02-01", "temporary": True},
    d.LandlordConfirmationReceived: {"advisor": "Weber", "received_on": "2027-01-08"},
    d.AnmeldungDone: {"advisor": "BB-17", "registered_on": "2027-01-10"},
    d.ResidencePermitIssued: {
        "advisor": "ABH-3",
        "title": "18a",
        "issued_on": "2027-01-09",
        "valid_until": "2031-01-08",
    },
    d.CompetentBodyChosen: {"advisor": "st-0001", "body": "hwk-dortmund"},
    d.AgreementSigned: {"advisor": "ABH-3", "signed_on": "2027-01-03"},
    d.EmploymentApproved: {"advisor": "BA-1", "approved_on": "2027-01-04"},
    d.PreApprovalIssued: {"advisor": "ABH-3", "issued_on": "2027-01-05"},
    d.VisaIssued: {"advisor": "AA-9", "issued_on": "2027-01-06"},
    d.ResidenceCardHandedOver: {"advisor": "ABH-3", "handed_over_on": "2027-01-09"},
    d.RecognitionDocumentsComplete: {"advisor": "Weber", "complete_on": "2027-01-02"},
    d.RecognitionDecided: {"advisor": "Weber", "outcome": "full", "decided_on": "2027-01-02"},
    d.ApplicationPosted: {"advisor": "st-0001", "posted_on": "2027-01-04"},
    d.InterimLicenceGranted: {"advisor": "Weber", "issued_on": "2027-01-06"},
    d.ExamTaken: {"advisor": "Weber", "taken_on": "2027-01-07", "passed": True},
    d.AdaptationCourseCompleted: {
        "advisor": "Weber",
        "starts_on": "2026-07-01",
        "completed_on": "2027-01-07",
        "passed": True,
    },
    d.RecognitionFinal: {"advisor": "Weber", "outcome": "full", "decided_on": "2027-01-08"},
    d.CourseEntitlementIssued: {"advisor": "ABH-3", "issued_on": "2027-01-05"},
    d.CourseBooked: {"advisor": "Weber", "course": "integration_course", "starts_on": "2027-03-01"},
    d.ChildcarePlaced: {"advisor": "FB-2", "starts_on": "2027-08-01"},
    d.SchoolPlaced: {"advisor": "KI-1", "starts_on": "2027-02-01"},
    d.MentorMatched: {"advisor": "Weber", "programme": "sports_club", "matched_on": "2027-01-10"},
}

# model -> its field recording a day on which something already happened
HAPPENED: dict[type[BaseModel], str] = {
    d.LandlordConfirmationReceived: "received_on",
    d.AnmeldungDone: "registered_on",
    d.ResidencePermitIssued: "issued_on",
    d.RecognitionDocumentsComplete: "complete_on",
    d.RecognitionDecided: "decided_on",
    d.CourseEntitlementIssued: "issued_on",
    d.MentorMatched: "matched_on",
    d.ApplicationPosted: "posted_on",
    d.AgreementSigned: "signed_on",
    d.EmploymentApproved: "approved_on",
    d.PreApprovalIssued: "issued_on",
    d.VisaIssued: "issued_on",
    d.ResidenceCardHandedOver: "handed_over_on",
    d.InterimLicenceGranted: "issued_on",
    d.ExamTaken: "taken_on",
    d.AdaptationCourseCompleted: "completed_on",
    d.RecognitionFinal: "decided_on",
}


def named(model: type[BaseModel], data: dict[str, Any], **context: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=context or None)
    return describe(caught.value)


def test_every_manual_step_has_a_decision_with_a_valid_example() -> None:
    assert {spec.decision for spec in STEPS if spec.manual} == set(VALID)


@pytest.mark.parametrize("model", VALID, ids=lambda model: model.__name__)
def test_a_valid_decision_is_accepted(model: type[BaseModel]) -> None:
    decision = model.model_validate(VALID[model], context={"today": TODAY})
    assert decision.advisor == VALID[model]["advisor"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("model", VALID, ids=lambda model: model.__name__)
def test_unknown_fields_are_refused(model: type[BaseModel]) -> None:
    assert "note: unknown field" in named(model, {**VALID[model], "note": "x"})


@pytest.mark.parametrize("model", VALID, ids=lambda model: model.__name__)
def test_the_advisor_is_required(model: type[BaseModel]) -> None:
    data = {k: v for k, v in VALID[model].items() if k != "advisor"}
    assert "advisor: required, missing" in named(model, data)
    assert "advisor: String should have at least 2 characters" in named(
        model, {**data, "advisor": " x "}
    )


@pytest.mark.parametrize("model", HAPPENED, ids=lambda model: model.__name__)
def test_a_day_in_the_future_is_refused_when_today_is_known(model: type[BaseModel]) -> None:
    field = HAPPENED[model]
    data = {**VALID[model], field: "2027-01-11"}
    assert named(model, data, today=TODAY) == [
        f"{field}: 2027-01-11 lies in the future (today is 2027-01-10)"
    ]
    assert getattr(model.model_validate(data), field) == date(2027, 1, 11)  # no context


def test_days_yet_to_come_may_lie_in_the_future() -> None:
    d.AccommodationSecured.model_validate(
        {"advisor": "Weber", "move_in_date": "2027-06-01"}, context={"today": TODAY}
    )
    d.CourseBooked.model_validate(
        {"advisor": "Weber", "course": "job_related_german", "starts_on": "2027-06-01"},
        context={"today": TODAY},
    )


@pytest.mark.parametrize("valid_until", ["2027-01-09", "2027-01-01"])
def test_a_permit_must_be_valid_after_its_issue(valid_until: str) -> None:
    data = {**VALID[d.ResidencePermitIssued], "valid_until": valid_until}
    assert named(d.ResidencePermitIssued, data) == ["valid_until: must lie after issued_on"]


def test_a_permit_may_be_open_ended() -> None:
    data = {**VALID[d.ResidencePermitIssued], "title": "81", "valid_until": None}
    assert d.ResidencePermitIssued.model_validate(data).valid_until is None


def test_an_unknown_residence_title_is_refused() -> None:
    data = {**VALID[d.ResidencePermitIssued], "title": "99"}
    assert named(d.ResidencePermitIssued, data)[0].startswith("title: Input should be '18a'")


def test_a_partial_recognition_lists_its_gaps() -> None:
    decision = d.RecognitionDecided.model_validate(
        {
            "advisor": "Weber",
            "outcome": "partial",
            "decided_on": "2027-01-02",
            "gaps": ["Pharmakologie", "Notfallmedizin"],
            "measure": "kenntnispruefung",
        }
    )
    assert decision.gaps == ["Pharmakologie", "Notfallmedizin"]
    assert decision.measure is d.CompensationMeasure.KENNTNISPRUEFUNG


def test_a_partial_recognition_without_gaps_is_refused() -> None:
    data = {"advisor": "Weber", "outcome": "partial", "decided_on": "2027-01-02"}
    assert named(d.RecognitionDecided, data) == [
        "gaps: a partial recognition must list those of the Defizitbescheid"
    ]


@pytest.mark.parametrize("outcome", ["full", "refused"])
@pytest.mark.parametrize("extra", [{"gaps": ["Pharmakologie"]}, {"measure": "anpassungslehrgang"}])
def test_gaps_and_measure_belong_to_a_partial_recognition(
    outcome: str, extra: dict[str, Any]
) -> None:
    data = {"advisor": "Weber", "outcome": outcome, "decided_on": "2027-01-02", **extra}
    assert named(d.RecognitionDecided, data) == [
        f"{next(iter(extra))}: only for a partial recognition, not a {outcome} one"
    ]


def test_a_failed_exam_names_the_parts_to_retake() -> None:
    data = {**VALID[d.ExamTaken], "passed": False}
    assert named(d.ExamTaken, data) == ["failed_parts: name them, they are what the retake covers"]
    failed = d.ExamTaken.model_validate({**data, "failed_parts": ["Pharmakologie"]})
    assert failed.failed_parts == ["Pharmakologie"]


def test_after_the_measure_the_recognition_is_full_or_refused() -> None:
    data = {**VALID[d.RecognitionFinal], "outcome": "partial"}
    assert named(d.RecognitionFinal, data) == [
        "outcome: after the measure the recognition is full or refused"
    ]


def test_fill_today_fills_only_days_that_happened() -> None:
    filled = d.fill_today(d.ResidencePermitIssued, {"advisor": "ABH-3", "title": "18a"}, TODAY)
    assert filled == {"advisor": "ABH-3", "title": "18a", "issued_on": "2027-01-10"}


def test_fill_today_treats_an_empty_answer_as_left_out() -> None:
    filled = d.fill_today(d.AnmeldungDone, {"advisor": "BB-17", "registered_on": ""}, TODAY)
    assert filled["registered_on"] == "2027-01-10"


def test_fill_today_keeps_a_given_day_and_the_input() -> None:
    data = {"advisor": "BB-17", "registered_on": "2027-01-03"}
    assert d.fill_today(d.AnmeldungDone, data, TODAY) == data
    assert d.fill_today(d.AnmeldungDone, {"advisor": "BB-17"}, TODAY) is not data


@pytest.mark.parametrize("model", [d.AccommodationSecured, d.CourseBooked, d.ChildcarePlaced])
def test_fill_today_never_invents_a_future_day(model: type[BaseModel]) -> None:
    assert d.fill_today(model, {"advisor": "Weber"}, TODAY) == {"advisor": "Weber"}
