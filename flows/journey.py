"""A newcomer's journey, told as a story.

Between waits, the journey takes stock (the answer the form got, the stages with work), lets
those stages work (each a task named after its stage, whose final state says where it stands;
a stage that waits on another's decision after it), and takes stock again until nothing
moves. Then it suspends: no process while it waits on an advisor or an authority. A resume
runs this function again from the top; stages only act on what is not done, and our
database, not Prefect's run inputs, is the record of decisions.
"""

from prefect import flow
from prefect.flow_runs import suspend_flow_run
from prefect.futures import wait
from prefect.states import Cancelled, State

from models.steps import Stage
from tasks.advisor_form import advisor_form
from tasks.settings import get_settings
from tasks.stage import STAGE_TASKS
from tasks.stock import take_stock


class StageBroken(RuntimeError):
    """A stage failed for a reason of ours, not an authority's: the keeper retries the run."""


@flow(name="journey", persist_result=False)
def journey(journey_id: str) -> str | State:
    situation = take_stock(journey_id, after_resume=True)
    if situation.run_by:
        return Cancelled(
            message=f"{journey_id} is run by flow run {situation.run_by}; one at a time"
        )
    broken: set[Stage] = set()
    while situation.work:
        for wave in situation.work:
            if broken & set(wave):
                raise StageBroken(f"stage {', '.join(sorted(broken))} of {journey_id} failed")
            futures = [STAGE_TASKS[stage].submit(journey_id, stage) for stage in wave]
            wait(futures)
            # A stage that failed for good has no work left; one that still has work is broken.
            broken |= {
                stage
                for stage, future in zip(wave, futures, strict=True)
                if future.state.is_failed()
            }
        situation = take_stock(journey_id, after_resume=False)
    if situation.finished:
        return "complete"
    suspend_flow_run(
        wait_for_input=advisor_form(
            situation.choices,
            situation.notice,
            situation.description,
            get_settings().current_date(),
            staff_ids=situation.staff_ids,
        ),
        key=situation.wait_key,
    )
    return "suspended"  # not reached: suspending ends this process
