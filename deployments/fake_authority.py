"""A local stand-in for the partner organisations' systems, for the tests, the demo and the
reliability bench (`ankommen fake-authority`): it takes `POST /{organisation}/{resource}`
(applications, appointments, registrations, offers) and files each idempotency key once.

It can be as bad as the real ones. A share of requests (`failure_rate`) fails in one of the
chosen ways: a hang past the caller's timeout (`timeout`), HTTP 500, HTTP 429 with a
Retry-After (`429`), a 200 whose body is not JSON (`malformed`), or a request that is filed but
whose answer is lost on a dropped connection (`lost`). Every request is slowed by `latency`.
`GET /_stats` counts what happened, and `duplicates`: one case filed under two keys for the
same organisation and resource, which a client without idempotency keys would cause.
"""

import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAILURES = ("timeout", "500", "429", "malformed", "lost")


@dataclass
class FakeAuthority:
    failure_rate: float = 0.0
    failures: tuple[str, ...] = FAILURES
    latency: float = 0.0  # seconds added to every request
    hang_seconds: float = 15.0  # how long a `timeout` failure holds the request
    retry_after: float = 1.0  # seconds a 429 asks to wait
    seed: int = 0
    token: str | None = None  # when set, a request without it as bearer token gets 401
    fail_next: int = 0  # the next applications answered 503, whatever the rate (for tests)
    stall_seconds: float = 0.0  # added to the next requests' latency (for tests)
    requests: list[dict[str, Any]] = field(default_factory=list)
    filed: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (path, key)
    failed: Counter[str] = field(default_factory=Counter)
    replayed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        unknown = set(self.failures) - set(FAILURES)
        if unknown:
            raise ValueError(f"unknown failures {sorted(unknown)}: choose from {list(FAILURES)}")
        if not 0 <= self.failure_rate <= 1:
            raise ValueError("failure_rate is a share between 0 and 1")
        self._random = random.Random(self.seed)

    def serve(self, port: int = 0) -> str:
        """Serve in a background thread; the base URL."""
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    def applications_for(self, case: str) -> int:
        """Applications filed for a case (the tests' count of submissions)."""
        return sum(1 for (path, _), body in self.filed.items()
                   if path.endswith("/applications") and body.get("case") == case)  # fmt: skip

    def tries_for(self, case: str, resource: str = "applications") -> list[dict[str, Any]]:
        """Every request for a case's resource, failed ones too."""
        return [r for r in self.requests
                if r["path"].endswith(f"/{resource}") and r.get("case") == case]  # fmt: skip

    def stats(self) -> dict[str, Any]:
        with self.lock:
            keys: dict[tuple[str, str], set[str]] = {}
            for (path, key), body in self.filed.items():
                keys.setdefault((path, str(body.get("case"))), set()).add(key)
            return {
                "requests": len(self.requests),
                "failed": sum(self.failed.values()),
                "failed_by_kind": dict(self.failed),
                "filed": len(self.filed),
                "replayed": self.replayed,
                "duplicates": sum(len(k) - 1 for k in keys.values()),
            }

    def answer(self, path: str, key: str, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """What to do with one request: (failure kind or "ok", the answer)."""
        with self.lock:
            self.requests.append({"path": path, "key": key, **body})
            if self.fail_next > 0 and path.endswith("/applications"):
                self.fail_next -= 1
                self.failed["503"] += 1
                return "503", {}
            kind = "ok"
            if self.failures and self._random.random() < self.failure_rate:
                kind = self._random.choice(self.failures)
                self.failed[kind] += 1
            if kind in ("timeout", "500", "429"):
                return kind, {}  # not filed
            if (path, key) in self.filed:
                self.replayed += 1
            self.filed.setdefault((path, key), body)
            return kind, {"reference": f"REF-{key}", "case": body.get("case")}


def _handler(authority: FakeAuthority) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path != "/_stats":
                return self._send(404, {"error": "not found"})
            self._send(200, authority.stats())

        def do_POST(self) -> None:  # noqa: N802
            if authority.token and self.headers.get("Authorization") != f"Bearer {authority.token}":
                return self._send(401, {"error": "who are you?"})
            key = self.headers.get("Idempotency-Key")
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            except ValueError:
                return self._send(400, {"error": "the body is not JSON"})
            if not key or not isinstance(body, dict) or self.path.count("/") != 2:
                return self._send(400, {"error": "POST /{organisation}/{resource} with an "
                                                 "Idempotency-Key and a JSON object"})  # fmt: skip
            time.sleep(authority.latency + authority.stall_seconds)
            kind, answer = authority.answer(self.path, key, body)
            if kind == "timeout":
                time.sleep(authority.hang_seconds)
                self.close_connection = True
            elif kind == "lost":
                self.close_connection = True  # filed, and the answer never leaves
            elif kind == "malformed":
                self._send(200, None, raw=b"<html>Wartungsarbeiten")
            elif kind == "429":
                self._send(429, {"error": "slow down"}, retry_after=authority.retry_after)
            elif kind in ("500", "503"):
                self._send(int(kind), {"error": "internal error"})
            else:
                self._send(201, answer)

        def _send(
            self,
            status: int,
            answer: dict[str, Any] | None,
            raw: bytes = b"",
            retry_after: float | None = None,
        ) -> None:
            data = raw or json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", f"{retry_after:g}")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass  # the stats say what happened

    return Handler
