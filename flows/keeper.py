"""The office's safety net, hourly and whenever a runner starts: brings every journey's run
in line with our database (see tasks/keeper.py). One run an hour keeps the runs list for
journeys."""

from prefect import flow

from tasks.keeper import keep_journeys


@flow(name="keeper")
def keeper() -> str:
    return keep_journeys()
