"""The end-to-end tests run in two lanes, each on a stack of its own: the embedded default
(SQLite, `ankommen serve`) and the scale-out (PostgreSQL for both databases, two workers on a
work pool). ANKOMMEN_E2E_LANES chooses (default: both). A test marked `embedded_only` tests
what only the embedded default has; one marked `scale_out_only` is too slow to run twice."""

import os
from collections.abc import Iterator

import pytest

from tests.e2e.stack import Stack, make_stack

LANES = os.environ.get("ANKOMMEN_E2E_LANES", "sqlite,postgresql").split(",")
ONLY_IN = {"embedded_only": "sqlite", "scale_out_only": "postgresql"}


def pytest_configure(config: pytest.Config) -> None:
    if unknown := set(LANES) - set(ONLY_IN.values()):
        raise pytest.UsageError(
            f"ANKOMMEN_E2E_LANES names no lane {', '.join(sorted(unknown))}: "
            "say sqlite, postgresql or both (sqlite,postgresql)"
        )
    config.addinivalue_line("markers", "embedded_only(why): runs in the SQLite lane only")
    config.addinivalue_line("markers", "scale_out_only(why): runs in the PostgreSQL lane only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "lane" in metafunc.fixturenames:
        only = [ONLY_IN[m.name] for m in metafunc.definition.iter_markers() if m.name in ONLY_IN]
        lanes = [lane for lane in LANES if all(lane == lane_only for lane_only in only)]
        if not lanes:  # its lane is not chosen: say so instead of pytest's "empty parameter set"
            skip = pytest.mark.skip(reason=f"runs in the {only[0]} lane only")
            lanes = [pytest.param(only[0], marks=skip)]
        metafunc.parametrize("lane", lanes, scope="session")


@pytest.fixture(scope="session")
def stack(lane: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    started = make_stack(tmp_path_factory.mktemp(f"ankommen-e2e-{lane}"), lane=lane)
    yield started
    started.stop()
