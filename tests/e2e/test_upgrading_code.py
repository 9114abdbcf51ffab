"""A new release installed while journeys wait: the runner stops, the code changes under a
suspended journey, a runner of the new code starts, and the journey resumes under the new
code, from our database, repeating nothing (Prefect's own resume runs whatever code is there
now; our tasks keep no source-hashed cache to be fooled by it)."""

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.journeys import (
    complete,
    launch,
    query,
    statuses,
    wait_suspended_with,
    write_arrival,
)
from tests.e2e.stack import REPO, Stack, make_stack, wait_for
from tests.e2e.test_advisors_and_privacy import form_description

pytestmark = pytest.mark.e2e

RELEASED_LABEL = '"Wohnungsgeberbestätigung",'
NEW_LABEL = '"Wohnungsgeberbestätigung (neu)",'


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    checkout = tmp_path_factory.mktemp("release") / "ankommen"
    shutil.copytree(
        REPO,
        checkout,
        ignore=shutil.ignore_patterns(".venv", ".git", ".ankommen", "__pycache__", "artifacts"),
    )
    stack = make_stack(tmp_path_factory.mktemp("upgraded-office"), checkout=checkout)
    yield stack
    stack.stop()


def test_a_waiting_journey_resumes_under_new_code_repeating_nothing(office: Stack) -> None:
    stack = office
    journey_id, flow_run_id = launch(
        stack,
        write_arrival(
            stack.home,
            name="Waits Through An Upgrade",
            arrival_date="2026-12-15",
            move_in_date=None,
        ),  # fmt: skip
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation", "recognition_documents")
    assert stack.authority.applications_for(journey_id) == 1

    # The release: stop the runner, change the code, start a runner of the new code.
    stack.stop_runner()
    steps = stack.checkout / "models" / "steps.py"
    assert RELEASED_LABEL in steps.read_text()
    steps.write_text(steps.read_text().replace(RELEASED_LABEL, NEW_LABEL))
    stack.start_runner()

    complete(stack, journey_id, "accommodation", "--move-in-date", "2026-12-16")
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    wait_for(
        lambda: "Wohnungsgeberbestätigung (neu)" in form_description(stack, flow_run_id),
        60,
        "the new code's form",
    )
    assert statuses(stack, journey_id)["recognition_application"] == "done"
    assert stack.authority.applications_for(journey_id) == 1  # not filed again
    assert (
        query(
            stack,
            "select step, count(*) from stepevent where journey_id = ? and event in ('done', "
            "'opened') group by step, event having count(*) > 1",
            journey_id,
        )
        == []
    )  # no step done or opened twice
    assert query(
        stack, "select count(*) from decision where journey_id = ? and applied_at is null",
        journey_id,
    ) == [(0,)]  # fmt: skip
