"""What the office's looking commands do: read our database (never Prefect, so that they
answer at once and without a server) and turn what they find into tables, JSON or pages."""

import json
from pathlib import Path

from cli.errors import BAD_INPUT, REFUSED, Failure, case_number, said_plainly
from cli.render import (
    agenda_csv,
    agenda_text,
    backtest_text,
    cohort_csv,
    cohort_text,
    forecast_text,
    journey_json,
    journey_text,
    status_json,
    status_text,
    work_json,
    work_text,
)
from models.organisations import UnknownOrganisation
from tasks.journeys import UnknownJourney
from tasks.overview import BadFilter, StatusFilter, detail, status_page


def status_filter(**options: object) -> StatusFilter:
    try:
        return StatusFilter(**options)  # type: ignore[arg-type]
    except (UnknownOrganisation, BadFilter) as error:
        raise Failure(str(error), BAD_INPUT) from None


def status(wanted: StatusFilter, *, as_json: bool) -> str:
    page = status_page(wanted)
    return json.dumps(status_json(page), indent=2) if as_json else status_text(page)


def journey_status(journey: str, *, as_json: bool) -> str:
    try:
        found = detail(case_number(journey))
    except UnknownJourney as error:
        raise Failure(str(error), REFUSED) from None
    if as_json:  # the rules name sections (§) and German terms: kept readable, as in notifications
        return json.dumps(journey_json(found), indent=2, ensure_ascii=False)
    return journey_text(found)


def report(html: Path | None, *, names: bool) -> str:
    """The office report: as a Prefect flow run when a server answers (its cards updated),
    else straight from our database (the page only)."""
    from deployments.environment import answering
    from tasks.pages import PageNotWritable, check_writable
    from tasks.prefect_address import ui_url
    from tasks.report import default_page, gather, write
    from tasks.settings import get_settings

    if names and html is None:
        raise Failure("--names needs --html FILE: names go on a coordinator's page only", BAD_INPUT)
    try:
        path = check_writable(html or default_page())
    except PageNotWritable as error:
        raise Failure(str(error), BAD_INPUT) from None
    if answering():
        from flows.report import office_report

        done = office_report(page=str(path), names=names)
        return f"{done}\nThe cards in Prefect: {ui_url()}/artifacts (keys office-…)"
    found = gather(get_settings().current_date())
    written = write(found, path, names=names)
    return (
        f"{found.headline()}. The page: {written}\n"
        "No Prefect server answers, so its cards were not updated (`ankommen server`)."
    )


def forecast(*, backtest: bool, limit: int) -> str:
    from tasks.database import session
    from tasks.forecasts import backtest as replay
    from tasks.forecasts import open_forecasts
    from tasks.settings import get_settings

    with session() as db:
        if backtest:
            return backtest_text(replay(db))
        outlooks = open_forecasts(db, get_settings().current_date())
    return forecast_text(outlooks, limit)


COHORT_LIMIT = 10_000  # a cohort is shown whole


def cohort(name: str, *, as_csv: bool) -> str:
    from tasks.database import session
    from tasks.forecasts import open_forecasts
    from tasks.overview import cohorts
    from tasks.settings import get_settings

    page = status_page(StatusFilter(cohort=name, finished=True, limit=COHORT_LIMIT))
    if not page.rows:
        known = ", ".join(cohorts()) or "none yet"
        raise Failure(f"no cohort '{name}'; cohorts are: {known}", REFUSED)
    with session() as db:
        outlooks = open_forecasts(db, get_settings().current_date(), cohort=name)
    return cohort_csv(page, outlooks) if as_csv else cohort_text(name, page, outlooks)


def work(
    organisation: str, *, as_json: bool, mine: bool, actor: str | None, **options: object
) -> str:
    from models.steps import UnknownStep
    from tasks.settings import get_settings
    from tasks.work_list import NotManual, WorkFilter, work_list

    if mine and not actor:
        raise Failure("--mine needs to know who you are: --as STAFF-ID", BAD_INPUT)
    try:
        wanted = WorkFilter(organisation, claimed_by=actor if mine else None, **options)  # type: ignore[arg-type]
    except (UnknownOrganisation, UnknownStep, NotManual) as error:
        raise Failure(str(error), BAD_INPUT) from None
    if wanted.limit < 1 or wanted.offset < 0:
        raise Failure("--limit must be at least 1 and --offset at least 0", BAD_INPUT)
    items, total = work_list(wanted)
    today = get_settings().current_date()
    if as_json:
        return json.dumps(work_json(items, total, today), indent=2)
    return work_text(wanted, items, total, today)


def day_agenda(text: str, *, as_csv: bool, html: Path | None) -> str:
    from cli.options import day_given
    from tasks.agenda import agenda
    from tasks.agenda_page import agenda_page
    from tasks.pages import PageNotWritable, check_writable, write_whole

    if as_csv and html:
        raise Failure("--csv or --html, not both", BAD_INPUT)
    day = day_given(text)
    try:
        path = check_writable(html) if html else None
    except PageNotWritable as error:
        raise Failure(str(error), BAD_INPUT) from None
    expected = agenda(day)
    if path:
        written = write_whole(path, agenda_page(day, expected))
        return f"The one-visit day {day.isoformat()}, {len(expected)} newcomer(s): {written}"
    return agenda_csv(expected) if as_csv else agenda_text(day, expected)


def advisor_table() -> str:
    from cli.render import table
    from models.organisations import organisation_name
    from tasks.advisors import advisors
    from tasks.database import session

    with session() as db:
        found = advisors(db)
    if not found:
        return "No advisors yet: anyone acts under a name. Set the office up with a coordinator."
    rows = [
        [a.id, a.name, organisation_name(a.organisation), "coordinator" if a.coordinator else ""]
        for a in found
    ]
    return table(["staff id", "name", "organisation", "role"], rows)


def journey_history(journey: str, *, as_json: bool) -> str:
    from cli.render import history_text
    from tasks.database import session
    from tasks.journeys import get_journey, step_events

    journey_id = case_number(journey)
    try:
        with session() as db:
            get_journey(session=db, journey_id=journey_id)
            events = step_events(session=db, journey_id=journey_id)
    except UnknownJourney as error:
        raise Failure(str(error), REFUSED) from None
    if as_json:
        rows = [
            {
                "at": e.at.isoformat(),
                "step": e.step,
                "event": e.event,
                "detail": e.detail,
                "actor": e.actor,
                "source": e.source,
            }
            for e in events
        ]
        return json.dumps(rows, indent=2)
    return history_text(journey_id, events)


def notification_preview(today: str | None, *, digest: bool, as_json: bool) -> str:
    from cli.options import day_given
    from cli.render import notifications_json, notifications_text
    from tasks.outbox import preview
    from tasks.settings import get_settings

    day = day_given(today) if today else get_settings().current_date()
    rows = preview(day, digest=digest)
    if as_json:
        return json.dumps(notifications_json(rows), indent=2, ensure_ascii=False)
    return notifications_text(f"Would be sent on {day.isoformat()}", rows)


def notification_log(journey: str, *, as_json: bool) -> str:
    from cli.render import notifications_json, notifications_text
    from tasks.outbox import journal

    journey_id = case_number(journey)
    try:
        rows = journal(journey_id)
    except UnknownJourney as error:
        raise Failure(str(error), REFUSED) from None
    if as_json:
        return json.dumps(notifications_json(rows), indent=2, ensure_ascii=False)
    return notifications_text(f"Messages of {journey_id}", rows)


def journey_documents(journey: str) -> str:
    from cli.render import documents_text
    from tasks.checklists import received
    from tasks.database import session
    from tasks.journeys import get_journey, journey_steps

    journey_id = case_number(journey)
    with said_plainly(refused=(UnknownJourney,)), session() as db:
        get_journey(session=db, journey_id=journey_id)
        steps = journey_steps(session=db, journey_id=journey_id)
        arrived = received(db, journey_id)
    return documents_text(journey_id, steps, arrived)
