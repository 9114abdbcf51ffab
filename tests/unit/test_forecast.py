"""The forecast on synthetic history with known answers, the prior, and the naive baseline."""

from datetime import date, timedelta

from models.forecast import (
    PRIORS,
    Estimate,
    History,
    JourneyFacts,
    LegalLimits,
    forecast,
    quantile,
)
from models.steps import STEP_BY_NAME, Stage
from models.tables import StepStatus
from tests.utils.factories import stored_step

TODAY = date(2027, 3, 1)
S = StepStatus
BB = "buergerbuero-bochum"
NO_READINESS = JourneyFacts(arrival_date=date(2027, 1, 1), ready_steps=[], course_days=0)


def _days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_quantiles_by_nearest_rank() -> None:
    sample = [(2, 1), (4, 1), (6, 1), (8, 1), (10, 1)]
    assert (quantile(sample, 0.5), quantile(sample, 0.9)) == (6, 10)


def test_without_history_the_prior_from_the_law_stands_in() -> None:
    steps = [stored_step("anmeldung", S.PENDING, BB)]
    found = forecast(steps, NO_READINESS, History({}), TODAY)
    assert found.stages == {Stage.REGISTRATION: Estimate(_days(7), _days(14))}


def test_measured_history_replaces_the_prior() -> None:
    history = History({("anmeldung", BB): {2: 1, 4: 1, 6: 1, 8: 1, 10: 1}})
    steps = [stored_step("anmeldung", S.PENDING, BB)]
    found = forecast(steps, NO_READINESS, history, TODAY)
    assert found.stages[Stage.REGISTRATION] == Estimate(_days(6), _days(10))


def test_a_step_waiting_for_some_days_is_estimated_from_the_cases_that_took_longer() -> None:
    history = History({("anmeldung", BB): {2: 1, 4: 1, 6: 1, 8: 1, 10: 1}})
    steps = [stored_step("anmeldung", S.WAITING, BB, opened_on=_days(-5))]
    found = forecast(steps, NO_READINESS, history, TODAY)
    # longer than 5 days: 6, 8, 10; median 8 and 90th percentile 10, minus the 5 waited
    assert found.stages[Stage.REGISTRATION] == Estimate(_days(3), _days(5))


def test_too_few_cases_at_one_organisation_borrow_from_the_step_elsewhere() -> None:
    history = History(
        {
            ("recognition_decision", "bezreg-muenster"): {40: 2},
            ("recognition_decision", "ihk-fosa"): {50: 4},
        }
    )
    assert history.sample("recognition_decision", "bezreg-muenster") == [(40, 2), (50, 4)]
    assert history.sample("recognition_decision", "ihk-fosa") == [(40, 2), (50, 4)]
    rich = History({("recognition_decision", "ihk-fosa"): {50: 5}})
    assert rich.sample("recognition_decision", "ihk-fosa") == [(50, 5)]


def test_ready_to_work_after_the_recognition_the_permit_and_the_german_course() -> None:
    history = History(
        {
            ("residence_permit", "auslaenderbehoerde-bochum"): {30: 10},
            ("course_entitlement", "auslaenderbehoerde-bochum"): {10: 10},
            ("course_booking", "bamf"): {20: 10},
            ("recognition_decision", "bezreg-muenster"): {100: 10},
        }
    )
    steps = [
        stored_step("anmeldung", S.DONE, BB, settled_on=_days(-1)),
        stored_step("residence_permit", S.PENDING, "auslaenderbehoerde-bochum"),
        stored_step("course_entitlement", S.PENDING, "auslaenderbehoerde-bochum"),
        stored_step("course_booking", S.PENDING, "bamf"),
        stored_step("recognition_decision", S.WAITING, "bezreg-muenster", opened_on=TODAY),
    ]
    steps[2].depends_on = ["residence_permit"]
    steps[3].depends_on = ["course_entitlement"]
    facts = JourneyFacts(
        arrival_date=date(2027, 2, 1),
        ready_steps=["recognition_decision", "residence_permit", "course_booking"],
        course_days=91,
    )
    found = forecast(steps, facts, history, TODAY)
    # permit day 30, entitlement 40, booking 60, German reached 60 + 91 = 151 > recognition 100
    assert found.ready == Estimate(_days(151), _days(151))
    assert found.stages[Stage.LANGUAGE_COURSE] == Estimate(_days(60), _days(60))
    assert found.stages[Stage.REGISTRATION] == Estimate(_days(30), _days(30))


def test_nobody_is_ready_before_arriving() -> None:
    facts = JourneyFacts(arrival_date=_days(45), ready_steps=[], course_days=0)
    assert forecast([], facts, History({}), TODAY).ready == Estimate(_days(45), _days(45))


def test_the_naive_baseline_takes_each_legal_limit_and_nothing_for_the_rest() -> None:
    steps = [
        stored_step("accommodation", S.PENDING, "housing-partner"),
        stored_step("anmeldung", S.PENDING, BB),
    ]
    steps[1].depends_on = ["accommodation"]
    found = forecast(steps, NO_READINESS, LegalLimits(), TODAY)
    assert found.stages[Stage.HOUSING] == Estimate(TODAY, TODAY)
    assert found.stages[Stage.REGISTRATION] == Estimate(_days(14), _days(14))


def test_every_step_has_a_prior_with_its_reason() -> None:
    assert set(PRIORS) == set(STEP_BY_NAME)
    assert all(prior.source for prior in PRIORS.values())
