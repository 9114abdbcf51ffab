"""The baseline: a bare Prefect flow with the journey's shape and nothing of ours. Each
execution takes the answer of the last wait, runs its share of no-op tasks, and suspends with a
one-field RunInput until the benchmark resumes it; the last execution completes.

Like the journey, it knows which wait comes next without asking Prefect for every earlier one:
a counter file per run stands in for the journey's `wait_round` in our database.
"""

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.flow_runs import suspend_flow_run
from prefect.input import RunInput
from prefect.runtime import flow_run


class Answer(RunInput):
    advisor: str


@task(name="noop", cache_policy=NO_CACHE)
def noop(index: int) -> int:
    return index


@flow(name="bare", persist_result=False)
def bare(tasks_per_run: list[int], state_dir: str) -> str:
    counter = Path(state_dir) / f"{flow_run.id}.round"
    execution = int(counter.read_text()) if counter.exists() else 0
    if execution:
        # Answered already: Prefect refuses the repeated suspend and hands back the input.
        suspend_flow_run(wait_for_input=Answer, key=f"answer-{execution - 1}")
    for index in range(tasks_per_run[execution]):
        noop(index)
    if execution == len(tasks_per_run) - 1:
        return "complete"
    counter.write_text(str(execution + 1))
    suspend_flow_run(wait_for_input=Answer, key=f"answer-{execution}")
    return "suspended"  # not reached: suspending ends this process
