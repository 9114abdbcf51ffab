"""The keeper: no journey is lost or hangs, whatever crashed.

Our database is the record; Prefect's runs are brought in line with it:
- a journey stored while Prefect was away gets its one flow run;
- a run that crashed, failed or was cancelled, or stays Running without a heartbeat (its
  process was killed), or Pending unheard (its runner was killed as it started the run), is
  scheduled again and replays from the top;
- a suspended journey with a decision or retry it has not applied, or whose newcomer's
  one-visit day has come, is woken;
- a waiting journey's tags follow the calendar (`overdue` comes with time, not with a run).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import StateType

from models.agenda import opening_for_visit
from models.status import journey_tags, retag, stages_with_work
from tasks.database import session
from tasks.decisions import decided_steps
from tasks.journeys import open_journey_arrivals, open_journey_steps, open_journeys
from tasks.office import Woken, start_journey, wake
from tasks.runs import (
    bring_back,
    heard_from,
    heartbeat_silence,
    journey_runs,
    serving,
    set_tags,
)
from tasks.settings import get_settings

STOPPED = [StateType.CRASHED, StateType.FAILED, StateType.CANCELLED]
# Taken by a runner or worker, which tells Prefect if it is still at it: silence means dead.
TAKEN = [StateType.PENDING, StateType.RUNNING]


@dataclass
class Kept:
    started: list[str] = field(default_factory=list)
    brought_back: list[str] = field(default_factory=list)
    woken: list[str] = field(default_factory=list)
    retagged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(
            f"{what.replace('_', ' ')}: {', '.join(ids) or '-'}" for what, ids in vars(self).items()
        )


@task(name="keep-journeys", cache_policy=NO_CACHE)
def keep_journeys() -> str:
    kept = Kept()
    today = get_settings().current_date()
    with session() as db:
        journeys = {j.id: j for j in open_journeys(session=db)}
        steps = open_journey_steps(session=db)
        decided = decided_steps(session=db)
        arrivals = open_journey_arrivals(session=db)
    by_run = {j.flow_run_id: j.id for j in journeys.values() if j.flow_run_id}
    now = serving()
    for journey_id, journey in journeys.items():
        if journey.flow_run_id is None and start_journey(journey_id, now):
            kept.started.append(journey_id)
    runs = [
        run for run in journey_runs([*STOPPED, *TAKEN, StateType.PAUSED]) if str(run.id) in by_run
    ]
    taken = [str(run.id) for run in runs if run.state_type in TAKEN]
    silence_since = datetime.now(UTC) - heartbeat_silence()
    alive = heard_from(taken, silence_since)
    for run in runs:
        journey_id, flow_run_id = by_run[str(run.id)], str(run.id)
        if run.state_type in STOPPED or (
            run.state_type in TAKEN
            and flow_run_id not in alive
            and run.state is not None
            and run.state.timestamp < silence_since
        ):
            bring_back(flow_run_id)
            kept.brought_back.append(journey_id)
        elif run.state_type is StateType.PAUSED:
            mine = steps.get(journey_id, [])
            # Only a journey with recorded work is asked again: one look at Prefect, not one
            # per waiting journey.
            visit = opening_for_visit(mine, arrivals[journey_id], today)
            work = stages_with_work(mine, set(decided.get(journey_id, ())), visit)
            if work and wake(journey_id, patience=0) is Woken.RESUMED:
                kept.woken.append(journey_id)
                continue
            truth = retag(run.tags, journey_tags(mine, today))
            if sorted(run.tags) != truth:
                set_tags(flow_run_id, truth)
                kept.retagged.append(journey_id)
    return str(kept)
