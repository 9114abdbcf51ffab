"""Malformed input of every kind people hand the office, and `refused_count`, which throws it
at an office of its own without pytest (for bench/reliability.py).

The kinds (tests/utils/bad_files.py, bad_decisions.py): an arrival, a cohort file, an
advisor's decision at the command line, and the answer to a waiting journey's form in the
Prefect UI, which is taken as the journey takes it. Each is bad in one known way, so refusal
is the only right answer: with the bad-input exit code, a message naming what is bad, no
traceback, and nothing written.
"""

import re
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch
from uuid import uuid4

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seeded
from hypothesis.strategies import SearchStrategy
from sqlalchemy import func
from sqlmodel import SQLModel, select

from models.tables import StepStatus
from tests.utils.bad_decisions import ARRIVED, DECIDED, JOURNEY, decisions, run_inputs
from tests.utils.bad_files import arrivals, cohorts
from tests.utils.bad_values import FILE, Malformed, field_named
from tests.utils.factories import add_journey, stored_step
from tests.utils.office import empty_office, run_cli

__all__ = ["Malformed", "arrivals", "cohorts", "decisions", "field_named", "run_inputs"]
BAD_INPUT = 2  # the command line's exit code for bad input

KINDS: dict[str, SearchStrategy[Malformed]] = {
    "arrival": arrivals(),
    "cohort": cohorts(),
    "decision": decisions(),
    "run input": run_inputs(),
}


@dataclass(frozen=True)
class Desk:
    """Where examples are tried: an office whose one journey waits on advisors at every step
    a decision is made up for, and a folder for the files handed in."""

    folder: Path

    def counts(self) -> dict[str, int]:
        """Rows in each of our tables, read afresh (a session's snapshot would not change)."""
        from tasks.database import session

        with session() as db:
            return {
                table.name: db.exec(select(func.count()).select_from(table)).one()
                for table in SQLModel.metadata.sorted_tables
            }


@contextmanager
def open_desk(home: Path) -> Iterator[Desk]:
    with empty_office(home) as db:
        waiting = [stored_step(step, StepStatus.WAITING, "x") for step in DECIDED]
        add_journey(db, 1, waiting, launched_on=ARRIVED)
        (home / "in").mkdir()
        yield Desk(home / "in")


def refusal_problem(example: Malformed, desk: Desk) -> str | None:
    """Why `example` was not refused as it should be: with the bad-input exit code (or, for
    the form, the journey's notice), a message that names what is bad, no traceback, and
    nothing written. None when it was."""
    before = desk.counts()
    try:
        if example.answer is not None:
            code, said, printed = BAD_INPUT, _answer_form(example.answer), ""
        else:
            code, printed, said = run_cli(*_arguments(example, desk))
    except Exception:
        return f"crashed on {example.how}:\n{traceback.format_exc()}"
    written = {t: n - before[t] for t, n in desk.counts().items() if n != before[t]}
    if example.answer is not None and written.get("stepevent") == 1:
        del written["stepevent"]  # the refusal, kept for the journey's next form to show
    problems = [
        f"exit code {code}, not {BAD_INPUT}" if code != BAD_INPUT else "",
        f"printed {printed[:200]!r}" if printed else "",
        f"said {said[:300]!r}, which does not match {example.names!r}"
        if not re.search(example.names, said)
        else "",
        "a traceback" if "Traceback (most recent call last)" in said + printed else "",
        f"wrote {written}" if written else "",
    ]
    if found := "; ".join(problem for problem in problems if problem):
        return f"{example.kind} ({example.how}): {found}"
    return None


def _arguments(example: Malformed, desk: Desk) -> list[str]:
    if example.file is None:
        return list(example.args)
    path = desk.folder / f"handed-in{example.suffix}"
    path.write_bytes(example.file)
    return [str(path) if arg == FILE else arg for arg in example.args]


def _answer_form(answer: dict[str, Any]) -> str:
    """Give the journey `answer` as the Prefect UI's form would, and let it take it as it
    does after a resume (Prefect's side stubbed); what its next form says."""
    from tasks import stock
    from tasks.database import session
    from tasks.journeys import get_journey
    from tasks.settings import get_settings

    run = SimpleNamespace(id=uuid4(), empirical_policy=SimpleNamespace(pause_keys=set()))
    context = SimpleNamespace(get=lambda: SimpleNamespace(flow_run=run))
    with (
        patch.object(stock, "FlowRunContext", context),
        patch.object(stock, "read_flow_run_input", lambda *_, **__: answer),
        session() as db,
    ):
        journey = get_journey(session=db, journey_id=JOURNEY)
        stock._take_answer(db, journey, get_settings().current_date())
        return journey.notice


def refused_count(examples_per_kind: int, seed: int = 0) -> tuple[int, int]:
    """Throw `examples_per_kind` generated examples of each kind at an office of its own (a
    temporary SQLite database, no Prefect); (tried, refused as they should be)."""
    tried = refused = 0
    with tempfile.TemporaryDirectory() as home, open_desk(Path(home)) as desk:
        for strategy in KINDS.values():

            @seeded(seed)
            @settings(
                max_examples=examples_per_kind,
                database=None,
                deadline=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(strategy)
            def trial(example: Malformed) -> None:
                nonlocal tried, refused
                tried += 1
                refused += refusal_problem(example, desk) is None

            trial()
    return tried, refused
