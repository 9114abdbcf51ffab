"""The embedded default's environment: set before Prefect is imported, shared with every
process we start (server, runner, the runner's flow runs), so that all agree on one place."""

import os
from pathlib import Path

from tasks.prefect_address import DEFAULT_API_URL, api_url


def embedded_defaults(home: Path) -> dict[str, str]:
    return {
        "ANKOMMEN_HOME": str(home),
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_API_URL": DEFAULT_API_URL,
        # Resumed journeys start within seconds instead of the default 10 s polling.
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        # A journey's process sends a heartbeat every 30 s (Prefect's least); the keeper
        # brings back a Running journey unheard for three beats.
        "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30",
        # Suspended runs need persisted results; stored beside our data, never personal data,
        # as JSON: readable by any worker and any release (pickles are neither).
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "true",
        "PREFECT_RESULTS_DEFAULT_SERIALIZER": "json",
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    }


def apply_defaults() -> None:
    """Fill in what the environment does not say; what it says wins (e.g. a shared server)."""
    home = Path(os.environ.get("ANKOMMEN_HOME", ".ankommen")).resolve()
    (home / "prefect").mkdir(parents=True, exist_ok=True)  # Prefect warns if it cannot
    for name, value in embedded_defaults(home).items():
        os.environ.setdefault(name, value)


def answering(timeout: float = 2.0) -> bool:
    """Whether a Prefect server answers at once: one plain request, without importing Prefect
    (seconds) or letting its client retry a refused connection (seconds more)."""
    import httpx

    try:
        return httpx.get(f"{api_url()}/health", timeout=timeout).is_success
    except httpx.HTTPError:
        return False
