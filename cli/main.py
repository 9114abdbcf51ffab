"""`ankommen`: the office's command line. Exit codes: 0 done, 1 refused, 2 bad input."""

import json
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.errors import BAD_INPUT, REFUSED, Failure
from deployments.environment import apply_defaults
from tasks.schema import SchemaBehind

# Everything else is imported inside the commands: `ankommen --help` should not wait for Prefect.

app = typer.Typer(
    name="ankommen",
    help="The Welcome Office's journeys: launch them, complete steps, see where people stand. "
    "Exit codes: 0 done, 1 refused, 2 bad input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CaseNumber = Annotated[str, typer.Argument(help="case number, e.g. WO-2026-0004 (any case)")]
ArrivalFile = Annotated[Path, typer.Argument(help="JSON file with one arrival")]
ArrivalsFile = Annotated[
    Path, typer.Argument(help="JSON file with one arrival, or a CSV file with one a row")
]
AsJson = Annotated[bool, typer.Option("--json", help="ids instead of labels, for other tools")]
Actor = Annotated[
    str | None,
    typer.Option(
        "--as",
        envvar="ANKOMMEN_ACTOR",
        help="who acts: a staff id (st-0001) or name; needed once the office has advisors",
    ),
]


@app.command()
def plan(arrival: ArrivalFile, as_json: AsJson = False) -> None:
    """Show the journey plan for an arrival, launching nothing."""
    from cli.commands import arrival_from
    from cli.render import plan_text
    from models.plan import make_plan

    planned = make_plan(arrival_from(arrival))
    print(json.dumps(planned.as_json(), indent=2) if as_json else plan_text(planned))


@app.command()
def launch(
    arrivals: ArrivalsFile,
    cohort: Annotated[
        str | None, typer.Option(help="the cohort's name, e.g. pflege-2027-1 (a Prefect tag)")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="launch a cohort's good rows, list the bad ones")
    ] = False,
    actor: Actor = None,
) -> None:
    """Store the newcomers and start their journeys: one arrival (JSON) or a cohort (CSV or
    Excel .xlsx). A cohort is checked whole first: any bad row, and nothing is launched."""
    from cli.commands import launch

    print(launch(arrivals, cohort, skip_invalid, actor))


def complete_epilog() -> str:
    from cli.render import steps_text

    return (
        "Dates as 2026-12-01 or 01.12.2026; dates of things that happened default to today.\n\n"
        "Example: ankommen complete WO-2026-0004 anmeldung --advisor NAME "
        "--registered-on 01.12.2026\n\nThe steps and their fields:\n\n" + steps_text()
    )


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog=complete_epilog(),
)
def complete(
    context: typer.Context,
    journey: CaseNumber,
    step: Annotated[str, typer.Argument(help="step id, e.g. anmeldung (`ankommen steps`)")],
    file: Annotated[
        Path | None, typer.Option(help="JSON object with the decision's fields")
    ] = None,
    actor: Actor = None,
) -> None:
    """Complete an open step: --as STAFF-ID (or --advisor NAME) and the step's fields, or
    --file."""
    from cli.commands import complete

    print(complete(journey, step, file, context.args, actor))


@app.command()
def retry(
    journey: CaseNumber,
    step: Annotated[str, typer.Argument(help="the failed step, e.g. recognition_application")],
    advisor: Annotated[
        str,
        typer.Option(
            "--advisor", "--as", envvar="ANKOMMEN_ACTOR", help="who asks for it (staff id or name)"
        ),
    ],
) -> None:
    """File a failed step again (same idempotency key: never filed twice)."""
    from cli.commands import retry

    print(retry(journey, step, advisor))


@app.command()
def status(
    journey: Annotated[str | None, typer.Argument(help="case number; a list if left out")] = None,
    as_json: AsJson = False,
    org: Annotated[
        str | None, typer.Option(help="only journeys waiting on this organisation (its id)")
    ] = None,
    stage: Annotated[str | None, typer.Option(help="only journeys with an open step in it")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="only overdue journeys")] = False,
    cohort: Annotated[str | None, typer.Option(help="only this cohort's journeys")] = None,
    include_finished: Annotated[bool, typer.Option("--all", help="finished journeys too")] = False,
    limit: Annotated[int, typer.Option(help="journeys per page")] = 50,
    offset: Annotated[int, typer.Option(help="journeys to skip")] = 0,
) -> None:
    """Open journeys, overdue ones first, a page at a time; or one journey with its history."""
    from cli.looking import journey_status, status, status_filter

    wanted = status_filter(
        organisation=org,
        stage=stage,
        overdue=overdue,
        cohort=cohort,
        finished=include_finished,
        limit=limit,
        offset=offset,
    )
    print(journey_status(journey, as_json=as_json) if journey else status(wanted, as_json=as_json))


advisor_app = typer.Typer(help="Advisors and coordinators: who acts, for which organisation.")
app.add_typer(advisor_app, name="advisor")


@advisor_app.command("add")
def advisor_add(
    name: Annotated[str, typer.Argument(help="the advisor's name (kept in our database only)")],
    org: Annotated[str, typer.Option(help="the organisation's id, e.g. buergerbuero-bochum")],
    coordinator: Annotated[
        bool, typer.Option("--coordinator", help="a coordinator acts for every organisation")
    ] = False,
    actor: Actor = None,
) -> None:
    """Add an advisor; the first one sets the office up and is a coordinator."""
    from cli.commands import add_advisor

    print(add_advisor(name, org, coordinator, actor))


@advisor_app.command("list")
def advisor_list() -> None:
    """The office's advisors and coordinators, with their staff ids."""
    from cli.looking import advisor_table

    print(advisor_table())


StepName = Annotated[str, typer.Argument(help="step id, e.g. anmeldung (`ankommen steps`)")]


@app.command()
def claim(journey: CaseNumber, step: StepName, actor: Actor = None) -> None:
    """Take on an open step of your organisation (of two at once, one wins)."""
    from cli.commands import claim_step

    print(claim_step(journey, step, actor, release=False))


@app.command()
def release(journey: CaseNumber, step: StepName, actor: Actor = None) -> None:
    """Give back a step you claimed."""
    from cli.commands import claim_step

    print(claim_step(journey, step, actor, release=True))


@app.command()
def reassign(
    journey: CaseNumber,
    step: StepName,
    reason: Annotated[str, typer.Option(help="why, for the history")],
    to: Annotated[str | None, typer.Option(help="another advisor (staff id)")] = None,
    to_org: Annotated[str | None, typer.Option(help="another organisation (its id)")] = None,
    actor: Actor = None,
) -> None:
    """Hand a step to another advisor or organisation (coordinators)."""
    from cli.commands import reassign_step

    print(reassign_step(journey, step, actor, to, to_org, reason))


@app.command()
def documents(journey: CaseNumber) -> None:
    """A journey's checklists: which documents arrived, when and ticked by whom."""
    from cli.looking import journey_documents

    print(journey_documents(journey))


@app.command()
def tick(
    journey: CaseNumber,
    step: StepName,
    document: Annotated[
        list[str], typer.Argument(help="what arrived, e.g. passport (`ankommen documents`)")
    ],
    on: Annotated[str | None, typer.Option(help="the day it arrived (default: today)")] = None,
    actor: Actor = None,
) -> None:
    """Tick documents of a step's checklist as they arrive. The recognition's documents are
    complete, and its 3-month clock starts, the day the last one arrives."""
    from cli.commands import tick_documents

    print(tick_documents(journey, step, document, on, actor))


class ClockAction(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"


@app.command()
def clock(
    journey: CaseNumber,
    action: Annotated[ClockAction, typer.Argument(help="pause, resume or extend")],
    reason: Annotated[
        str, typer.Option(help="pause: what the body asked for; extend: why it is justified")
    ] = "",
    on: Annotated[str | None, typer.Option(help="pause, resume: the day (default today)")] = None,
    until: Annotated[str | None, typer.Option(help="extend: the new deadline")] = None,
    actor: Actor = None,
) -> None:
    """The recognition's 3-month clock (§6(3) BQFG): pause it while the body waits on the
    newcomer for more documents (a Nachforderung), resume it when they arrived (the deadline
    moves by the days it stood), extend it once where the case justifies it."""
    from cli.commands import move_clock

    print(move_clock(journey, action.value, reason, on, until, actor))


@app.command(name="tasks")
def work_list(
    org: Annotated[str, typer.Option(help="the organisation's id, e.g. buergerbuero-bochum")],
    step: Annotated[str | None, typer.Option(help="only this step")] = None,
    cohort: Annotated[str | None, typer.Option(help="only this cohort's journeys")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="only overdue steps")] = False,
    mine: Annotated[bool, typer.Option("--mine", help="only steps claimed by me (--as)")] = False,
    unclaimed: Annotated[bool, typer.Option("--unclaimed", help="only unclaimed steps")] = False,
    actor: Actor = None,
    as_json: AsJson = False,
    limit: Annotated[int, typer.Option(help="steps per page")] = 50,
    offset: Annotated[int, typer.Option(help="steps to skip")] = 0,
) -> None:
    """An organisation's work list: its open manual steps, overdue ones first."""
    from cli.looking import work

    print(
        work(
            org,
            step=step,
            cohort=cohort,
            overdue=overdue,
            mine=mine,
            actor=actor,
            unclaimed=unclaimed,
            as_json=as_json,
            limit=limit,
            offset=offset,
        )
    )


@app.command()
def agenda(
    day: Annotated[str, typer.Argument(help="the day, e.g. 01.03.2027 or 2027-03-01")],
    as_csv: Annotated[bool, typer.Option("--csv", help="as CSV, to book the partners")] = False,
    html: Annotated[Path | None, typer.Option(help="write it as a page to print")] = None,
) -> None:
    """The one-visit day: for newcomers expected that day, whom to see, what to bring, what
    is still blocked."""
    from cli.looking import day_agenda

    print(day_agenda(day, as_csv=as_csv, html=html))


@app.command(name="cohort")
def cohort_progress(
    name: Annotated[str, typer.Argument(help="the cohort, e.g. pflege-2027-1")],
    as_csv: Annotated[
        bool, typer.Option("--csv", help="as CSV, with names: for coordinators")
    ] = False,
) -> None:
    """A cohort's progress: where each of its newcomers stands and when they are likely ready."""
    from cli.looking import cohort

    print(cohort(name, as_csv=as_csv))


@app.command()
def report(
    html: Annotated[
        Path | None,
        typer.Option(help="write the page with charts here (default: in ANKOMMEN_HOME)"),
    ] = None,
    names: Annotated[
        bool, typer.Option("--names", help="newcomers' names on the page: for coordinators")
    ] = False,
) -> None:
    """The office report: Prefect cards (office-…) and one offline HTML page with charts."""
    from cli.looking import report

    print(report(html, names=names))


@app.command()
def forecast(
    backtest: Annotated[
        bool, typer.Option("--backtest", help="replay finished journeys; the error in days")
    ] = False,
    limit: Annotated[int, typer.Option(help="journeys to show")] = 50,
) -> None:
    """When open journeys are likely ready to work (median to 90th percentile)."""
    from cli.looking import forecast

    print(forecast(backtest=backtest, limit=limit))


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def correct(
    context: typer.Context,
    journey: CaseNumber,
    step: StepName,
    reason: Annotated[str, typer.Option(help="why, for the history")],
    actor: Actor = None,
) -> None:
    """Correct a wrong decision (coordinators): the fields to change, e.g. --move-in-date
    20.02.2027. Later deadlines move; the history says why."""
    from cli.commands import correct_step

    print(correct_step(journey, step, context.args, reason, actor))


@app.command()
def reopen(
    journey: CaseNumber,
    step: StepName,
    reason: Annotated[str, typer.Option(help="why, for the history")],
    actor: Actor = None,
) -> None:
    """Reopen a done step so that it is decided again (coordinators): later steps that were
    open wait on it again; what was done on the old facts is named for checking by hand."""
    from cli.commands import reopen_step

    print(reopen_step(journey, step, reason, actor))


@app.command()
def history(journey: CaseNumber, as_json: AsJson = False) -> None:
    """A journey's audit trail: who did what, when, and from where (CLI, CSV, Prefect form)."""
    from cli.looking import journey_history

    print(journey_history(journey, as_json=as_json))


@app.command()
def steps() -> None:
    """Each step with its fields, allowed values and which are required."""
    from cli.render import steps_text

    print(steps_text())


@app.command()
def professions(
    search: Annotated[
        str | None, typer.Argument(help="a spelling, or part of one: 'Krankenschwestern', 'pfleg'")
    ] = None,
) -> None:
    """The professions ankommen knows, and who recognises them; with SEARCH, those it names."""
    from cli.render import professions_text

    print(professions_text(search))


@app.command()
def upgrade() -> None:
    """Bring our database to the newest schema (back it up first): after installing a new
    release, before starting it. Waiting journeys wait on."""
    from tasks.database import upgrade_database

    before, after = upgrade_database()
    if before == after:
        print(f"The database is at the newest revision already ({after}).")
    else:
        print(f"Upgraded the database from revision {before or 'empty'} to {after}.")


@app.command(name="scale-out")
def scale_out(
    results: Annotated[
        Path, typer.Option(help="where task results go: a path every worker reaches")
    ],
) -> None:
    """Make Prefect's side of running on a work pool with several workers, from this
    environment's settings (DATABASE_URL of PostgreSQL): the pool, result storage, Secret blocks
    and variables. Then `prefect deploy --all` and `prefect worker start --pool ankommen`."""
    from deployments.scale_out import NotShareable, prepare

    try:
        print("\n".join(prepare(results)))
    except NotShareable as refused:
        raise Failure(f"cannot scale out: {refused}", BAD_INPUT) from None


@app.command()
def keep(
    after_start: Annotated[
        bool,
        typer.Option(
            "--after-start",
            help="on the runner or workers, now and once dead runs' heartbeats have gone "
            "silent: after starting workers again (`ankommen serve` does it itself)",
        ),
    ] = False,
) -> None:
    """Bring every journey's run in line with our database, once, here."""
    if after_start:
        from deployments.keeping import keep_after_start

        print(keep_after_start())
        return
    from tasks.keeper import keep_journeys

    print(keep_journeys.fn())


@app.command()
def serve(
    limit: Annotated[int, typer.Option(help="journey processes at once")] = 4,
) -> None:
    """Serve the journey deployment (a runner)."""
    from cli.commands import check_notifications
    from deployments.serve import serve_journeys

    check_notifications()
    serve_journeys(limit=limit)


@app.command()
def notifications(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="list what would be sent now; send nothing")
    ] = False,
    as_json: AsJson = False,
    today: Annotated[str | None, typer.Option(help="as if it were this day (--dry-run)")] = None,
    digest: Annotated[bool, typer.Option(help="with each organisation's digest")] = False,
    log: Annotated[str | None, typer.Option(help="what was sent for this journey")] = None,
) -> None:
    """Reminders, escalations and digests: what would be sent (--dry-run), what was sent
    for a journey (--log JOURNEY), or make and send them now."""
    from cli.commands import sweep_now
    from cli.looking import notification_log, notification_preview

    if log:
        print(notification_log(log, as_json=as_json))
    elif dry_run:
        print(notification_preview(today, digest=digest, as_json=as_json))
    else:
        print(sweep_now(digest=digest))


@app.command()
def erase(
    journey: CaseNumber,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask first (for scripts)")] = False,
    actor: Actor = None,
) -> None:
    """Erase a newcomer's personal data on request (GDPR Art. 17; coordinators). Durations,
    outcomes and organisations stay, so the reports stay right."""
    from cli.commands import erase_journey

    print(erase_journey(journey, actor, ask=None if yes else typer.confirm))


@app.command()
def server() -> None:
    """Start the local Prefect server and keep it running."""
    from deployments.demo import keep_server

    with _stopped_by_sigterm():
        keep_server()


@app.command(name="fake-authority")
def fake_authority(
    port: Annotated[int, typer.Option(help="to listen on, at 127.0.0.1")] = 8765,
    failure_rate: Annotated[float, typer.Option(help="share of calls that fail, 0 to 1")] = 0.5,
    failures: Annotated[
        str, typer.Option(help="how they fail, comma-separated: timeout,500,429,malformed,lost")
    ] = "timeout,500,429,malformed,lost",
    latency: Annotated[float, typer.Option(help="seconds added to every call")] = 0.0,
    seed: Annotated[int, typer.Option(help="of the failures' chance")] = 0,
) -> None:
    """A local stand-in for the partners' systems, as flaky as asked (ANKOMMEN_AUTHORITY_URL)."""
    import time

    from deployments.fake_authority import FakeAuthority

    try:
        fake = FakeAuthority(failure_rate=failure_rate, latency=latency, seed=seed,
                             failures=tuple(filter(None, failures.split(","))))  # fmt: skip
    except ValueError as error:
        raise Failure(str(error), BAD_INPUT) from None
    url = fake.serve(port)
    print(f"ANKOMMEN_AUTHORITY_URL={url}  (counts at {url}/_stats; Ctrl-C to stop)")
    with _stopped_by_sigterm():
        while True:
            time.sleep(3600)


@app.command()
def demo(
    once: Annotated[
        bool, typer.Option(help="exit after the demo instead of serving until interrupted")
    ] = False,
) -> None:
    """Run journeys modelled on real newcomers."""
    from cli.errors import said_plainly
    from cli.looking import report, status, status_filter
    from deployments.demo import OfficeNotTheDemos, run_demo
    from tasks.prefect_address import ui_url

    def show(journeys: dict[str, str]) -> None:
        table = status(status_filter(), as_json=False)
        print(f"\n{table}\n\nThe journeys in the Prefect UI: {ui_url()}/runs")
        print(f"\nThe office report:\n{report(None, names=False)}")
        print(f"One journey in detail: ankommen status {journeys['cook-poland']}")

    with _stopped_by_sigterm(), said_plainly(refused=(OfficeNotTheDemos,), nothing="no demo"):
        run_demo(once=once, show=show)


class _stopped_by_sigterm:  # noqa: N801 - used as a `with` statement
    """SIGTERM stops us as Ctrl-C does, so that the server and runner we started stop too."""

    def __enter__(self) -> None:
        def interrupt(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, interrupt)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        if kind is KeyboardInterrupt:
            raise typer.Exit(130)
        return False


def main(argv: list[str] | None = None) -> int:
    apply_defaults()
    try:
        app(args=argv, prog_name="ankommen")  # usage errors: a message and exit code 2
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0
    except Failure as failure:
        print(f"ankommen: {failure}", file=sys.stderr)
        return failure.code
    except SchemaBehind as behind:
        print(f"ankommen: {behind}", file=sys.stderr)
        return REFUSED
    except BrokenPipeError:
        # The reader (e.g. `head`) has gone: end quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
