"""Where Prefect's API and UI are, as this process's Prefect client finds them (light: read
before Prefect is imported)."""

import os

DEFAULT_API_URL = "http://127.0.0.1:4200/api"


def api_url() -> str:
    return os.environ.get("PREFECT_API_URL", DEFAULT_API_URL)


def ui_url() -> str:
    return api_url().removesuffix("/api")
