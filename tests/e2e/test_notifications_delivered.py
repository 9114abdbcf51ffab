"""Notifications through real receivers: a local SMTP server (aiosmtpd) behind apprise's
mailto://, and a local HTTP receiver behind json://, with a runner of their own whose office
has notifications set up. The sweep is the deployed flow, run as its schedule would."""

import email
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message as Mail
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.e2e.journeys import launch, query, wait_suspended_with, write_arrival
from tests.e2e.stack import REPO, Stack, free_port, make_stack, wait_for

pytestmark = pytest.mark.e2e


@dataclass
class Receivers:
    mails: list[Mail] = field(default_factory=list)
    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (path, JSON)

    def mails_to(self, address: str) -> list[Mail]:
        return [m for m in self.mails if address in m["To"]]


@pytest.fixture(scope="module")
def receivers() -> Iterator[tuple[Receivers, int, int]]:
    got = Receivers()

    class Mailbox:
        async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
            got.mails.append(email.message_from_bytes(envelope.content, policy=default))
            return "250 OK"

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.posts.append((self.path, json.loads(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    smtp = Controller(Mailbox(), hostname="127.0.0.1", port=free_port())
    smtp.start()
    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield got, smtp.port, http.server_address[1]
    smtp.stop()
    http.shutdown()


@pytest.fixture(scope="module")
def office(
    tmp_path_factory: pytest.TempPathFactory, receivers: tuple[Receivers, int, int]
) -> Iterator[tuple[Stack, Receivers]]:
    got, smtp_port, http_port = receivers
    home = tmp_path_factory.mktemp("notifying-office")
    mail = f"mailto://127.0.0.1:{smtp_port}?from=welcome@office.example"
    config = home / "notify.yaml"
    config.write_text(
        "version: 1\nurls:\n"
        f"  - json://127.0.0.1:{http_port}/housing:\n    - tag: org:housing-partner\n"
        f"  - json://127.0.0.1:{http_port}/buergerbuero:\n    - tag: org:buergerbuero-bochum\n"
        f"  - {mail}&to=coordination@office.example:\n    - tag: role:coordinator\n"
    )
    stack = make_stack(home, ANKOMMEN_NOTIFY_CONFIG=str(config), ANKOMMEN_NEWCOMER_MAIL=mail)
    yield stack, got
    stack.stop()


def sweep(stack: Stack) -> None:
    """The deployed sweep, run now as its schedule would run it."""
    deployment = stack.api_call("GET", "/deployments/name/notifications/sweep")
    run = stack.api_call("POST", f"/deployments/{deployment['id']}/create_flow_run", {})
    wait_for(lambda: stack.flow_run(run["id"])["state"]["type"] == "COMPLETED", 120, "the sweep")


def html_part(mail: Mail) -> str:
    part = mail.get_body(preferencelist=("html",))
    assert part is not None
    return part.get_content()


def test_an_open_step_reaches_its_partner_and_the_newcomer_in_arabic_once(
    office: tuple[Stack, Receivers],
) -> None:
    stack, got = office
    arrival = write_arrival(stack.home, name="Layla Haddad", nationality="SY", language="ar",
                            qualification_country="DE",
                            email="layla@example.org", arrival_date="2026-12-15",
                            move_in_date=None)  # fmt: skip
    journey_id, flow_run_id = launch(stack, arrival)
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    sweep(stack)

    wait_for(lambda: got.mails_to("layla@example.org"), 30, "the newcomer's e-mail")
    (mail,) = got.mails_to("layla@example.org")
    assert mail["Subject"] == "خطوتك التالية في بوخوم: Accommodation"
    assert 'dir="rtl"' in html_part(mail) and "مرحباً Layla Haddad" in html_part(mail)
    wait_for(lambda: [p for p in got.posts if p[0] == "/housing"], 30, "the partner's message")
    ((_, post),) = [p for p in got.posts if p[0] == "/housing"]
    assert post["title"] == f"{journey_id}: Accommodation wartet auf housing partner"
    assert f"/runs/flow-run/{flow_run_id}" in post["message"] and "Layla" not in post["message"]

    sweep(stack)  # again: nothing twice
    assert len(got.mails_to("layla@example.org")) == 1
    assert len([p for p in got.posts if p[0] == "/housing"]) == 1
    # The messages' personal data stayed in our database: not in Prefect's, nor its logs.
    for path in [*(stack.home / "prefect").rglob("*"), stack.home / "runner.log"]:
        if path.is_file():
            assert b"layla@example.org" not in path.read_bytes(), path
            assert b"Layla Haddad" not in path.read_bytes(), path


def test_the_anmeldung_reminder_and_a_channel_nobody_has(office: tuple[Stack, Receivers]) -> None:
    """Moved in on 11-16, the Anmeldung is due on 11-30: today (11-26) is day 10 of 14."""
    stack, got = office
    arrival = write_arrival(stack.home, name="Juan Ortega", nationality="VE", language="es",
                            email="juan@example.org", move_in_date="2026-11-16")  # fmt: skip
    journey_id, flow_run_id = launch(stack, arrival)
    wait_suspended_with(stack, journey_id, flow_run_id, "anmeldung")
    sweep(stack)
    wait_for(
        lambda: any("Recordatorio" in m["Subject"] for m in got.mails_to("juan@example.org")),
        30,
        "the reminder in Spanish",
    )
    reminder = next(m for m in got.mails_to("juan@example.org") if "Recordatorio" in m["Subject"])
    assert reminder["Subject"] == "Recordatorio: Anmeldung antes del 2026-11-30"
    assert "dentro de 4 días" in html_part(reminder)
    assert any(
        path == "/buergerbuero" and "in 4 Tagen fällig" in post["title"] for path, post in got.posts
    )
    # Integration partner has no channel: a NOMATCH is a failure, named in the log.
    log = stack.ankommen("notifications", "--log", journey_id, "--json")
    assert log.returncode == 0, log.stderr
    entries = json.loads(log.stdout)
    assert {e["status"] for e in entries if e["recipient"] == "newcomer"} == {"sent"}
    assert any(
        e["status"] == "failed" and "no channel is tagged org:integration-partner" in e["error"]
        for e in entries
    )
    assert query(stack, "select count(*) from notification where status = 'sending'") == [(0,)]


def test_a_broken_configuration_stops_the_runner_at_its_start(tmp_path: Path) -> None:
    broken = tmp_path / "notify.yaml"
    broken.write_text("version: 1\nurls:\n  - json://localhost:\n    - tag: org:nowhere\n")
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "serve"],
        env={**os.environ, "ANKOMMEN_HOME": str(tmp_path), "ANKOMMEN_NOTIFY_CONFIG": str(broken)},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 2 and "unknown tag 'org:nowhere'" in result.stderr
