from datetime import UTC, date, datetime

import pytest

from models.status import (
    JourneyState,
    journey_tags,
    retag,
    stage_situation,
    stages_with_work,
    summarise,
)
from models.steps import Stage
from models.tables import StepStatus
from tests.utils.factories import step_row

TODAY = date(2027, 1, 10)
S = StepStatus


def test_a_journey_waiting_on_an_advisor_says_on_whom_and_since_when() -> None:
    summary = summarise(
        "WO-2027-0001",
        [
            step_row("accommodation", S.DONE, since=date(2026, 12, 1)),
            step_row(
                "landlord_confirmation",
                S.WAITING,
                since=datetime(2027, 1, 2, 9, 30, tzinfo=UTC),
                organisation="housing-partner",
            ),
            step_row("anmeldung", S.PENDING, due=date(2027, 1, 20)),
            step_row("residence_permit", S.SKIPPED, organisation=None),
        ],
        TODAY,
    )
    assert summary.journey_id == "WO-2027-0001"
    assert summary.state is JourneyState.WAITING
    assert summary.waiting == [("landlord_confirmation", "housing-partner")]
    assert summary.since == date(2027, 1, 2)
    assert summary.next_due == date(2027, 1, 20)
    assert summary.days_to_due == 10
    assert summary.overdue == []


def test_overdue_steps_are_listed_and_the_deadline_counts_down_below_zero() -> None:
    summary = summarise(
        "WO-2027-0002",
        [
            step_row("anmeldung", S.WAITING, due=date(2027, 1, 7)),
            step_row("recognition_documents", S.PENDING, due=date(2027, 1, 9)),
            step_row("recognition_decision", S.PENDING, due=date(2027, 4, 9)),
            step_row("course_booking", S.PENDING, due=date(2027, 1, 10)),  # due today
        ],
        TODAY,
    )
    assert summary.overdue == ["anmeldung", "recognition_documents"]
    assert summary.next_due == date(2027, 1, 7)
    assert summary.days_to_due == -3


def test_settled_steps_are_never_overdue() -> None:
    summary = summarise(
        "WO-2027-0003",
        [
            step_row("anmeldung", S.DONE, due=date(2026, 12, 1)),
            step_row("residence_permit", S.SKIPPED, due=date(2026, 12, 1)),
            step_row("mentoring", S.WAITING),
        ],
        TODAY,
    )
    assert summary.overdue == []
    assert summary.next_due is None
    assert summary.days_to_due is None


def test_since_is_the_oldest_open_step() -> None:
    summary = summarise(
        "WO-2027-0004",
        [
            step_row("residence_permit", S.WAITING, since=date(2027, 1, 5), organisation="abh"),
            step_row("recognition_application", S.RETRYING, since=date(2027, 1, 3)),
            step_row("accommodation", S.DONE, since=date(2026, 11, 1)),
            step_row("mentoring", S.PENDING, since=date(2026, 11, 1)),
        ],
        TODAY,
    )
    assert summary.since == date(2027, 1, 3)
    assert summary.waiting == [("residence_permit", "abh"), ("recognition_application", "x")]


def test_since_in_a_naive_datetime_from_sqlite_is_read_as_utc() -> None:
    summary = summarise(
        "WO-2027-0005", [step_row("anmeldung", S.WAITING, since=datetime(2027, 1, 4, 23))], TODAY
    )
    assert summary.since == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ([S.FAILED, S.RETRYING, S.WAITING, S.DONE], JourneyState.FAILED),
        ([S.RETRYING, S.WAITING, S.PENDING], JourneyState.RETRYING),
        ([S.DONE, S.SKIPPED, S.DONE], JourneyState.DONE),
        ([S.WAITING, S.PENDING, S.RUNNING, S.DONE], JourneyState.WAITING),
        ([S.PENDING, S.PENDING, S.SKIPPED], JourneyState.STARTING),
    ],
)
def test_state_precedence(statuses: list[StepStatus], state: JourneyState) -> None:
    names = ["accommodation", "landlord_confirmation", "anmeldung", "mentoring"]
    rows = [step_row(name, status) for name, status in zip(names, statuses, strict=False)]
    assert summarise("WO-2027-0006", rows, TODAY).state is state


def test_a_failed_step_is_what_the_journey_waits_on() -> None:
    summary = summarise(
        "WO-2027-0007",
        [step_row("recognition_application", S.FAILED, organisation="ihk-fosa")],
        TODAY,
    )
    assert summary.state is JourneyState.FAILED
    assert summary.failed == ["recognition_application"]
    assert summary.waiting == []


def test_tags_say_which_stages_are_open_and_on_whom_the_journey_waits() -> None:
    steps = [
        step_row("accommodation", S.DONE),
        step_row("anmeldung", S.WAITING, due=date(2027, 1, 5), organisation="buergerbuero-bochum"),
        step_row("recognition_application", S.FAILED, organisation="bezreg-muenster"),
        step_row("recognition_decision", S.PENDING, organisation="bezreg-muenster"),
        step_row("mentoring", S.SKIPPED, organisation=None),
    ]
    assert journey_tags(steps, TODAY) == {
        "journey",
        "stage:registration",
        "stage:recognition",
        "waits-on:buergerbuero-bochum",
        "overdue",
        "failed",
    }


def test_retagging_replaces_our_tags_and_keeps_others() -> None:
    current = ["journey", "cohort:diakonie-2027", "waits-on:zab", "overdue", "stage:recognition"]
    assert retag(current, {"journey", "stage:housing", "waits-on:housing-partner"}) == [
        "cohort:diakonie-2027",
        "journey",
        "stage:housing",
        "waits-on:housing-partner",
    ]


def test_a_stage_says_on_whom_it_waits_since_when_and_until_when() -> None:
    steps = [
        step_row(
            "recognition_decision",
            S.WAITING,
            since=date(2026, 11, 2),
            due=date(2027, 2, 2),
            organisation="bezreg-muenster",
        ),
        step_row("anmeldung", S.PENDING, due=date(2027, 1, 5), depends_on=["accommodation"]),
        step_row(
            "accommodation", S.WAITING, since=date(2027, 1, 1), organisation="housing-partner"
        ),
    ]
    recognition = stage_situation(Stage.RECOGNITION, steps, TODAY)
    assert recognition.message == (
        "recognition_decision waits on bezreg-muenster since 2026-11-02, due 2027-02-02"
    )
    assert not (recognition.done or recognition.failed or recognition.overdue)
    registration = stage_situation(Stage.REGISTRATION, steps, TODAY)
    assert registration.overdue
    assert registration.message == "anmeldung waits on accommodation, due 2027-01-05 (overdue)"
    assert stage_situation(Stage.LANGUAGE_COURSE, steps, TODAY).done


def test_a_stage_waiting_on_another_stage_s_decision_works_after_it() -> None:
    steps = [
        step_row("anmeldung", S.WAITING, organisation="buergerbuero-bochum"),
        step_row("residence_permit", S.PENDING, depends_on=["anmeldung"]),
        step_row("mentoring", S.PENDING, depends_on=["anmeldung"]),
        step_row("accommodation", S.WAITING, organisation="housing-partner"),
    ]
    assert stages_with_work(steps, {"anmeldung"}) == [
        [Stage.REGISTRATION],
        [Stage.SOCIAL_INTEGRATION],
    ]
    assert stages_with_work(steps, set()) == []
    assert stages_with_work(steps, {"anmeldung", "accommodation"}) == [
        [Stage.HOUSING, Stage.REGISTRATION],
        [Stage.SOCIAL_INTEGRATION],
    ]
