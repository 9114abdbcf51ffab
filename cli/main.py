"""`ankommen`: the office's command line. Exit codes: 0 done, 1 refused, 2 bad input."""

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from cli.errors import BAD_INPUT, Failure
from deployments.environment import apply_defaults

if TYPE_CHECKING:
    from models.arrival import Arrival


def read_arrival(path: Path) -> "Arrival":
    # Imported here, as everything below: `ankommen --help` should not wait for Prefect.
    from models.arrival import Arrival
    from models.validation import describe

    try:
        data = json.loads(path.read_text())
    except OSError as error:
        raise Failure(f"cannot read {path}: {error.strerror}", BAD_INPUT) from None
    except json.JSONDecodeError as error:
        raise Failure(f"{path} is not JSON: {error}", BAD_INPUT) from None
    if not isinstance(data, dict):
        raise Failure(f"{path} must hold one JSON object (one arrival)", BAD_INPUT)
    try:
        return Arrival.model_validate(data)
    except ValidationError as error:
        lines = "\n".join(f"  {line}" for line in describe(error))
        raise Failure(
            f"{path} is not a valid arrival; nothing was stored:\n{lines}", BAD_INPUT
        ) from None


def cmd_plan(args: argparse.Namespace) -> None:
    from cli.render import plan_text
    from models.plan import make_plan

    plan = make_plan(read_arrival(args.arrival))
    print(json.dumps(plan.as_json(), indent=2) if args.json else plan_text(plan))


def cmd_launch(args: argparse.Namespace) -> None:
    from cli.commands import launch
    from deployments.environment import ui_url

    journey_id, flow_run_id = launch(read_arrival(args.arrival))
    print(f"Launched journey {journey_id}; see it at {ui_url()}/runs/flow-run/{flow_run_id}")


def cmd_complete(args: argparse.Namespace, extra: list[str]) -> None:
    from cli.commands import complete

    print(complete(args.journey, args.step, args.file, extra))


def cmd_status(args: argparse.Namespace) -> None:
    from cli.commands import status

    print(status(args.journey))


def cmd_steps(_args: argparse.Namespace) -> None:
    from cli.render import steps_text

    print(steps_text())


def cmd_serve(args: argparse.Namespace) -> None:
    from deployments.serve import serve_journeys

    serve_journeys(limit=args.limit)


def cmd_server(_args: argparse.Namespace) -> None:
    from deployments.demo import keep_server

    keep_server()


def cmd_demo(args: argparse.Namespace) -> None:
    from deployments.demo import run_demo

    run_demo(once=args.once)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="ankommen", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="show the journey plan for an arrival, launching nothing")
    plan.add_argument("arrival", type=Path, help="JSON file with one arrival")
    plan.add_argument("--json", action="store_true", help="the stable JSON shape")
    launch = sub.add_parser("launch", help="store the newcomer and start the journey")
    launch.add_argument("arrival", type=Path)
    complete = sub.add_parser(
        "complete",
        help="complete an open step: --advisor NAME and the step's fields "
        "(`ankommen steps` lists them), or --file decision.json",
    )
    complete.add_argument("journey")
    complete.add_argument("step")
    complete.add_argument("--file", type=Path, help="JSON object with the decision's fields")
    status = sub.add_parser("status", help="open journeys, or one journey with its history")
    status.add_argument("journey", nargs="?")
    sub.add_parser("steps", help="the steps and the fields that complete them")
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
    "status": cmd_status,
    "steps": cmd_steps,
    "serve": cmd_serve,
    "server": cmd_server,
    "demo": cmd_demo,
}


def main(argv: list[str] | None = None) -> int:
    apply_defaults()
    args, extra = parser().parse_known_args(argv)
    try:
        if args.command == "complete":
            cmd_complete(args, extra)
        elif extra:
            raise Failure(f"unrecognised arguments: {' '.join(extra)}", BAD_INPUT)
        else:
            COMMANDS[args.command](args)
    except Failure as failure:
        print(f"ankommen: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
