"""The forecast read from the database: every open journey's, and the back-test, which must
not peek at history measured after the day it forecasts from."""

from datetime import date, timedelta

from sqlmodel import Session

from models.forecast import Estimate
from models.tables import StepStatus
from tasks.forecasts import backtest, history, open_forecasts
from tests.utils.factories import add_journey, stored_step

S = StepStatus
BB, ABH = "buergerbuero-bochum", "auslaenderbehoerde-bochum"
TODAY = date(2027, 3, 1)


def _finished(db: Session, number: int, launched: date) -> None:
    """Anmeldung in exactly 7 days, then the residence permit in exactly 30."""
    registered, permitted = launched + timedelta(days=7), launched + timedelta(days=37)
    add_journey(
        db,
        number,
        [
            stored_step("anmeldung", S.DONE, BB, opened_on=launched, settled_on=registered),
            stored_step(
                "residence_permit",
                S.DONE,
                ABH,
                opened_on=registered,
                settled_on=permitted,
                depends_on=["anmeldung"],
            ),
        ],
        launched_on=launched,
        finished_on=permitted,
        ready_steps=["residence_permit"],
    )


def test_the_back_test_learns_from_what_finished_before_each_launch(db: Session) -> None:
    for number in range(1, 11):
        _finished(db, number, date(2025, 1, 1) + timedelta(days=60 * number))
    result = backtest(db)
    assert result is not None and result.journeys == 10
    # The first five have fewer than five cases before them: the prior says 7 + 35 days, five
    # too many; the next five know the 7 + 30 exactly. The legal limits say 14 + 42: 19 more.
    assert (result.ours, result.baseline) == (2.5, 19.0)
    assert result.within == 1.0


def test_every_open_journey_gets_a_forecast_from_the_measured_history(db: Session) -> None:
    for number in range(1, 6):
        _finished(db, number, date(2026, 1, 1) + timedelta(days=60 * number))
    add_journey(
        db,
        6,
        [
            stored_step("anmeldung", S.WAITING, BB, opened_on=TODAY - timedelta(days=2)),
            stored_step("residence_permit", S.PENDING, ABH, depends_on=["anmeldung"]),
        ],
        launched_on=TODAY - timedelta(days=2),
        employer="Klinikum Bochum",
        ready_steps=["residence_permit"],
    )
    assert history(db).sample("residence_permit", ABH) == [(30, 5)]
    [outlook] = open_forecasts(db, TODAY)
    expected = TODAY + timedelta(days=5 + 30)
    assert outlook.journey_id == "WO-2027-0006"
    assert outlook.groups == {"employer": "Klinikum Bochum", "cohort": None}
    assert outlook.forecast.ready == Estimate(expected, expected)


def test_no_finished_journey_no_back_test(db: Session) -> None:
    assert backtest(db) is None
    assert open_forecasts(db, TODAY) == []
