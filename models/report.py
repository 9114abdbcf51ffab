"""The office report's figures: what managers of the office and its partners want to see.

Each figure is given for the whole office (`group` None) and per group of one grouping
(an employer, a cohort). Percentiles: the median is the middle value (the mean of the two
middle ones for an even count); the 90th percentile is the nearest rank, the smallest value
that at least 90% of the values do not exceed.
"""

from dataclasses import dataclass, field
from datetime import date

from models.forecast import Outlook
from models.steps import Stage

GROUPINGS = ("employer", "cohort")  # what a report can be broken down by
WEEKS = 12  # the weekly throughput looks back this far
NO_GROUP = "(none)"  # how journeys without an employer or a cohort are shown


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


@dataclass(frozen=True)
class ReadySpread:
    """When a group's open journeys are likely ready to work: the earliest likely date, the
    middle one (the earlier of the two middle ones for an even count), and the latest date
    to plan with (the latest 90th percentile)."""

    group: str | None
    journeys: int
    first: date
    median: date
    last: date


def spread(outlooks: list[Outlook], grouping: str | None) -> list[ReadySpread]:
    groups: dict[str | None, list[Outlook]] = {}
    for outlook in outlooks:
        key = outlook.groups.get(grouping) if grouping else None
        if grouping is None or key is not None:
            groups.setdefault(key, []).append(outlook)
    found = []
    for group, members in groups.items():
        likely = sorted(o.forecast.ready.likely for o in members)
        found.append(
            ReadySpread(
                group,
                len(members),
                likely[0],
                likely[(len(likely) - 1) // 2],
                max(o.forecast.ready.late for o in members),
            )
        )
    return sorted(found, key=lambda s: (s.group is not None, s.group or ""))


@dataclass(frozen=True)
class OfficeReport:
    """Everything the report shows: figures for the office and per grouping, forecasts."""

    today: date
    figures: dict[str | None, Figures]  # None: the office as a whole; else a grouping
    outlooks: list[Outlook]
    synthetic: int  # journeys the demo made up, counted in these figures

    def spread(self, grouping: str | None) -> list[ReadySpread]:
        return spread(self.outlooks, grouping)

    def headline(self) -> str:
        synthetic = f" (with {self.synthetic} synthetic demo journeys)" if self.synthetic else ""
        return (
            f"As of {self.today.isoformat()}: {len(self.outlooks)} open journeys{synthetic}, "
            f"{len(self.figures[None].overdue)} overdue steps"
        )
