"""The Prefect UI (V2) in a real browser: Debian's headless Chromium driven by Playwright, and
what an advisor or a coordinator does there (filter the runs list, answer the resume form).

Selectors and quirks were found in the browser against Prefect 3.9.1; see PREFECT_NOTES.md
("The Prefect UI in a real browser"). Never `playwright install`: it downloads its own browser.
"""

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import BrowserContext, Locator, Page, expect, sync_playwright

from tests.e2e.stack import REPO, Stack

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; CI installs it (.ci/run)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pages take 1-3.5 s on 2 cores, more while other tests load the machine.
TIMEOUT_MS = 30_000
CASE_NUMBER = re.compile(r"WO-\d{4}-\d{4}")


def artifacts_dir() -> Path:
    """Where screenshots are kept: $ANKOMMEN_TEST_ARTIFACTS, else tests/artifacts (git-ignored)."""
    directory = Path(os.environ.get("ANKOMMEN_TEST_ARTIFACTS") or REPO / "tests" / "artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextmanager
def chromium(profile: Path) -> Iterator[BrowserContext]:
    """Headless Chromium with a fresh profile in `profile`."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1600},
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


def ui(stack: Stack) -> str:
    """The UI's address; the stack's server already tells the UI where its API is."""
    return stack.api.removesuffix("/api")


def screenshot(target: Page | Locator, name: str) -> Path:
    path = artifacts_dir() / f"{name}.png"
    if isinstance(target, Page):
        target.screenshot(path=path, full_page=True)
    else:
        target.screenshot(path=path)
    return path


def open_runs_tagged(page: Page, stack: Stack, tag: str) -> None:
    """The V2 runs list filtered by one tag (whole tags only; the date range becomes all time)."""
    page.goto(f"{ui(stack)}/v2/runs?tags={quote(tag, safe='')}")
    expect(page.get_by_placeholder("All tags")).to_be_visible()


def run_link(page: Page, run_name: str) -> Locator:
    """A run in a list: a link named after the run (for a journey, its case number)."""
    return page.get_by_role("link", name=run_name, exact=True)


def case_numbers_listed(page: Page) -> set[str]:
    names = page.get_by_role("link").all_inner_texts()
    return {name for name in names if CASE_NUMBER.fullmatch(name)}


def open_resume_dialog(page: Page, stack: Stack, flow_run_id: str) -> Locator:
    """A suspended run's page, run menu (⋮, top right) → Resume: the form of its wait."""
    page.goto(f"{ui(stack)}/v2/runs/flow-run/{flow_run_id}")
    expect(page.locator('[data-slot="badge"]').filter(has_text="Suspended").first).to_be_visible()
    page.get_by_role("button", name="Open menu").click()
    page.get_by_role("menuitem", name="Resume").click()
    # Named, because the date picker's popover is a dialog too.
    dialog = page.get_by_role("dialog", name="Resume Flow Run")
    expect(dialog).to_be_visible()
    return dialog


def choose_tab(dialog: Locator, title: str) -> None:
    """Pick one variant of a union (one tab per open step); it must stay picked (with `oneOf`
    in the schema the tab snaps back to the first)."""
    tab = dialog.get_by_role("tab", name=title, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def pick_date(page: Page, dialog: Locator, label: str, day: date) -> None:
    """A date field is a "Pick a date" button; its popover has a text input for the date."""
    dialog.get_by_label(label, exact=True).click()
    page.get_by_label("Date (yyyy-MM-dd)").fill(day.isoformat())
    page.keyboard.press("Escape")  # closes only the popover
    expect(dialog.get_by_label(label, exact=True)).to_contain_text(str(day.year))


def submit_resume(page: Page, dialog: Locator, still_suspended: Callable[[], bool]) -> None:
    """Press Resume until the dialog closes: on SQLite a submit may get a 503 ("database is
    locked") and the dialog then stays open without a word; a resumed run is not resumed twice."""
    toasts: list[str] = []
    for _ in range(4):
        dialog.get_by_role("button", name="Resume", exact=True).click()
        try:
            expect(dialog).to_be_hidden(timeout=10_000)
            return
        except AssertionError:
            toasts += page.locator("[data-sonner-toast]").all_inner_texts()
        if not still_suspended():
            return  # it landed; only the dialog did not close
    raise AssertionError(f"the resume dialog stayed open; toasts: {toasts}")
