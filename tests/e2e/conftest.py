from collections.abc import Iterator

import pytest

from tests.e2e.stack import Stack, make_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    started = make_stack(tmp_path_factory.mktemp("ankommen-e2e"))
    yield started
    started.stop()
