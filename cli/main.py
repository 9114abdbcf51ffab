"""`ankommen`: the office's command line. Exit codes: 0 done, 1 refused, 2 bad input."""

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from cli.errors import BAD_INPUT, Failure
from deployments.environment import apply_defaults

# Everything else is imported inside the commands: `ankommen --help` should not wait for Prefect.


def cmd_plan(args: argparse.Namespace) -> None:
    from cli.commands import arrival_from
    from cli.render import plan_text
    from models.plan import make_plan

    plan = make_plan(arrival_from(args.arrival))
    print(json.dumps(plan.as_json(), indent=2) if args.json else plan_text(plan))


def cmd_launch(args: argparse.Namespace) -> None:
    from cli.commands import launch

    print(launch(args.arrival))


def cmd_complete(args: argparse.Namespace, extra: list[str]) -> None:
    from cli.commands import complete

    print(complete(args.journey, args.step, args.file, extra))


def cmd_retry(args: argparse.Namespace) -> None:
    from cli.commands import retry

    print(retry(args.journey, args.step, args.advisor))


def cmd_status(args: argparse.Namespace) -> None:
    from cli.commands import status

    print(status(args.journey, as_json=args.json))


def cmd_steps(_args: argparse.Namespace) -> None:
    from cli.render import steps_text

    print(steps_text())


def cmd_professions(_args: argparse.Namespace) -> None:
    from cli.render import professions_text

    print(professions_text())


def cmd_keep(_args: argparse.Namespace) -> None:
    from tasks.keeper import keep_journeys

    print(keep_journeys.fn())


def cmd_serve(args: argparse.Namespace) -> None:
    from deployments.serve import serve_journeys

    serve_journeys(limit=args.limit)


def cmd_server(_args: argparse.Namespace) -> None:
    from deployments.demo import keep_server

    keep_server()


def cmd_demo(args: argparse.Namespace) -> None:
    from cli.commands import status
    from deployments.demo import run_demo
    from deployments.environment import ui_url

    def show(journeys: dict[str, str]) -> None:
        print(f"\n{status(None, as_json=False)}\n\nThe journeys in the Prefect UI: {ui_url()}/runs")
        print(f"One journey in detail: ankommen status {journeys['cook-poland']}")

    run_demo(once=args.once, show=show)


def complete_epilog() -> str:
    from cli.render import steps_text

    return (
        "Dates as 2026-12-01 or 01.12.2026; dates of things that happened default to today.\n"
        "Example: ankommen complete WO-2026-0004 anmeldung --advisor NAME "
        "--registered-on 01.12.2026\n\nThe steps and their fields:\n\n" + steps_text()
    )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="ankommen", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="show the journey plan for an arrival, launching nothing")
    plan.add_argument("arrival", type=Path, help="JSON file with one arrival")
    plan.add_argument("--json", action="store_true", help="the stable JSON shape, with ids")
    launch = sub.add_parser("launch", help="store the newcomer and start the journey")
    launch.add_argument("arrival", type=Path, help="JSON file with one arrival")
    complete = sub.add_parser(
        "complete",
        help="complete an open step: --advisor NAME and the step's fields, or --file",
        epilog=complete_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    complete.add_argument("journey", help="case number, e.g. WO-2026-0004 (any case)")
    complete.add_argument("step", help="step id, e.g. anmeldung (`ankommen steps`)")
    complete.add_argument("--file", type=Path, help="JSON object with the decision's fields")
    retry = sub.add_parser(
        "retry", help="file a failed step again (same idempotency key: never filed twice)"
    )
    retry.add_argument("journey", help="case number")
    retry.add_argument("step", help="the failed step, e.g. recognition_application")
    retry.add_argument("--advisor", required=True, help="who asks for it (name or staff id)")
    status = sub.add_parser("status", help="open journeys, or one journey with its history")
    status.add_argument("journey", nargs="?", help="case number")
    status.add_argument("--json", action="store_true", help="ids instead of labels, for tools")
    sub.add_parser("steps", help="each step with its fields, allowed values and which are required")
    sub.add_parser("professions", help="the professions ankommen knows, and who recognises them")
    sub.add_parser("keep", help="bring every journey's run in line with our database, once")
    serve = sub.add_parser("serve", help="serve the journey deployment (a runner)")
    serve.add_argument("--limit", type=int, default=4, help="journey processes at once")
    sub.add_parser("server", help="start the local Prefect server and keep it running")
    demo = sub.add_parser("demo", help="run journeys modelled on real newcomers")
    demo.add_argument(
        "--once",
        action="store_true",
        help="exit after the demo instead of serving until interrupted",
    )
    return root


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "plan": cmd_plan,
    "launch": cmd_launch,
    "retry": cmd_retry,
    "status": cmd_status,
    "steps": cmd_steps,
    "professions": cmd_professions,
    "keep": cmd_keep,
    "serve": cmd_serve,
    "server": cmd_server,
    "demo": cmd_demo,
}


def _stop_on_sigterm() -> None:
    """SIGTERM stops us as Ctrl-C does, so that what we started is stopped too."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv: list[str] | None = None) -> int:
    apply_defaults()
    args, extra = parser().parse_known_args(argv)
    if args.command in ("server", "demo"):
        _stop_on_sigterm()
    try:
        if args.command == "complete":
            cmd_complete(args, extra)
        elif extra:
            raise Failure(f"unrecognised arguments: {' '.join(extra)}", BAD_INPUT)
        else:
            COMMANDS[args.command](args)
        sys.stdout.flush()
    except Failure as failure:
        print(f"ankommen: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) has gone: end quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
