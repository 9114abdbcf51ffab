"""The office report's figures: what managers of the office and its partners want to see.

Each figure is given for the whole office (`group` None) and per group of one grouping
(an employer, a cohort). Percentiles: the median is the middle value (the mean of the two
middle ones for an even count); the 90th percentile is the nearest rank, the smallest value
that at least 90% of the values do not exceed.
"""

from dataclasses import dataclass, field
from datetime import date

from models.steps import STEPS, Stage

GROUPINGS = ("employer", "cohort")  # what a report can be broken down by


@dataclass(frozen=True)
class StepCount:
    """The funnel: open journeys' steps by status."""

    group: str | None
    stage: Stage
    step: str
    pending: int = 0  # waits on an earlier step
    waiting: int = 0  # waits on its organisation (or retrying with it)
    failed: int = 0
    done: int = 0


@dataclass(frozen=True)
class StageCount:
    """Open journeys with at least one open step in the stage (a journey can be in several)."""

    group: str | None
    stage: Stage
    journeys: int


@dataclass(frozen=True)
class StepTime:
    """Days from a step's opening to its completion, over steps done."""

    group: str | None
    step: str
    count: int
    median: float
    p90: int


@dataclass(frozen=True)
class Bottleneck:
    """An organisation's open steps and how long they have waited (days, today)."""

    group: str | None
    organisation: str
    open_steps: int
    median_wait: float
    longest_wait: int
    overdue: int


@dataclass(frozen=True)
class OverdueStep:
    group: str | None
    journey_id: str
    step: str
    organisation: str | None
    due: date
    days_over: int


@dataclass(frozen=True)
class Week:
    group: str | None
    week: date  # its Monday
    launched: int = 0
    finished: int = 0
    steps_done: int = 0


@dataclass(frozen=True)
class Figures:
    """The whole report for one grouping (None: the office as a whole)."""

    today: date
    grouping: str | None
    stages: list[StageCount] = field(default_factory=list)
    steps: list[StepCount] = field(default_factory=list)
    times: list[StepTime] = field(default_factory=list)
    bottlenecks: list[Bottleneck] = field(default_factory=list)
    overdue: list[OverdueStep] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)

    def groups(self) -> list[str | None]:
        """The groups these figures cover, in a stable order (None, the office, first)."""
        found = {row.group for rows in self._all() for row in rows}
        return sorted(found, key=lambda g: (g is not None, g or ""))

    def _all(self) -> list[list]:
        return [self.stages, self.steps, self.times, self.bottlenecks, self.overdue, self.weeks]


STEP_ORDER = {spec.name: position for position, spec in enumerate(STEPS)}
