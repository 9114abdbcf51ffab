"""The office's safety net: resume suspended journeys that have decisions they did not apply
(the advisor's command was interrupted, or the journey was busy when the decision came)."""

from prefect import flow

from tasks.wakeup import wake_all


@flow(name="wake-sleepers")
def wake_sleepers() -> int:
    return wake_all()
