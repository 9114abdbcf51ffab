"""The HTTP client of the partner organisations' systems against the fake authority, over real
HTTP: what it tries again and how long it waits, what it never does twice, what it gives up on."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from deployments.fake_authority import FakeAuthority
from tasks.outside import OutsideRefused, OutsideUnavailable, post
from tasks.settings import get_settings

ORG = "bezreg-muenster"


class Calls:
    """What the client did besides HTTP: the waits it took, the slots it held."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.slots: list[str] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)  # not slept: the tests need not wait

    @contextmanager
    def slot(self, organisation: str) -> Iterator[None]:
        self.slots.append(organisation)
        yield


@pytest.fixture
def authority(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAuthority]:
    fake = FakeAuthority(hang_seconds=1.0, retry_after=3)
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_URL", fake.serve())
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_TIMEOUT_SECONDS", "0.3")
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_ATTEMPTS", "4")
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_BACKOFF_SECONDS", "0.5")
    get_settings.cache_clear()
    yield fake
    get_settings.cache_clear()


def _post(calls: Calls, key: str = "WO-2026-0001:recognition_application") -> dict:
    payload = {"case": key.split(":")[0], "profession": "zahnarzt"}
    return post(ORG, "applications", payload, idempotency_key=key, slot=calls.slot,
                sleep=calls.sleep)  # fmt: skip


@pytest.mark.parametrize("failure", ["500", "timeout", "malformed", "lost"])
def test_a_failed_call_is_tried_again_and_filed_once(
    authority: FakeAuthority, failure: str
) -> None:
    authority.failures, authority.failure_rate = (failure,), 1.0
    calls = Calls()
    with pytest.raises(OutsideUnavailable, match=f"{ORG}: .*4 attempts"):
        _post(calls)
    authority.failure_rate = 0.0
    answer = _post(calls)

    assert answer["reference"] == "REF-WO-2026-0001:recognition_application"
    assert len(authority.tries_for("WO-2026-0001")) == 5
    assert authority.applications_for("WO-2026-0001") == 1  # also where answers were lost
    assert authority.stats()["duplicates"] == 0
    assert calls.slots == [ORG] * 5  # each attempt holds the organisation's slot


def test_waits_grow_with_full_jitter(authority: FakeAuthority) -> None:
    authority.failures, authority.failure_rate = ("500",), 1.0
    calls = Calls()
    with pytest.raises(OutsideUnavailable):
        _post(calls)
    assert len(calls.waits) == 3
    for attempt, wait in enumerate(calls.waits, start=1):
        assert 0 <= wait <= 0.5 * 2**attempt


def test_retry_after_is_honoured(authority: FakeAuthority) -> None:
    authority.failures, authority.failure_rate = ("429",), 1.0
    calls = Calls()
    with pytest.raises(OutsideUnavailable, match="HTTP 429"):
        _post(calls)
    assert calls.waits and all(wait >= 3 for wait in calls.waits)


def test_a_wait_longer_than_allowed_is_left_to_the_stage(
    authority: FakeAuthority, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority.failures, authority.failure_rate, authority.retry_after = ("429",), 1.0, 600
    calls = Calls()
    with pytest.raises(OutsideUnavailable, match=f"{ORG} asks to wait 600 s"):
        _post(calls)
    assert calls.waits == [] and len(authority.requests) == 1


def test_a_refusal_is_not_tried_again(authority: FakeAuthority) -> None:
    calls = Calls()
    with pytest.raises(OutsideRefused, match=f"{ORG} refused: HTTP 400"):
        post(ORG, "applications", {"case": "WO-2026-0001"}, idempotency_key="",
             slot=calls.slot, sleep=calls.sleep)  # fmt: skip
    assert calls.waits == [] and authority.stats()["filed"] == 0


def test_the_token_goes_along(authority: FakeAuthority, monkeypatch: pytest.MonkeyPatch) -> None:
    authority.token = "s3cret-token"
    with pytest.raises(OutsideRefused, match="HTTP 401"):
        _post(Calls())
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_TOKEN", "s3cret-token")
    get_settings.cache_clear()
    assert _post(Calls())["reference"]


def test_at_half_the_calls_failing_every_case_is_filed_exactly_once(
    authority: FakeAuthority, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_ATTEMPTS", "12")
    get_settings.cache_clear()
    authority.failure_rate, authority.failures = 0.5, ("500", "429", "malformed", "lost")
    authority.retry_after = 0
    for number in range(1, 61):
        _post(Calls(), key=f"WO-2026-{number:04d}:recognition_application")
    stats = authority.stats()
    assert stats["filed"] == 60 and stats["duplicates"] == 0
    assert stats["failed"] >= 30  # about as many failures as successes


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--failures", "500,bogus"], "unknown failures ['bogus']: choose from"),
        (["--failure-rate", "1.5"], "failure_rate is a share between 0 and 1"),
    ],
)
def test_the_fake_authority_refuses_what_it_cannot_do(
    options: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    assert main(["fake-authority", *options]) == 2
    assert said in capsys.readouterr().err
