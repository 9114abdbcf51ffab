"""Made-up journeys: the demo's finished history, so that its forecast has something to learn
from, and the benchmarks' offices of 1,000 to 100,000 journeys.

Every journey made here is marked `synthetic`, its case number begins with SYN and its
newcomer is called "Synthetic newcomer": it can never pass for a real person, and reports say
how many they count. The plans are real (made by models/plan.py from typical arrivals); the
durations are drawn around the forecast's prior, slower at some organisations than others.
"""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session

from models.arrival import Arrival
from models.deadlines import anmeldung_due
from models.forecast import PRIORS
from models.plan import Plan, make_plan
from models.steps import step_spec
from models.tables import Journey, JourneyStep, Newcomer, StepStatus

PREFIX = "SYN"
NUMBERS = 1_000_000  # synthetic case numbers count from here, apart from real ones
SPREAD = 0.45  # log-normal spread of a step's duration around its median
SLOWER = {"bezreg-muenster": 1.3, "auslaenderbehoerde-bochum": 1.1, "zab": 0.8, "ihk-fosa": 0.9}
COHORTS = ("pflege-2025-2", "pflege-2026-1", "pflege-2026-2")

# Typical arrivals, after the Welcome Office's seed (DOMAIN.md).
PROFILES: tuple[dict[str, Any], ...] = (
    {"nationality": "PL", "profession": "Koch", "qualification_country": "PL",
     "purpose": "work", "german_level": "A2", "employer": "Hotel am Stadtpark"},
    {"nationality": "VE", "profession": "Zahnärztin", "qualification_country": "VE",
     "purpose": "work", "german_level": "B2", "employer": "Zahnklinik Bochum"},
    {"nationality": "IN", "profession": "Pflegefachmann", "qualification_country": "IN",
     "purpose": "training", "german_level": "B1", "employer": "Diakonie Ruhr"},
    {"nationality": "VN", "profession": "Pflegefachfrau", "qualification_country": "VN",
     "purpose": "training", "german_level": "B1", "employer": "Diakonie Ruhr"},
    {"nationality": "TN", "profession": "Physiotherapeutin", "qualification_country": "TN",
     "purpose": "work", "german_level": "B1", "employer": "Reha-Zentrum Bochum"},
    {"nationality": "IN", "profession": "Pflegefachfrau", "qualification_country": "IN",
     "purpose": "work", "german_level": "A2", "employer": "Klinikum Bochum", "children": [3]},
    {"nationality": "TR", "profession": "Elektroniker", "qualification_country": "TR",
     "purpose": "work", "german_level": "A2", "employer": "Stadtwerke Bochum"},
)  # fmt: skip


@dataclass
class Made:
    newcomers: list[dict[str, Any]] = field(default_factory=list)
    journeys: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)


def _duration(rng: random.Random, step: str, organisation: str | None) -> int:
    median = PRIORS[step].median * SLOWER.get(organisation or "", 1.0)
    return max(0, round(median * math.exp(rng.gauss(0, SPREAD))))


def _journey(
    rng: random.Random,
    number: int,
    launched: date,
    today: date,
    made: Made,
    finished_only: bool,
    synthetic: bool,
) -> None:
    index = rng.randrange(len(PROFILES))
    profile = PROFILES[index]
    arrival = Arrival.model_validate(
        {**profile, "name": f"Synthetic newcomer {number}", "language": "en",
         "arrival_date": launched + timedelta(days=rng.randint(14, 90))}
    )  # fmt: skip
    plan = _plan(index)
    journey_id = f"{PREFIX if synthetic else 'WO'}-{launched.year}-{number:06d}"
    settled: dict[str, date] = {}
    rows = []
    for position, planned in enumerate(plan.steps()):
        row: dict[str, Any] = {
            "journey_id": journey_id, "position": position, "step": planned.step,
            "stage": step_spec(planned.step).stage.value, "organisation": planned.organisation,
            "required": planned.required, "depends_on": planned.depends_on, "note": planned.why,
            "status": StepStatus.SKIPPED, "opened_on": None, "settled_on": None, "due": None,
            "attempts": 0,
        }  # fmt: skip
        if planned.required:
            opened = max([launched, *(settled[d] for d in planned.depends_on)])
            settled[planned.step] = opened + timedelta(
                days=_duration(rng, planned.step, planned.organisation)
            )
            limit = PRIORS[planned.step].limit
            row["due"] = opened + timedelta(days=limit) if limit else None
            if planned.step == "anmeldung" and "accommodation" in settled:
                row["due"] = anmeldung_due(settled["accommodation"])
            row.update(_as_of(opened, settled[planned.step], today))
        rows.append(row)
    finished = max(settled.values(), default=launched)
    if finished_only and finished > today:
        return
    made.newcomers.append(
        {"id": number, **arrival.model_dump(exclude={"already_done"}), "children": []}
    )
    made.journeys.append(
        {
            "id": journey_id, "year": launched.year, "newcomer_id": number,
            "number": NUMBERS + number if synthetic else number,
            "launched_on": launched, "finished_on": finished if finished <= today else None,
            "cohort": rng.choice(COHORTS) if profile["purpose"] == "training" else None,
            "ready_steps": plan.ready_steps, "course_days": plan.course_days,
            "synthetic": synthetic, "wait_round": 0, "notice": "",
        }
    )  # fmt: skip
    made.steps += rows


@cache
def _plan(index: int) -> Plan:
    """A profile's plan: the same for every arrival of it (no move-in date, no deadline)."""
    anyone = {"name": "-", "language": "en", "arrival_date": date(2026, 1, 1)}
    return make_plan(Arrival.model_validate({**PROFILES[index], **anyone}))


def _as_of(opened: date, settled: date, today: date) -> dict[str, Any]:
    if settled <= today:
        return {"status": StepStatus.DONE, "opened_on": opened, "settled_on": settled}
    if opened <= today:
        return {"status": StepStatus.WAITING, "opened_on": opened}
    return {"status": StepStatus.PENDING}


def make_office(
    count: int,
    *,
    today: date,
    days_back: int,
    finished_only: bool = False,
    synthetic: bool = True,
    seed: int = 7,
) -> Iterator[Made]:
    """`count` journeys launched evenly over the `days_back` days before today, as they stand
    today (only the finished ones, if asked), in batches of at most 5,000 (so that 100,000
    never sit in memory at once). `synthetic=False` only for a benchmark's own database,
    whose journeys must look like an office's own (WO- case numbers)."""
    rng = random.Random(seed)
    made = Made()
    for number in range(1, count + 1):
        launched = today - timedelta(days=days_back - days_back * number // (count + 1))
        _journey(rng, number, launched, today, made, finished_only, synthetic)
        if number % 5000 == 0:
            yield made
            made = Made()
    if made.journeys:
        yield made


def store(db: Session, made: Made) -> None:
    offset = db.exec(select(func.coalesce(func.max(Newcomer.id), 0))).scalar_one()  # type: ignore[call-overload]
    for row in made.newcomers:
        row["id"] += offset
    for row in made.journeys:
        row["newcomer_id"] += offset
    for table, rows in (
        (Newcomer, made.newcomers),
        (Journey, made.journeys),
        (JourneyStep, made.steps),
    ):
        db.execute(insert(table), rows)  # type: ignore[arg-type]
    db.commit()


class RealHistoryExists(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "this database holds finished real journeys: synthetic history is not mixed in"
        )


def seed_history(db: Session, *, today: date, count: int = 200) -> int:
    """The demo's finished history: made once, only where no real journey has finished.
    Returns how many synthetic journeys the database holds."""
    real = db.exec(
        select(func.count()).where(Journey.finished_on.is_not(None), ~Journey.synthetic)
    ).scalar_one()  # type: ignore[call-overload, union-attr]
    if real:
        raise RealHistoryExists()
    known = db.exec(select(func.count()).where(Journey.synthetic)).scalar_one()  # type: ignore[call-overload]
    if known:
        return known
    for made in make_office(count, today=today, days_back=720, finished_only=True):
        store(db, made)
    return db.exec(select(func.count()).where(Journey.synthetic)).scalar_one()  # type: ignore[call-overload]
