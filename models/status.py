"""Where a journey stands, worked out from its steps and today's date (injected, never read).

One home for the truth that Prefect's states and tags, the artifact, the form and `ankommen
status` all show: what each open step waits on, since when, until when, and what failed.
"""

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from models.deadlines import days_left
from models.steps import Stage
from models.tables import JourneyStep, StepStatus, as_utc

OPEN = (StepStatus.WAITING, StepStatus.RUNNING, StepStatus.RETRYING, StepStatus.FAILED)
TO_DO = (StepStatus.PENDING, StepStatus.RUNNING, StepStatus.RETRYING)  # for the journey to act on
TAG_PREFIXES = ("stage:", "waits-on:")
FLAG_TAGS = ("overdue", "failed")
JOURNEY_TAG = "journey"


class JourneyState(StrEnum):
    STARTING = "starting"  # launched, no step open yet
    WAITING = "waiting"
    RETRYING = "retrying"
    FAILED = "failed"
    DONE = "done"


@dataclass(frozen=True)
class JourneySummary:
    journey_id: str
    state: JourneyState
    waiting: list[tuple[str, str | None]]  # (step, organisation) waited on, failed ones aside
    decided: list[str]  # steps with a recorded decision the journey has not applied yet
    since: date | None  # the oldest open step has waited since
    next_due: date | None
    days_to_due: int | None
    overdue: list[str]
    failed: list[str] = field(default_factory=list)


def waits_on(step: JourneyStep, steps: dict[str, JourneyStep]) -> list[str]:
    """The steps this one depends on that are not settled yet."""
    return [name for name in step.depends_on if not steps[name].status.settled]


def ready(step: JourneyStep, steps: dict[str, JourneyStep]) -> bool:
    """Not settled, and nothing left to wait on: the step can be opened or run."""
    return not step.status.settled and not waits_on(step, steps)


def stages_with_work(
    steps: list[JourneyStep],
    decided: set[str],
    visiting: AbstractSet[str] = frozenset(),
) -> list[list[Stage]]:
    """Stages with a decision to apply, a step to open (`visiting`: for the one-visit day),
    or a submission to file (again), in waves: a stage whose step waits only on another
    stage's decision about to be applied runs after that stage, so that one look suffices
    where two were needed."""
    by_name = {s.step: s for s in steps}
    now = {s.stage for s in steps if s.step in decided | visiting or to_do(s, by_name)}
    after = {
        s.stage
        for s in steps
        if s.status is StepStatus.PENDING
        and any(d in decided and by_name[d].stage != s.stage for d in s.depends_on)
        and all(by_name[d].status.settled or d in decided for d in s.depends_on)
    }
    waves = [[st for st in Stage if st in now - after], [st for st in Stage if st in after]]
    return [wave for wave in waves if wave]


def to_do(step: JourneyStep, steps: dict[str, JourneyStep]) -> bool:
    """A step the journey acts on now: to open, to file, or to file again after a crash."""
    return step.status in TO_DO and ready(step, steps)


def opened(step: JourneyStep) -> date:
    """The office date a step began to wait (the moment it last changed, for older rows)."""
    return step.opened_on or as_utc(step.since).date()


NEWCOMER = "newcomer"  # who a step waits on while its clock stands (models/steps.py `clock`)


def waited_on(step: JourneyStep) -> str | None:
    """Whom an open step waits on: its organisation, or the newcomer it asked for documents."""
    return NEWCOMER if step.paused_since else step.organisation


def is_overdue(step: JourneyStep, today: date) -> bool:
    return bool(step.due and not step.status.settled and step.due < today)


def _state(steps: list[JourneyStep]) -> JourneyState:
    statuses = {step.status for step in steps}
    if StepStatus.FAILED in statuses:
        return JourneyState.FAILED
    if StepStatus.RETRYING in statuses:
        return JourneyState.RETRYING
    if all(status.settled for status in statuses):
        return JourneyState.DONE
    if StepStatus.WAITING in statuses:
        return JourneyState.WAITING
    return JourneyState.STARTING


def summarise(
    journey_id: str, steps: list[JourneyStep], today: date, decided: frozenset[str] = frozenset()
) -> JourneySummary:
    open_steps = [s for s in steps if s.status in OPEN and s.step not in decided]
    dues = sorted(s.due for s in steps if s.due and not s.status.settled)
    return JourneySummary(
        journey_id=journey_id,
        state=_state(steps),
        waiting=[(s.step, waited_on(s)) for s in open_steps if s.status is not StepStatus.FAILED],
        decided=[s.step for s in steps if s.step in decided],
        since=min((opened(s) for s in open_steps), default=None),
        next_due=dues[0] if dues else None,
        days_to_due=days_left(dues[0], today) if dues else None,
        overdue=[s.step for s in steps if is_overdue(s, today)],
        failed=[s.step for s in steps if s.status is StepStatus.FAILED],
    )


def describe(step: JourneyStep, steps: dict[str, JourneyStep], today: date) -> str:
    """One open or pending step in a sentence, e.g. "recognition_decision waits on
    bezreg-muenster since 2026-11-02, due 2027-02-02"."""
    due = f", due {step.due.isoformat()}" if step.due else ""
    overdue = " (overdue)" if is_overdue(step, today) else ""
    since = opened(step).isoformat()
    match step.status:
        case StepStatus.WAITING if step.paused_since:
            return (
                f"{step.step} paused since {step.paused_since.isoformat()}: {step.organisation} "
                f"waits on the newcomer for documents (Nachforderung)"
            )
        case StepStatus.WAITING:
            return f"{step.step} waits on {step.organisation} since {since}{due}{overdue}"
        case StepStatus.FAILED:
            failed = as_utc(step.since).date().isoformat()
            return f"{step.step} failed for good since {failed}: {step.last_error}"
        case StepStatus.RETRYING | StepStatus.RUNNING:
            return f"{step.step} retrying at {step.organisation}: {step.last_error or 'running'}"
        case StepStatus.PENDING:
            return f"{step.step} waits on {', '.join(waits_on(step, steps))}{due}{overdue}"
    return f"{step.step} {step.status.value}"


@dataclass(frozen=True)
class StageSituation:
    done: bool
    failed: bool
    overdue: bool
    message: str


def stage_situation(stage: Stage, steps: list[JourneyStep], today: date) -> StageSituation:
    by_name = {s.step: s for s in steps}
    mine = [s for s in steps if s.stage == stage and not s.status.settled]
    return StageSituation(
        done=not mine,
        failed=any(s.status is StepStatus.FAILED for s in mine),
        overdue=any(is_overdue(s, today) for s in mine),
        message="; ".join(describe(s, by_name, today) for s in mine) or f"{stage.value} done",
    )


def journey_tags(steps: list[JourneyStep], today: date) -> set[str]:
    """The Prefect tags that tell where a journey stands, for filtering in the Prefect UI."""
    open_steps = [s for s in steps if s.status in OPEN]
    tags = {JOURNEY_TAG}
    tags |= {f"stage:{s.stage}" for s in open_steps}
    tags |= {
        f"waits-on:{waited_on(s)}"
        for s in open_steps
        if s.organisation and s.status is not StepStatus.FAILED
    }
    if any(is_overdue(s, today) for s in steps):
        tags.add("overdue")
    if any(s.status is StepStatus.FAILED for s in steps):
        tags.add("failed")
    return tags


def retag(current: list[str], truth: set[str]) -> list[str]:
    """The run's tags with ours replaced by the truth; tags others set (e.g. a cohort) stay."""
    ours = {t for t in current if t.startswith(TAG_PREFIXES) or t in (*FLAG_TAGS, JOURNEY_TAG)}
    return sorted((set(current) - ours) | truth)
