"""When will each step, each stage and the newcomer be done: the estimate employers ask for.

Built from durations measured on finished steps, per step and organisation (days from a
step's opening to its completion). Where fewer than MIN_HISTORY cases are measured for the
organisation, the step's cases at every organisation count; where those are too few too,
the prior below stands in. Each estimate is an interval: `likely` is the median, `late` the
90th percentile (nearest rank), so one in ten takes longer.

A step open for some days is estimated from the cases that took longer than it has waited
so far; one that has waited longer than every measured case is expected to take as long again
as usual. A step waiting on others starts when the last of them is done. Estimating the
median and the 90th percentile step by step and adding them up errs on the late side for a
chain of steps: an employer planning a start date is better served by that than the reverse.

The prior, in days (median, 90th percentile, and the legal or officially stated limit):
DOMAIN.md's legal and typical durations where it gives one, and our assumption where not.
It is taken as ten imagined cases: five at the median, four at the 90th percentile and one at
one and a half times that.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple, Protocol

from models.steps import STEP_BY_NAME, Stage
from models.tables import StepStatus

MIN_HISTORY = 5
LIKELY, LATE = 0.5, 0.9


@dataclass(frozen=True)
class Prior:
    median: int
    p90: int
    limit: int | None  # days the law (or the authority) allows; None: no such limit
    source: str


PRIORS: dict[str, Prior] = {
    "accommodation": Prior(21, 60, None, "assumption: a flat or room in Bochum within weeks"),
    "landlord_confirmation": Prior(3, 10, 14, "§19 BMG: within the Anmeldung's 2 weeks"),
    "anmeldung": Prior(7, 14, 14, "§17(1) BMG: within 2 weeks of moving in"),
    "fast_track_agreement": Prior(14, 28, None, "assumption: the §81a agreement in weeks"),
    "employment_approval": Prior(7, 14, 14, "§36(2) BeschV: deemed given after 2 weeks"),
    "pre_approval": Prior(14, 30, None, "assumption: once recognition and approval are in"),
    "visa": Prior(42, 56, 42, "§31a AufenthV: an appointment in 3 weeks, the visa in 3 more"),
    "residence_permit": Prior(35, 42, 42, "assumption: appointment and decision in 5–6 weeks"),
    "residence_card": Prior(35, 42, 42, "the residence card takes 4–6 weeks"),
    "competent_body": Prior(3, 10, None, "assumption: the Welcome Office asks and decides in days"),
    "recognition_application": Prior(1, 3, None, "filed by ankommen"),
    "recognition_posted": Prior(3, 7, None, "assumption: staff post it within days"),
    "recognition_documents": Prior(21, 30, 30, "BQFG: receipt confirmed within 1 month"),
    "recognition_decision": Prior(60, 90, 90, "BQFG: 3 months; §81a about 2 months"),
    "interim_licence": Prior(30, 60, None, "assumption: a Berufserlaubnis in 1–2 months"),
    "kenntnispruefung": Prior(120, 180, 180, "§3(3) BÄO, §43 PflBG: offered within 6 months"),
    "kenntnispruefung_retake": Prior(90, 180, None, "assumption: the next exam dates"),
    "anpassungslehrgang": Prior(180, 365, None, "assumption: courses of 6–12 months"),
    "recognition_final": Prior(21, 42, None, "assumption: the notice weeks after the measure"),
    "course_entitlement": Prior(14, 28, None, "assumption: the Berechtigungsschein in weeks"),
    "course_booking": Prior(30, 60, None, "assumption: courses start monthly"),
    "childcare": Prior(90, 180, None, "assumption: Kita places are scarce"),
    "school_enrolment": Prior(21, 56, None, "assumption: counselling, then a school in weeks"),
    "mentoring": Prior(21, 42, None, "assumption: a club or mentor within weeks"),
}

Sample = list[tuple[int, int]]  # (days, cases), days ascending


def _prior_sample(prior: Prior) -> Sample:
    return [(prior.median, 5), (prior.p90, 4), (prior.p90 * 3 // 2, 1)]


def quantile(sample: Sample, q: float) -> int:
    """Nearest rank: the smallest value that at least q of the cases do not exceed."""
    total = sum(cases for _, cases in sample)
    seen = 0
    for days, cases in sample:
        seen += cases
        if seen >= q * total:
            return days
    raise ValueError("an empty sample has no quantile")


class Durations(Protocol):
    def remaining(self, step: str, organisation: str | None, waited: int, q: float) -> int:
        """Days still to go for a step that has waited `waited` days, at quantile q."""
        ...


class History:
    """Measured durations: cases per (step, organisation) and number of days."""

    def __init__(self, cases: Mapping[tuple[str, str | None], Mapping[int, int]]) -> None:
        self._by_org = {key: sorted(counts.items()) for key, counts in cases.items()}
        pooled: dict[str, dict[int, int]] = {}
        for (step, _org), counts in cases.items():
            for days, n in counts.items():
                pooled.setdefault(step, {})[days] = pooled.get(step, {}).get(days, 0) + n
        self._by_step = {step: sorted(counts.items()) for step, counts in pooled.items()}
        # Thousands of journeys ask the same few questions (step, organisation, days waited).
        self._answers: dict[tuple[str, str | None, int, float], int] = {}

    def sample(self, step: str, organisation: str | None) -> Sample:
        for found in (self._by_org.get((step, organisation)), self._by_step.get(step)):
            if found and sum(n for _, n in found) >= MIN_HISTORY:
                return found
        return _prior_sample(PRIORS[step])

    def remaining(self, step: str, organisation: str | None, waited: int, q: float) -> int:
        question = (step, organisation, waited, q)
        if question not in self._answers:
            self._answers[question] = self._remaining(step, organisation, waited, q)
        return self._answers[question]

    def _remaining(self, step: str, organisation: str | None, waited: int, q: float) -> int:
        sample = self.sample(step, organisation)
        longer = [(days, n) for days, n in sample if days > waited] if waited else sample
        if not longer:
            return quantile(sample, q)  # past all history: as long again as usual
        return quantile(longer, q) - waited


class LegalLimits:
    """The naive baseline: every step takes exactly its legal limit, steps without one none."""

    def remaining(self, step: str, organisation: str | None, waited: int, q: float) -> int:
        return max(0, (PRIORS[step].limit or 0) - waited)


class StepFacts(NamedTuple):
    """What a forecast reads of a step (a tuple: thousands are read for a report)."""

    step: str
    status: StepStatus
    organisation: str | None
    required: bool
    depends_on: list[str]
    opened_on: date | None
    settled_on: date | None

    @classmethod
    def of(cls, step: Any) -> "StepFacts":
        """From a stored step (models.tables.JourneyStep)."""
        return cls(*(getattr(step, name) for name in cls._fields))


@dataclass(frozen=True)
class Estimate:
    likely: date  # median
    late: date  # 90th percentile


@dataclass(frozen=True)
class Forecast:
    stages: dict[Stage, Estimate]
    ready: Estimate  # ready to work (models/readiness.py)


@dataclass(frozen=True)
class Outlook:
    """An open journey's forecast, with the groups (employer, cohort) it belongs to."""

    journey_id: str
    groups: dict[str, str | None]
    forecast: Forecast


@dataclass(frozen=True)
class JourneyFacts:
    arrival_date: date
    ready_steps: list[str]
    course_days: int
    decided: frozenset[str] = frozenset()  # decisions recorded, not applied yet


def _done_by(
    steps: Mapping[str, StepFacts], facts: JourneyFacts, durations: Durations, today: date, q: float
) -> dict[str, date]:
    found: dict[str, date] = {}

    def done(name: str) -> date:
        if name in found:
            return found[name]
        s = steps[name]
        if s.status.settled or name in facts.decided:
            day = s.settled_on or today
        elif s.status is StepStatus.PENDING:
            start = max([today, *(done(d) for d in s.depends_on if d in steps)])
            day = start + timedelta(days=durations.remaining(name, s.organisation, 0, q))
        else:
            waited = (today - s.opened_on).days if s.opened_on else 0
            day = today + timedelta(days=durations.remaining(name, s.organisation, waited, q))
        found[name] = day
        return day

    for name in steps:
        done(name)
    return found


def ready_date(done: Mapping[str, date], facts: JourneyFacts) -> date:
    """Ready to work: arrived, and the steps that make one ready done (the course taken)."""
    days = [done[name] for name in facts.ready_steps if name in done]
    if "course_booking" in done and "course_booking" in facts.ready_steps:
        days.append(done["course_booking"] + timedelta(days=facts.course_days))
    return max([facts.arrival_date, *days])


def forecast(
    steps: Iterable[StepFacts], facts: JourneyFacts, durations: Durations, today: date
) -> Forecast:
    required = {s.step: s for s in steps if s.required}
    likely = _done_by(required, facts, durations, today, LIKELY)
    late = _done_by(required, facts, durations, today, LATE)
    stages: dict[Stage, Estimate] = {}
    for name in required:
        stage = STEP_BY_NAME[name].stage
        known = stages.get(stage)
        stages[stage] = Estimate(
            max(likely[name], known.likely) if known else likely[name],
            max(late[name], known.late) if known else late[name],
        )
    return Forecast(
        stages=dict(sorted(stages.items(), key=lambda item: list(Stage).index(item[0]))),
        ready=Estimate(ready_date(likely, facts), ready_date(late, facts)),
    )


def as_it_stood(step: StepFacts, day: date) -> StepFacts:
    """A finished journey's step as it stood on an earlier day, for the back-test."""
    if step.settled_on and step.settled_on <= day:
        status, settled = StepStatus.DONE, step.settled_on
    elif step.opened_on and step.opened_on <= day:
        status, settled = StepStatus.WAITING, None
    else:
        status, settled = StepStatus.PENDING, None
    opened = step.opened_on if status is not StepStatus.PENDING else None
    return step._replace(status=status, opened_on=opened, settled_on=settled)
