"""The Prefect UI in a real browser (headless Chromium): a coordinator filters the runs list by
whom journeys wait on, and an advisor completes a step in the Resume dialog. Screenshots are
kept under $ANKOMMEN_TEST_ARTIFACTS (default tests/artifacts)."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from models.organisations import organisation_name
from models.steps import step_spec
from tests.e2e.browser import (
    case_numbers_listed,
    choose_tab,
    chromium,
    open_resume_dialog,
    open_runs_tagged,
    pick_date,
    run_link,
    screenshot,
    submit_resume,
)
from tests.e2e.journeys import (
    ONCE,
    dentist_and_cook,
    launch,
    query,
    run_state,
    statuses,
    wait_step,
    wait_suspended_with,
    write_arrival,
)
from tests.e2e.stack import Stack, wait_for

pytestmark = pytest.mark.e2e


# One browser for this module only: Playwright's sync API keeps an event loop running while it
# is open, and Prefect's client calls in later tests would then turn into coroutines.
@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture
def page(browser: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    opened = browser.new_page()
    yield opened
    screenshot(opened, f"{request.node.name}-last")  # what the page showed at the end
    opened.close()


def names_tagged(stack: Stack, tag: str) -> set[str]:
    runs = stack.api_call(
        "POST", "/flow_runs/filter", {"flow_runs": {"tags": {"all_": [tag]}}, "limit": 200}
    )
    return {run["name"] for run in runs}


@ONCE
def test_the_runs_list_filtered_by_tag_shows_who_waits_on_a_body(stack: Stack, page: Page) -> None:
    (dentist_id, dentist_run), (cook_id, cook_run) = dentist_and_cook(stack, "Browser")

    def listed_as_tagged() -> bool:
        # Exactly the journeys waiting on the body (earlier tests' journeys may wait on it too,
        # and may still be moving on: then look again).
        open_runs_tagged(page, stack, "waits-on:bezreg-muenster")
        expect(run_link(page, dentist_id)).to_be_visible()
        expect(run_link(page, cook_id)).to_have_count(0)
        return case_numbers_listed(page) == names_tagged(stack, "waits-on:bezreg-muenster")

    wait_for(listed_as_tagged, 90, "the filtered runs list to match the tagged runs")
    screenshot(page, "runs-tagged-waits-on-bezreg-muenster")

    # The cook's run is listed where it belongs: the filter above was not just empty.
    open_runs_tagged(page, stack, "waits-on:ihk-fosa")
    expect(run_link(page, cook_id)).to_be_visible()
    expect(run_link(page, dentist_id)).to_have_count(0)


@ONCE
def test_an_advisor_completes_a_step_in_the_resume_dialog(stack: Stack, page: Page) -> None:
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Browser Form Person", birth_date="1982-02-02")
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    waiting = {step for step, status in statuses(stack, journey_id).items() if status == "waiting"}

    dialog = open_resume_dialog(page, stack, flow_run_id)
    expect(dialog).to_contain_text(f"Journey {journey_id} waits on")  # the markdown description
    # One tab per open step, titled with its label; no "None" toggle anywhere.
    tabs = dialog.get_by_role("tab")
    expect(tabs).to_have_count(len(waiting))
    assert set(tabs.all_inner_texts()) == {step_spec(step).label for step in waiting}
    dialog.get_by_label("Your name or staff id", exact=True).fill("Browser Advisor")
    choose_tab(dialog, "Accommodation")
    expect(dialog.get_by_text("enter the move-in date").first).to_be_visible()  # the step's doc
    labels = dialog.locator("label").all_inner_texts()
    assert {"Your name or staff id", "Move in date", "Temporary (Optional)"} <= set(labels)
    expect(dialog.get_by_role("tab", name="None", exact=True)).to_have_count(0)
    expect(dialog.get_by_text("Property is type")).to_have_count(0)
    expect(dialog.get_by_role("switch")).to_have_attribute("aria-checked", "false")  # temporary

    pick_date(page, dialog, "Move in date", date(2026, 12, 1))
    expect(dialog.get_by_label("Move in date", exact=True)).to_have_text("December 1st, 2026")
    screenshot(dialog, "resume-dialog-accommodation")
    submit_resume(page, dialog, lambda: run_state(stack, flow_run_id) == "PAUSED")

    wait_step(stack, journey_id, "accommodation", "done")
    ((advisor, source, payload),) = query(
        stack,
        "select advisor, source, payload from decision where journey_id = ? and step = ?",
        journey_id,
        "accommodation",
    )
    assert (advisor, source) == ("Browser Advisor", "prefect-ui")
    assert json.loads(payload) == {
        "advisor": "Browser Advisor",
        "move_in_date": "2026-12-01",
        "temporary": False,
    }
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert query(
        stack, "select due from journeystep where journey_id = ? and step = 'anmeldung'", journey_id
    ) == [("2026-12-15",)]  # two weeks after the move-in date picked in the browser


@ONCE
def test_the_office_report_page_shows_charts_and_the_databases_figures(
    stack: Stack, page: Page
) -> None:
    """A manager opens the report page offline: its charts are drawn, and its tables hold
    what our database holds (counted here with plain SQL, not with the report's code)."""
    dentist_and_cook(stack, "Report Reader")
    target = stack.home / "report-for-managers.html"
    made = stack.ankommen("report", "--html", str(target))
    assert made.returncode == 0, made.stderr
    page.goto(target.as_uri())
    charts = page.locator("#charts svg")
    expect(charts).to_have_count(5)
    for index in range(5):
        expect(charts.nth(index)).to_be_visible()
    (open_journeys,) = query(stack, "select count(*) from journey where finished_on is null")[0]
    expect(page.locator("body > p").first).to_contain_text(f"{open_journeys} open journeys")
    waiting = dict(
        query(
            stack,
            "select s.organisation, count(*) from journeystep s join journey j on j.id ="
            " s.journey_id where j.finished_on is null and s.status in"
            " ('waiting', 'running', 'retrying') group by s.organisation",
        )
    )
    rows = page.locator("#bottlenecks tbody tr")
    shown = {
        rows.nth(i).locator("td").nth(0).inner_text(): int(
            rows.nth(i).locator("td").nth(1).inner_text()
        )
        for i in range(rows.count())
    }
    assert shown == {organisation_name(org): n for org, n in waiting.items()}
    assert "Report Reader" not in page.content()  # journey ids only
    screenshot(page, "office-report-page")


def test_the_one_visit_day_prints_for_the_desk(stack: Stack, page: Page) -> None:
    """A coordinator prints the day's agenda to book the partners together: for a newcomer
    who arrived, the partners in the visit's order, each with what to bring, on paper too."""
    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Agenda Reader", arrival_date="2026-11-20",
                             move_in_date=None, qualification_country="DE")
    )  # fmt: skip
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation", "anmeldung")
    target = stack.home / "agenda.html"
    made = stack.ankommen("agenda", "20.11.2026", "--html", str(target))
    assert made.returncode == 0, made.stderr
    page.goto(target.as_uri())
    person = page.locator(f"section#{journey_id.lower()}")
    expect(person.locator("h2")).to_have_text(f"{journey_id} Agenda Reader")
    partners = person.locator("ol > li > strong")
    order = ["housing-partner", "housing-partner", "buergerbuero-bochum", "integration-partner"]
    expect(partners).to_have_text([organisation_name(org) for org in order])
    expect(person.locator("ol > li").nth(2)).to_contain_text("bring: passport")
    printed = page.pdf(format="A4")
    assert printed.startswith(b"%PDF") and len(printed) > 5_000
    screenshot(page, "one-visit-day")


@ONCE
def test_the_prefect_ui_shows_the_office_report_and_a_journeys_card(
    stack: Stack, page: Page
) -> None:
    (journey_id, flow_run_id), _ = dentist_and_cook(stack, "Card Reader")
    wait_suspended_with(stack, journey_id, flow_run_id, "recognition_documents")
    assert stack.ankommen("report").returncode == 0

    def artifact_id(key: str) -> str:
        found = stack.api_call(
            "POST", "/artifacts/latest/filter", {"artifacts": {"key": {"any_": [key]}}}
        )
        assert found, f"no artifact {key}"
        return found[0]["latest_id"]

    page.goto(
        f"{stack.api.removesuffix('/api')}/v2/artifacts/artifact/{artifact_id('office-bottlenecks')}"
    )
    expect(page.get_by_text("Waiting on whom").first).to_be_visible()
    expect(page.get_by_role("cell", name="Bezirksregierung Münster").first).to_be_visible()
    screenshot(page, "prefect-office-report-card")
    card = artifact_id(f"journey-{journey_id.lower()}")
    page.goto(f"{stack.api.removesuffix('/api')}/v2/artifacts/artifact/{card}")
    expect(page.get_by_text("Ready to work: likely").first).to_be_visible()
    expect(page.get_by_role("cell", name="Recognition documents complete").first).to_be_visible()
    screenshot(page, "prefect-journey-card")
