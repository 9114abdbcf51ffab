"""A journey's flow run in Prefect: started, resumed, tagged, brought back after a crash.

Prefect sees the case number and step names only. Every call here fails with
`PrefectUnreachable` (one sentence, what to start) rather than a traceback.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from uuid import UUID

import httpx
from prefect import get_client
from prefect.artifacts import create_markdown_artifact
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import ArtifactUpdate
from prefect.client.schemas.filters import (
    ArtifactCollectionFilter,
    ArtifactCollectionFilterKey,
    ArtifactFilter,
    ArtifactFilterKey,
    DeploymentFilter,
    DeploymentFilterName,
    FlowRunFilter,
    FlowRunFilterName,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import DeploymentStatus, FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.events.filters import (
    EventFilter,
    EventNameFilter,
    EventOccurredFilter,
    EventResourceFilter,
)
from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError
from prefect.settings import get_current_settings
from prefect.states import Scheduled

DEPLOYMENT = "journey/journey"
FLOW, DEPLOYMENT_NAME = DEPLOYMENT.split("/")
PAGE = 200  # the API's longest list
EVENTS_PAGE = 50  # the events API's longest page
FORM_NEVER_SAVED = "Run input schema not found"  # what Prefect's server says

T = TypeVar("T")


class PrefectUnreachable(RuntimeError):
    def __init__(self, api_url: str) -> None:
        super().__init__(
            f"no Prefect server answers at {api_url}: start one with `ankommen server`"
        )


class Serving(StrEnum):
    """Whether a runner or worker takes the journey deployment's runs right now."""

    READY = "a runner serves journeys"
    NO_RUNNER = (
        "no runner or worker serves journeys (start `ankommen serve`, or a worker: "
        "`prefect worker start --pool ankommen`)"
    )
    NO_DEPLOYMENT = "no runner has registered the journey deployment (start `ankommen serve`)"
    NO_SERVER = "no Prefect server answers (start `ankommen server` and `ankommen serve`)"
    BUSY = (
        "Prefect's server was too busy to start it (its database locked); the keeper starts "
        "it within the hour (`ankommen keep`: now)"
    )


class PrefectBusy(RuntimeError):
    """Prefect's server answered 503: on SQLite, its database was locked by other writers.
    Nothing was done; asking again a moment later works."""


@contextmanager
def prefect() -> Iterator[SyncPrefectClient]:
    with get_client(sync_client=True) as client:
        try:
            yield client
        except (httpx.ConnectError, httpx.TimeoutException, OSError):
            raise PrefectUnreachable(str(client.api_url)) from None
        except PrefectHTTPStatusError as error:
            if error.response.status_code == 503:
                raise PrefectBusy(str(error).split(" - ")[0]) from None
            raise


def serving() -> Serving:
    try:
        with prefect() as client:
            deployment = client.read_deployment_by_name(DEPLOYMENT)
    except PrefectUnreachable:
        return Serving.NO_SERVER
    except ObjectNotFound:
        return Serving.NO_DEPLOYMENT
    # A runner that stops pauses its deployments at once; its last poll counts for a minute.
    if deployment.paused or deployment.status != DeploymentStatus.READY:
        return Serving.NO_RUNNER
    return Serving.READY


def start_run(journey_id: str, cohort: str | None, wait_round: int) -> str:
    """The journey's flow run, named by its case number; once per journey and round of
    answers (idempotency key): a finished journey reopened later gets a new run, two
    starters at once get one. A cohort's journeys carry its tag (`cohort:pflege-2027-1`)."""
    with prefect():
        flow_run = run_deployment(
            DEPLOYMENT,
            parameters={"journey_id": journey_id},
            flow_run_name=journey_id,
            timeout=0,
            tags=["journey", *([f"cohort:{cohort}"] if cohort else [])],
            idempotency_key=f"journey:{journey_id}:{wait_round}",
            as_subflow=False,  # also when the keeper starts it: a subflow cannot suspend
        )
    return str(flow_run.id)


def read_run(flow_run_id: str) -> FlowRun | None:
    with prefect() as client:
        try:
            return client.read_flow_run(UUID(flow_run_id))
        except ObjectNotFound:
            return None


def resume(flow_run_id: str, run_input: dict[str, Any]) -> bool:
    """Resume a suspended run with an answer its form accepts; False if it was not suspended.
    Prefect saves a form after the run is Suspended: a run whose process died in between has
    none, and is woken without an answer (it replays from our database)."""
    with prefect() as client:
        result = client.resume_flow_run(UUID(flow_run_id), run_input=run_input)
    if result.status.value == "REJECT" and FORM_NEVER_SAVED in str(result.details.reason):
        return wake_without_answer(flow_run_id)
    return result.status.value == "ACCEPT"


def set_tags(flow_run_id: str, tags: list[str]) -> None:
    with prefect() as client:
        client.update_flow_run(UUID(flow_run_id), tags=tags)


def publish_card(key: str, markdown: str, description: str) -> None:
    """One artifact card per key, updated in place: a journey's run shows one card, not one
    per wait, and Prefect's database keeps one row."""
    with prefect() as client:
        found = client.read_latest_artifacts(
            artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=[key])),
            limit=1,
        )
        if found:
            if found[0].data != markdown:
                update = ArtifactUpdate(data=markdown, description=description)
                client.update_artifact(found[0].latest_id, update)
            return
        create_markdown_artifact(key=key, markdown=markdown, description=description)


def wake_without_answer(flow_run_id: str) -> bool:
    """Resume a suspended run whose form no longer fits (a step was reopened): it replays
    from the top and waits with a new form. False if it was not suspended any more."""
    with prefect() as client:
        run = client.read_flow_run(UUID(flow_run_id))
        if run.state is None or not run.state.is_paused():
            return False
        result = client.set_flow_run_state(UUID(flow_run_id), Scheduled(name="Woken"))
    return result.status.value == "ACCEPT"


def bring_back(flow_run_id: str) -> None:
    """Schedule a crashed, failed or abandoned run again: it replays from the top, and our
    database, not Prefect's forgotten suspend inputs, tells it what is already decided."""
    with prefect() as client:
        client.set_flow_run_state(UUID(flow_run_id), Scheduled(name="Brought back"), force=True)


def journey_runs(states: list[StateType]) -> list[FlowRun]:
    """Runs of the journey deployment in the given states, all pages."""
    return _pages(
        lambda client, offset: client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=states))
            ),
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[DEPLOYMENT_NAME])),
            limit=PAGE,
            offset=offset,
        )
    )


def _pages(read: Callable[[SyncPrefectClient, int], list[T]]) -> list[T]:
    found: list[T] = []
    with prefect() as client:
        while page := read(client, len(found)):
            found += page
            if len(page) < PAGE:
                break
    return found


def heartbeat_silence() -> timedelta:
    """How long a Running journey may go unheard before it counts as dead: three beats."""
    return timedelta(seconds=3 * (get_current_settings().flows.heartbeat_frequency or 180))


def heard_from(flow_run_ids: list[str], since: datetime) -> set[str]:
    """The runs among these that sent a heartbeat or changed state since `since`."""
    if not flow_run_ids:
        return set()
    resources = [f"prefect.flow-run.{flow_run_id}" for flow_run_id in flow_run_ids]
    with prefect() as client:
        page = client.read_events(
            filter=EventFilter(
                occurred=EventOccurredFilter(since=since),
                event=EventNameFilter(prefix=["prefect.flow-run."]),
                resource=EventResourceFilter(id=resources, distinct=True),  # the latest each
            ),
            limit=EVENTS_PAGE,
        )
        events = list(page.events)
        while page.next_page:
            page = client.read_events_page(page.next_page)
            events += page.events
    return {event.resource.id.removeprefix("prefect.flow-run.") for event in events}


def card_key(journey_id: str) -> str:
    """The key of the journey's artifact card (tasks/stock.py)."""
    return f"journey-{journey_id.lower()}"


def forget_journey(journey_id: str) -> int:
    """Delete the journey's flow runs, whose inputs, task runs and states go with them, and
    its artifact card (every version): what Prefect held of it. How many runs there were."""
    runs = _pages(
        lambda client, offset: client.read_flow_runs(
            flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[journey_id])),
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[DEPLOYMENT_NAME])),
            limit=PAGE,
            offset=offset,
        )
    )
    with prefect() as client:
        for run in runs:
            client.delete_flow_run(run.id)
        versions = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[card_key(journey_id)]))
        )
        for version in versions:
            client.delete_artifact(version.id)
    return len(runs)
