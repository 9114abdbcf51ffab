"""The report's figures on known data (tests/utils/factories.py's small office), counted by
SQLite and by PostgreSQL alike; the expected figures are worked out by hand in comments."""

from datetime import date

import pytest
from sqlmodel import Session

from models.report import Bottleneck, OverdueStep, StageCount, StepCount, StepTime, Week
from models.steps import Stage
from models.tables import StepStatus
from tasks.figures import UnknownGrouping, figures
from tests.utils.factories import CLINIC, HOTEL, add_journey, small_office, stored_step

TODAY = date(2027, 3, 1)  # a Monday
S = StepStatus


def test_time_per_step_median_and_90th_percentile(db: Session) -> None:
    small_office(db)
    # 1..10: median (5 + 6) / 2; 90th percentile by nearest rank: the 9th value.
    assert figures(db, TODAY).times == [StepTime(None, "accommodation", 10, 5.5, 9)]
    by_employer = sorted(figures(db, TODAY, "employer").times, key=lambda t: t.group or "")
    assert by_employer == [  # the hotel's 6..10, the clinic's 1..5
        StepTime(HOTEL, "accommodation", 5, 8.0, 10),
        StepTime(CLINIC, "accommodation", 5, 3.0, 5),
    ]


def test_the_bottleneck_is_the_organisation_people_wait_on_longest(db: Session) -> None:
    small_office(db)
    found = sorted(figures(db, TODAY).bottlenecks, key=lambda b: b.organisation)
    assert found == [
        # waits of 28, 9 and 3 days; one past its deadline
        Bottleneck(None, "buergerbuero-bochum", 3, 9.0, 28, 1),
        Bottleneck(None, "ihk-fosa", 1, 30.0, 30, 0),
    ]


def test_funnel_counts_open_journeys_at_each_stage_and_step(db: Session) -> None:
    small_office(db)
    report = figures(db, TODAY)
    assert sorted(report.stages, key=lambda s: s.stage) == sorted(
        [
            StageCount(None, Stage.REGISTRATION, 3),
            StageCount(None, Stage.RECOGNITION, 1),
            StageCount(None, Stage.SOCIAL_INTEGRATION, 1),
        ],
        key=lambda s: s.stage,
    )
    assert sorted(report.steps, key=lambda s: s.step) == [
        StepCount(None, Stage.REGISTRATION, "anmeldung", waiting=3),
        StepCount(None, Stage.SOCIAL_INTEGRATION, "mentoring", failed=1),
        StepCount(None, Stage.RECOGNITION, "recognition_decision", waiting=1),
        StepCount(None, Stage.REGISTRATION, "residence_permit", pending=1),
    ]


def test_overdue_list_by_journey_id_and_per_cohort(db: Session) -> None:
    small_office(db)
    overdue = OverdueStep(
        None, "WO-2027-0011", "anmeldung", "buergerbuero-bochum", date(2027, 2, 15), 14
    )
    assert figures(db, TODAY).overdue == [overdue]
    by_cohort = figures(db, TODAY, "cohort").overdue
    assert [(o.group, o.journey_id) for o in by_cohort] == [("pflege-2027-1", "WO-2027-0011")]


def test_weekly_throughput_counts_launches_finishes_and_steps_by_monday(db: Session) -> None:
    small_office(db)
    assert figures(db, TODAY).weeks == [
        Week(None, date(2026, 12, 28), launched=10, steps_done=2),  # done on Jan 2 and 3
        Week(None, date(2027, 1, 4), steps_done=7),
        Week(None, date(2027, 1, 11), finished=10, steps_done=1),
        Week(None, date(2027, 1, 25), launched=2),
        Week(None, date(2027, 2, 22), launched=1),
    ]


def test_an_empty_office_has_empty_figures(db: Session) -> None:
    report = figures(db, TODAY)
    assert report.groups() == []
    assert (report.stages, report.times, report.bottlenecks, report.overdue, report.weeks) == (
        [],
        [],
        [],
        [],
        [],
    )


def test_one_journey_is_its_own_median_and_percentile(db: Session) -> None:
    add_journey(
        db,
        1,
        [
            stored_step(
                "anmeldung",
                S.DONE,
                "buergerbuero-bochum",
                opened_on=date(2027, 2, 1),
                settled_on=date(2027, 2, 4),
            )
        ],
        launched_on=date(2027, 2, 1),
    )
    assert figures(db, TODAY).times == [StepTime(None, "anmeldung", 1, 3.0, 3)]


def test_an_unknown_grouping_is_named(db: Session) -> None:
    with pytest.raises(UnknownGrouping, match="cannot group by 'nationality'; groupings are"):
        figures(db, TODAY, "nationality")
