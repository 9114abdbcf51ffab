"""Test data: a valid arrival to vary one field at a time, and journey step rows."""

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from models.arrival import Arrival
from models.steps import step_spec
from models.tables import JourneyStep, StepStatus


def arrival_data(**overrides: Any) -> dict[str, Any]:
    """A valid arrival as a coordinator would type it: a Polish cook (EU citizen, German A2)."""
    data: dict[str, Any] = {
        "name": "Katarzyna Nowak",
        "nationality": "PL",
        "profession": "Köchin",
        "qualification_country": "PL",
        "purpose": "work",
        "german_level": "A2",
        "arrival_date": "2026-11-16",
        "move_in_date": "2026-11-17",
        "birth_date": "1994-03-12",
        "employer": "Hotel am Stadtpark",
        "language": "pl",
    }
    data = {**data, **overrides}
    # One e-mail, one person (a second journey with the same e-mail is refused as a duplicate).
    data.setdefault(
        "email", re.sub(r"[^a-z]+", ".", data["name"].lower()).strip(".") + "@example.org"
    )
    return data


def short_journey_data(**overrides: Any) -> dict[str, Any]:
    """The shortest whole journey: an EU cook with German C1 (no permit, no course), moved in
    on 2026-11-12, so the Anmeldung is due on 2026-11-26."""
    return arrival_data(
        **{
            "german_level": "C1",
            "arrival_date": "2026-11-10",
            "move_in_date": "2026-11-12",
            **overrides,
        }
    )


def make_arrival(**overrides: Any) -> Arrival:
    return Arrival.model_validate(arrival_data(**overrides))


def step_row(
    step: str,
    status: StepStatus,
    *,
    due: date | None = None,
    since: date | datetime | None = None,
    depends_on: Sequence[str] = (),
    organisation: str | None = "x",
) -> JourneyStep:
    """A journey's step as stored; `since` as a date means midnight UTC of that day."""
    if isinstance(since, datetime):
        moment = since
    elif isinstance(since, date):
        moment = datetime(since.year, since.month, since.day, tzinfo=UTC)
    else:
        moment = datetime.now(UTC)
    return JourneyStep(
        journey_id="WO-2027-0001",
        position=0,
        stage=step_spec(step).stage.value,
        step=step,
        organisation=organisation,
        required=status is not StepStatus.SKIPPED,
        depends_on=list(depends_on),
        status=status,
        since=moment,
        due=due,
    )


def add_journey(
    db: Any,
    number: int,
    steps: Sequence[JourneyStep],
    *,
    launched_on: date,
    finished_on: date | None = None,
    employer: str | None = None,
    cohort: str | None = None,
    ready_steps: Sequence[str] = (),
) -> str:
    """Store a journey with its newcomer and steps as the office would have; returns its id."""
    from models.tables import Journey, Newcomer

    newcomer = Newcomer(
        name=f"Newcomer {number}",
        nationality="IN",
        profession="Pflegefachfrau",
        qualification_country="IN",
        purpose="work",
        german_level="B1",
        arrival_date=launched_on,
        employer=employer,
        language="en",
    )
    db.add(newcomer)
    db.flush()
    journey_id = f"WO-2027-{number:04d}"
    db.add(
        Journey(
            id=journey_id,
            year=2027,
            number=number,
            newcomer_id=newcomer.id,
            launched_on=launched_on,
            finished_on=finished_on,
            cohort=cohort,
            ready_steps=list(ready_steps),
        )
    )
    for position, step in enumerate(steps):
        step.journey_id, step.position = journey_id, position
        db.add(step)
    db.commit()
    return journey_id


def stored_step(
    step: str,
    status: StepStatus,
    organisation: str | None,
    *,
    opened_on: date | None = None,
    settled_on: date | None = None,
    due: date | None = None,
    depends_on: Sequence[str] = (),
) -> JourneyStep:
    return JourneyStep(
        journey_id="",
        position=0,
        stage=step_spec(step).stage.value,
        step=step,
        organisation=organisation,
        required=True,
        status=status,
        opened_on=opened_on,
        settled_on=settled_on,
        due=due,
        depends_on=list(depends_on),
    )


CLINIC, HOTEL = "Klinikum Bochum", "Hotel am Stadtpark"
S = StepStatus


def small_office(db: Any) -> None:
    """Ten finished journeys whose accommodation took 1..10 days (five at a clinic, five at a
    hotel), and three open ones: WO-2027-0011 (the clinic's, cohort pflege-2027-1) has its
    Anmeldung 14 days overdue on 2027-03-01; -0012 (the hotel's) waits on the Bürgerbüro and
    IHK FOSA; -0013 waits on the Bürgerbüro and has its mentoring failed."""
    for number in range(1, 11):  # accommodation took `number` days, from 2027-01-01
        add_journey(
            db,
            number,
            [
                stored_step(
                    "accommodation",
                    S.DONE,
                    "housing-partner",
                    opened_on=date(2027, 1, 1),
                    settled_on=date(2027, 1, 1) + timedelta(days=number),
                )
            ],
            launched_on=date(2026, 12, 28),
            finished_on=date(2027, 1, 15),
            employer=CLINIC if number <= 5 else HOTEL,
        )
    add_journey(  # 11: the Anmeldung is 14 days overdue
        db,
        11,
        [
            stored_step(
                "anmeldung",
                S.WAITING,
                "buergerbuero-bochum",
                opened_on=date(2027, 2, 1),
                due=date(2027, 2, 15),
            ),
            stored_step("residence_permit", S.PENDING, "auslaenderbehoerde-bochum"),
        ],
        launched_on=date(2027, 1, 25),
        employer=CLINIC,
        cohort="pflege-2027-1",
    )
    add_journey(
        db,
        12,
        [
            stored_step(
                "anmeldung",
                S.WAITING,
                "buergerbuero-bochum",
                opened_on=date(2027, 2, 20),
                due=date(2027, 3, 5),
            ),
            stored_step(
                "recognition_decision",
                S.WAITING,
                "ihk-fosa",
                opened_on=date(2027, 1, 30),
                due=date(2027, 4, 30),
            ),
        ],
        launched_on=date(2027, 1, 25),
        employer=HOTEL,
    )
    add_journey(
        db,
        13,
        [
            stored_step("anmeldung", S.WAITING, "buergerbuero-bochum", opened_on=date(2027, 2, 26)),
            stored_step("mentoring", S.FAILED, "integration-partner", opened_on=date(2027, 2, 26)),
        ],
        launched_on=date(2027, 2, 22),
    )
