"""Submissions to authorities (competent bodies, Ausländerbehörde).

With ANKOMMEN_AUTHORITY_URL set, applications go to the intake API at
`{url}/{organisation}/applications` with an Idempotency-Key header, so a retried submission is
never filed twice. Without it (most offices today), the office sends the application by post and
the step records that.
"""

import json
import urllib.error
import urllib.request
from datetime import date
from typing import Any

from models.decisions import ApplicationSubmitted
from models.steps import step_spec
from models.tables import JourneyStep, Newcomer
from tasks.settings import get_settings

TIMEOUT_SECONDS = 10


class AuthorityUnavailable(RuntimeError):
    """The authority's system did not take the application; worth retrying."""


def submit(step: JourneyStep, newcomer: Newcomer, today: date) -> ApplicationSubmitted:
    """File the step's submission with its organisation; the key is the journey and step."""
    submission = step_spec(step.step).submission
    assert submission is not None and step.organisation is not None  # an automatic step
    return submit_application(
        organisation=step.organisation,
        payload=submission.payload(step.journey_id, newcomer),
        idempotency_key=f"{step.journey_id}:{step.step}",
        today=today,
    )


def submit_application(
    *, organisation: str, payload: dict[str, Any], idempotency_key: str, today: date
) -> ApplicationSubmitted:
    base_url = get_settings().authority_url
    if not base_url:
        return ApplicationSubmitted(reference=idempotency_key, submitted_on=today, channel="post")
    request = urllib.request.Request(
        f"{base_url.rstrip('/')}/{organisation}/applications",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": idempotency_key},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        raise AuthorityUnavailable(f"{organisation} answered HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError) as error:
        raise AuthorityUnavailable(f"{organisation} unreachable: {error}") from None
    return ApplicationSubmitted(
        reference=str(answer["reference"]), submitted_on=today, channel="api"
    )
