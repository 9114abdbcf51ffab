"""What ankommen asks of the partner organisations' systems itself (models/steps.py `submission`
and `booking`), through tasks/outside.py.

With ANKOMMEN_AUTHORITY_URL set, an application goes to `{url}/{organisation}/applications`,
and as a step opens its booking goes to `appointments`, `registrations` or `offers`. The
idempotency key is the journey and step, so a call tried again, by the client, by Prefect's
retry or by `ankommen retry`, is never filed or booked twice. Without the address (most
offices today), the office sends applications by post and staff book by hand.
"""

from datetime import date

from models.decisions import ApplicationSubmitted
from models.steps import OutsideCall, step_spec
from models.tables import JourneyStep, Newcomer
from tasks.outside import post
from tasks.settings import get_settings


def submit(step: JourneyStep, newcomer: Newcomer, today: date) -> ApplicationSubmitted:
    """File the step's application with its organisation."""
    submission = step_spec(step.step).submission
    assert submission is not None  # an automatic step
    if not get_settings().authority_url:
        return ApplicationSubmitted(reference=_key(step), submitted_on=today, channel="post")
    answer = _call(step, newcomer, submission)
    return ApplicationSubmitted(
        reference=str(answer["reference"]), submitted_on=today, channel="api"
    )


def book(step: JourneyStep, newcomer: Newcomer) -> str | None:
    """Ask the step's organisation for its booking; its reference, or None where the office
    has no address for that system (staff book by hand)."""
    booking = step_spec(step.step).booking
    if booking is None or not get_settings().authority_url:
        return None
    return str(_call(step, newcomer, booking)["reference"])


def _call(step: JourneyStep, newcomer: Newcomer, call: OutsideCall) -> dict:
    assert step.organisation is not None  # routed before it is done or opened
    payload = call.payload(step.journey_id, newcomer)
    return post(step.organisation, call.resource, payload, idempotency_key=_key(step))


def _key(step: JourneyStep) -> str:
    return f"{step.journey_id}:{step.step}"
