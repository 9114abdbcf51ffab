"""Journeys whose partner organisations' systems fail half of the calls: the client and
Prefect's retries carry them through, and nothing is filed or booked twice."""

from collections.abc import Iterator

import pytest
from prefect import get_client
from sqlmodel import select

from deployments.fake_authority import FakeAuthority
from models.tables import StepEvent
from tasks.database import session
from tasks.journeys import journey_steps
from tasks.settings import get_settings
from tests.utils.journey_runs import SHORT_JOURNEY_ANSWERS, Run, decide_everything_open, launch


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAuthority]:
    authority = FakeAuthority(failure_rate=0.5, hang_seconds=1.0, retry_after=0.1, seed=7)
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_URL", authority.serve())
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_TIMEOUT_SECONDS", "0.5")
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_BACKOFF_SECONDS", "0.05")
    get_settings.cache_clear()
    yield authority
    get_settings.cache_clear()


def test_journeys_complete_with_half_the_calls_failing(flaky: FakeAuthority) -> None:
    runs = [Run(launch(name=f"Flaky Person {n}", email=f"flaky{n}@example.org")) for n in range(3)]
    for run in runs:
        while run.until_it_waits():
            decide_everything_open(run, SHORT_JOURNEY_ANSWERS)

    stats = flaky.stats()
    assert stats["failed"] > 0 and stats["duplicates"] == 0
    # each journey: a flat offered, an Anmeldung appointment, an application filed, once each
    assert stats["filed"] == 3 * len(runs)
    with session() as db:
        for run in runs:
            steps = {s.step: s for s in journey_steps(session=db, journey_id=run.journey_id)}
            assert all(s.status.settled for s in steps.values())
            assert steps["recognition_application"].outcome["channel"] == "api"
            events = select(StepEvent).where(StepEvent.journey_id == run.journey_id)
            booked = [e for e in db.exec(events) if e.event == "booked"]
            assert sorted(e.step for e in booked) == ["accommodation", "anmeldung"]
            assert all(e.detail.startswith("REF-") for e in booked)
    # at most 4 calls at once to each organisation, across every worker
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name("authority-buergerbuero-bochum")
    assert limit.limit == 4
