"""One small HTTP client for the partner organisations' systems (a competent body's intake API,
the Bürgerbüro's appointments, a course provider's registrations, a housing partner's offers).

Their systems are slow and flaky, so every call has timeouts and is tried again with
exponential backoff and full jitter, waiting at least as long as a `Retry-After` asks. Every
call carries an idempotency key: a retry after a lost answer gets the first answer back, never
a second booking or filing. At most `authority_concurrency` calls to one organisation are in
flight at once, across all workers: a Prefect global concurrency limit `authority-<org>`,
created with that size when first needed and adjustable in the Prefect UI.
"""

import random
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

import httpx

from tasks.settings import get_settings

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}


class OutsideUnavailable(RuntimeError):
    """The organisation's system did not answer usably, every attempt: worth trying later."""


class OutsideRefused(RuntimeError):
    """The organisation's system refused the request itself (4xx): trying again won't help."""


Slot = Callable[[str], AbstractContextManager[Any]]


def post(
    organisation: str,
    resource: str,
    payload: dict[str, Any],
    *,
    idempotency_key: str,
    slot: Slot | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """POST `payload` to `{authority_url}/{organisation}/{resource}`; the answer's JSON object.

    Raises OutsideRefused at once for a refusal, OutsideUnavailable once the attempts are spent
    or the organisation asks to wait longer than `authority_max_wait_seconds`."""
    settings = get_settings()
    assert settings.authority_url, "callers check that the office has the systems' address"
    url = f"{settings.authority_url.rstrip('/')}/{organisation}/{resource}"
    headers = {"Idempotency-Key": idempotency_key, **_credentials()}
    timeout = httpx.Timeout(settings.authority_timeout_seconds, connect=5.0)
    failed = Failure("no attempt", 0.0)
    for attempt in range(settings.authority_attempts):
        if attempt:
            # full jitter spreads a crowd of retries; never sooner than Retry-After asked
            wait = max(
                failed.retry_after,
                random.uniform(0, settings.authority_backoff_seconds * 2**attempt),
            )
            if wait > settings.authority_max_wait_seconds:
                raise OutsideUnavailable(
                    f"{organisation} asks to wait {wait:.0f} s: {failed.problem}"
                )
            sleep(wait)
        with (slot or authority_slot)(organisation), httpx.Client(timeout=timeout) as client:
            answer = _attempt(client, url, payload, headers, organisation)
        if isinstance(answer, dict):
            return answer
        failed = answer
    raise OutsideUnavailable(
        f"{organisation}: {failed.problem}, {settings.authority_attempts} attempts"
    )


@dataclass(frozen=True)
class Failure:
    """Why an attempt failed, worth another."""

    problem: str
    retry_after: float  # seconds the organisation asked to wait; 0: not asked


def _attempt(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    headers: dict[str, str],
    organisation: str,
) -> dict[str, Any] | Failure:
    try:
        response = client.post(url, json=payload, headers=headers)
    except httpx.TransportError as error:  # timeouts, refused or dropped connections
        return Failure(f"unreachable ({type(error).__name__})", 0.0)
    if response.status_code in TRANSIENT_STATUS:
        asked = _retry_after(response.headers.get("Retry-After"))
        return Failure(f"HTTP {response.status_code}", asked)
    if response.is_client_error:
        raise OutsideRefused(f"{organisation} refused: HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict) and answer.get("reference"):
        return answer
    return Failure(f"an answer without a reference (HTTP {response.status_code})", 0.0)


def _retry_after(value: str | None) -> float:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date); 0: none."""
    if not value:
        return 0.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return 0.0


def _credentials() -> dict[str, str]:
    token = get_settings().resolved_authority_token
    return {"Authorization": f"Bearer {token}"} if token else {}


def authority_slot(organisation: str) -> AbstractContextManager[Any]:
    """A slot of the organisation's Prefect global concurrency limit, for one attempt."""
    from prefect.concurrency.sync import concurrency

    name = _limit(organisation)
    # The shortest lease Prefect allows: a slot held by a process killed mid-call is free
    # again within a minute (a live holder renews it).
    return concurrency(name, occupy=1, strict=True, timeout_seconds=300, lease_duration=60)


@cache
def _limit(organisation: str) -> str:
    """The limit's name, created with the configured size if it does not exist yet (an
    operator's change in the UI is kept)."""
    from prefect import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    name = f"authority-{organisation}"
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            limit = GlobalConcurrencyLimitCreate(
                name=name, limit=get_settings().authority_concurrency
            )
            try:
                client.create_global_concurrency_limit(limit)
            except ObjectAlreadyExists:
                pass  # another worker created it at the same moment
    return name
