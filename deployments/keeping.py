"""The keeper's two runs after a runner or workers start: at once (crashed runs, decisions not
applied, journeys stored while Prefect was away), and once a dead run's heartbeats have had
time to go silent (runs that a killed runner or worker left Running), so that journeys a crash
left behind move on as soon as something runs them again. Both are scheduled at once on the
keeper deployment: whichever runner or worker polls takes them."""

from datetime import UTC, datetime

from prefect.deployments import run_deployment

from tasks.runs import heartbeat_silence

STARTED = "keeper (runner started)"
CHECKED = "keeper (heartbeats checked)"


def keep_after_start() -> str:
    now = datetime.now(UTC)
    checked = now + heartbeat_silence()
    for name, when in ((STARTED, now), (CHECKED, checked)):
        run_deployment("keeper/keeper", timeout=0, flow_run_name=name, scheduled_time=when)
    return f"The keeper runs now and at {checked:%H:%M:%S} UTC, when dead runs have gone silent."
