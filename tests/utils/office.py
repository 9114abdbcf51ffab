"""An office of our own, and our command line run in this process.

Both work without pytest (a benchmark uses them too), so neither takes a fixture: the
environment the office changes is put back as it was when it closes.
"""

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

from sqlmodel import Session

# No Prefect here: an address where nothing listens.
NOWHERE = "http://127.0.0.1:9/api"


@contextmanager
def empty_office(home: Path, today: str = "2027-03-01") -> Iterator[Session]:
    """An empty SQLite database in `home`, today fixed, and no Prefect: also for Prefect's own
    settings (read once, at import), so that it does not start a temporary server of its own."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from tasks.database import engine
    from tasks.settings import get_settings

    saved = dict(os.environ)  # the command line fills in Prefect's defaults for its home too
    os.environ.update(ANKOMMEN_HOME=str(home), ANKOMMEN_TODAY=today, PREFECT_API_URL=NOWHERE)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("ANKOMMEN_DATABASE_URL", None)
    get_settings.cache_clear()
    try:
        with temporary_settings({PREFECT_API_URL: NOWHERE}), Session(engine()) as db:
            yield db
        engine().dispose()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()


def run_cli(*args: str) -> tuple[int, str, str]:
    """`ankommen ARGS` in this process: the exit code, what it printed, what it said on stderr.
    An error it does not turn into a message is raised, as it would end the command."""
    from cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()
