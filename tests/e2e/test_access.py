"""Who reaches Prefect's API: by default only this machine (the server our commands start
listens on 127.0.0.1); once it is exposed, Prefect's API auth turns away a client without the
credentials (PREFECT_SERVER_API_AUTH_STRING on the server, PREFECT_API_AUTH_STRING on its
clients: workers, runners and our commands)."""

import base64
import os
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from deployments.server import start_server, stop
from tasks.prefect_address import DEFAULT_API_URL
from tests.e2e.stack import free_port

pytestmark = pytest.mark.e2e


def test_the_embedded_server_listens_on_this_machine_only() -> None:
    assert urlparse(DEFAULT_API_URL).hostname == "127.0.0.1"


def _status(url: str, credentials: str | None) -> int:
    request = urllib.request.Request(f"{url}/flows/filter", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    if credentials:
        token = base64.b64encode(credentials.encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_with_api_auth_on_a_client_without_credentials_is_refused(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path), "PREFECT_API_URL": url,
           "PREFECT_SERVER_API_AUTH_STRING": "office:s3cret-phrase",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}  # fmt: skip
    server = start_server(tmp_path / "server.log", env)
    try:
        assert _status(url, None) == 401
        assert _status(url, "office:guessed") == 401
        assert _status(url, "office:s3cret-phrase") == 200
    finally:
        stop(server)
