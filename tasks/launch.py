"""Starting a journey's flow run from the `journey/journey` deployment."""

from prefect import get_client
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound

DEPLOYMENT = "journey/journey"


class NotServing(RuntimeError):
    """No Prefect server, or no runner has registered the journey deployment."""


def check_serving() -> None:
    """Fail before anything is stored when the journey could not be started."""
    with get_client(sync_client=True) as client:
        try:
            client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            raise NotServing(
                f"no '{DEPLOYMENT}' deployment on {client.api_url}: start `ankommen serve`"
            ) from None
        except Exception as error:  # connection refused, timeouts: say where we looked
            raise NotServing(
                f"no Prefect server answers at {client.api_url} ({type(error).__name__}); "
                "start one with `ankommen server` or run `ankommen demo`"
            ) from None


def start_run(journey_id: str) -> str:
    """Create the flow run, named by the journey id only; a runner or worker picks it up."""
    flow_run = run_deployment(
        DEPLOYMENT,
        parameters={"journey_id": journey_id},
        flow_run_name=journey_id,
        timeout=0,
        tags=["journey"],
    )
    return str(flow_run.id)
