"""What the office's acting commands do: call the office service (tasks/office.py) and turn
its answers into sentences, its errors into messages and exit codes (looking: cli/looking.py)."""

from collections.abc import Callable
from pathlib import Path

import typer

from cli.errors import BAD_INPUT, REFUSED, Failure, case_number, said_plainly
from cli.options import BadOptions, parse_fields, read_decision_file, shape_fields
from models.arrival import Arrival
from models.cohorts import BadCohortName, cohort_name
from models.steps import UnknownStep, step_spec
from tasks import office
from tasks.advisors import ActorRefused
from tasks.arrivals import BadFile, read_arrival
from tasks.cohort_file import read_cohort
from tasks.decisions import DecisionRefused, InvalidDecision
from tasks.journeys import ArrivalRefused, UnknownJourney
from tasks.runs import Serving


def arrival_from(path: Path) -> Arrival:
    try:
        return read_arrival(path)
    except BadFile as error:
        raise Failure(str(error), BAD_INPUT) from None


def launch(path: Path, cohort: str | None, skip_invalid: bool, actor: str | None) -> str:
    try:
        cohort = cohort_name(cohort) if cohort else None
    except BadCohortName as error:
        raise Failure(str(error), BAD_INPUT) from None
    if path.suffix.lower() in (".csv", ".xlsx"):
        return launch_cohort(path, cohort, skip_invalid, actor)
    if skip_invalid:
        raise Failure(
            "--skip-invalid goes with a file of several arrivals (.csv or .xlsx)", BAD_INPUT
        )
    try:
        launched = office.launch(arrival_from(path), cohort, actor=actor)
    except (ArrivalRefused, ActorRefused) as error:
        raise Failure(f"refused, nothing stored: {error}", REFUSED) from None
    if launched.serving is Serving.BUSY:
        return f"Stored journey {launched.journey_id}; {launched.serving.value}."
    if launched.flow_run_id is None:
        return (
            f"Stored journey {launched.journey_id}; {launched.serving.value}. "
            "It starts as soon as they are up."
        )
    if launched.serving is not Serving.READY:
        return (
            f"Launched journey {launched.journey_id}, but {launched.serving.value}; "
            "it starts as soon as one is up."
        )
    return f"Launched journey {launched.journey_id}; {_ui_link(launched.flow_run_id)}"


def launch_cohort(path: Path, cohort: str | None, skip_invalid: bool, actor: str | None) -> str:
    """Check every row first; launch none if any is bad, unless told to skip the bad ones."""
    from rich.console import Console
    from rich.progress import Progress

    try:
        found = read_cohort(path)
    except BadFile as error:
        raise Failure(str(error), BAD_INPUT) from None
    problems = "\n".join(f"  {problem}" for problem in found.problems)
    if found.problems and not skip_invalid:
        raise Failure(
            f"{len(found.bad_lines())} bad row(s) in {path}; nothing was launched "
            f"(--skip-invalid launches the good ones):\n{problems}",
            BAD_INPUT,
        )
    arrivals = [arrival for _line, arrival in found.good()]
    with Progress(console=Console(stderr=True), transient=True) as progress:
        bar = progress.add_task(f"launching {len(arrivals)} journeys", total=len(arrivals))
        try:
            done = office.launch_cohort(
                arrivals, cohort, lambda _: progress.advance(bar), actor=actor
            )
        except ActorRefused as error:
            raise Failure(f"refused, nothing launched: {error}", REFUSED) from None
    launched = [d for d in done if isinstance(d, office.Launched)]
    refused = [str(d) for d in done if not isinstance(d, office.Launched)]
    lines = [
        f"Launched {len(launched)} journeys"
        + (f" of cohort {cohort} (tag cohort:{cohort})" if cohort else "")
        + (f": {launched[0].journey_id} to {launched[-1].journey_id}" if launched else "")
        + (f"; {launched[0].serving.value}" if launched else ".")
    ]
    if found.problems:
        lines.append(f"Not launched, {len(found.bad_lines())} bad row(s):\n{problems}")
    if refused:
        lines.append("Refused meanwhile:\n" + "\n".join(f"  {r}" for r in refused))
    if found.encoding != "utf-8":
        lines.append(f"(read as {found.encoding})")
    return "\n".join(lines)


def _ui_link(flow_run_id: str) -> str:
    from tasks.prefect_address import ui_url

    return f"see it at {ui_url()}/runs/flow-run/{flow_run_id}"


def complete(
    journey: str, step: str, file: Path | None, options: list[str], actor: str | None
) -> str:
    journey_id = case_number(journey)
    try:
        model = step_spec(step).decision
        fields = {**(read_decision_file(file) if file else {}), **parse_fields(options)}
    except (UnknownStep, BadOptions) as error:
        raise Failure(str(error), BAD_INPUT) from None
    if actor and fields.get("advisor", actor) != actor:
        raise Failure("say who acts once: --as or --advisor, not both", BAD_INPUT)
    if actor:
        fields["advisor"] = actor
    if model is None:
        raise Failure(f"{step} is done by ankommen itself, not by an advisor", REFUSED)
    try:
        recorded = office.complete(journey_id, step, shape_fields(model, fields), source="cli")
    except InvalidDecision as error:
        raise Failure(f"nothing changed: {error}", BAD_INPUT) from None
    except (DecisionRefused, UnknownJourney) as error:
        raise Failure(f"refused, nothing changed: {error}", REFUSED) from None
    label = step_spec(step).label
    return (
        f"Recorded {label} of {journey_id} by {recorded.decision.advisor}; {recorded.woken.value}."
    )


def retry(journey: str, step: str, by: str) -> str:
    journey_id = case_number(journey)
    try:
        woken = office.retry(journey_id, step, by=by)
    except UnknownStep as error:
        raise Failure(str(error), BAD_INPUT) from None
    except (DecisionRefused, UnknownJourney) as error:
        raise Failure(f"refused, nothing changed: {error}", REFUSED) from None
    label = step_spec(step).label
    return f"{label} of {journey_id} will be filed again (same idempotency key); {woken.value}."


def add_advisor(name: str, organisation: str, coordinator: bool, actor: str | None) -> str:
    from models.organisations import UnknownOrganisation
    from tasks.advisors import add_advisor as add
    from tasks.database import session

    with (
        said_plainly(bad=(UnknownOrganisation,), refused=(ActorRefused,), nothing="nothing stored"),
        session() as db,
    ):
        advisor = add(
            session=db, name=name, organisation=organisation, coordinator=coordinator, actor=actor
        )
    role = "coordinator" if advisor.coordinator else "advisor"
    return f"Added {role} {advisor.id} for {advisor.organisation}: act with --as {advisor.id}."


def claim_step(journey: str, step: str, actor: str | None, *, release: bool) -> str:
    from tasks.claims import ClaimRefused, claim
    from tasks.claims import release as give_back
    from tasks.database import session

    journey_id = case_number(journey)
    refused = (ClaimRefused, ActorRefused, UnknownJourney)
    with said_plainly(refused=refused), session() as db:
        act = give_back if release else claim
        who = act(session=db, journey_id=journey_id, step=step, actor=actor)
    return (
        f"{step_spec(step).label} of {journey_id} {'released' if release else 'claimed'} by {who}."
    )


def reassign_step(
    journey: str, step: str, actor: str | None, to: str | None, to_org: str | None, reason: str
) -> str:
    from models.organisations import UnknownOrganisation
    from tasks.claims import ClaimRefused, reassign
    from tasks.database import session

    journey_id = case_number(journey)
    with (
        said_plainly(bad=(UnknownOrganisation,), refused=(ClaimRefused, UnknownJourney)),
        session() as db,
    ):
        what = reassign(
            session=db,
            journey_id=journey_id,
            step=step,
            actor=actor,
            to_advisor=to,
            to_organisation=to_org,
            reason=reason,
        )
    return f"{step_spec(step).label} of {journey_id} reassigned {what}."


def correct_step(
    journey: str, step: str, options: list[str], reason: str, actor: str | None
) -> str:
    from tasks.corrections import correct
    from tasks.database import session

    journey_id = case_number(journey)
    try:
        model = step_spec(step).decision
        fields = parse_fields(options)
    except (UnknownStep, BadOptions) as error:
        raise Failure(str(error), BAD_INPUT) from None
    if model is None:
        raise Failure(
            f"{step} is done by ankommen itself: there is no decision to correct", REFUSED
        )
    with (
        said_plainly(bad=(InvalidDecision,), refused=(DecisionRefused, UnknownJourney)),
        session() as db,
    ):
        done = correct(
            session=db,
            journey_id=journey_id,
            step=step,
            fields=shape_fields(model, fields),
            reason=reason,
            actor=actor,
        )
    what = "; ".join(f"{k}: {old} → {new}" for k, (old, new) in done.changed.items())
    lines = [f"Corrected {step_spec(step).label} of {journey_id}: {what}."]
    lines += [f"Deadline moved: {moved}" for moved in done.moved]
    lines += [f"By hand: {note}" for note in done.by_hand]
    return "\n".join(lines)


def reopen_step(journey: str, step: str, reason: str, actor: str | None) -> str:
    journey_id = case_number(journey)
    with said_plainly(bad=(UnknownStep,), refused=(DecisionRefused, UnknownJourney)):
        reopened, woken = office.reopen(journey_id, step, reason=reason, actor=actor)
    was = ", ".join(f"{k} {v}" for k, v in reopened.was.items() if k != "advisor" and v)
    lines = [
        f"Reopened {step_spec(step).label} of {journey_id} (was: {was or 'done'}); {woken.value}."
    ]
    lines += [f"Waits again on it: {later}" for later in reopened.closed]
    lines += [f"Not needed until it is decided again: {later}" for later in reopened.left]
    lines += [f"Deadline moved: {moved}" for moved in reopened.moved]
    lines += [f"By hand: {note}" for note in reopened.by_hand]
    return "\n".join(lines)


def check_notifications() -> None:
    """A broken notification setup stops a runner at its start, with the reason."""
    from tasks.notifier import NotifyConfigBroken, office_notifier
    from tasks.settings import get_settings

    if get_settings().notifying:
        with said_plainly(bad=(NotifyConfigBroken,)):
            office_notifier()


def sweep_now(*, digest: bool) -> str:
    from tasks.delivery import deliver
    from tasks.notifier import NotifyConfigBroken, office_notifier
    from tasks.outbox import sweep
    from tasks.settings import get_settings

    with said_plainly(bad=(NotifyConfigBroken,), nothing="nothing sent"):
        notifier = office_notifier()
    added = sweep(get_settings().current_date(), digest=digest)
    outcomes = deliver(notifier)
    lines = [f"{added} new message(s); {len(outcomes)} sent or tried:"]
    lines += [
        f"  {o.status.value:7} {o.key}" + (f": {o.detail}" if o.detail else "") for o in outcomes
    ]
    return "\n".join(lines)


def tick_documents(
    journey: str, step: str, documents: list[str], on: str | None, actor: str | None
) -> str:
    from cli.options import day_given
    from tasks.checklists import UnknownDocument
    from tasks.settings import get_settings

    journey_id = case_number(journey)
    day = day_given(on) if on else get_settings().current_date()
    with said_plainly(
        bad=(UnknownStep, UnknownDocument), refused=(DecisionRefused, ActorRefused, UnknownJourney)
    ):
        label = step_spec(step).label
        ticked, woken = office.tick(journey_id, step, documents, day, actor=actor)
    lines = [f"Ticked {', '.join(ticked.ticked)} for {label} of {journey_id}."]
    if ticked.missing:
        lines.append(f"Still missing: {', '.join(ticked.missing)}.")
    elif ticked.completed and woken:
        lines.append(f"The checklist is complete: {label} is done; {woken.value}.")
    else:
        lines.append("The checklist is complete.")
    return "\n".join(lines)


def move_clock(
    journey: str,
    how: str,
    reason: str,
    on: str | None,
    until: str | None,
    actor: str | None,
) -> str:
    from cli.options import day_given
    from tasks.settings import get_settings

    journey_id = case_number(journey)
    fields: dict[str, object] = {"actor": actor}
    if how == "extend":
        if until is None:
            raise Failure("extend needs the new deadline: --until DATE", BAD_INPUT)
        fields |= {"until": day_given(until), "reason": reason}
    else:
        fields["on"] = day_given(on) if on else get_settings().current_date()
        if how == "pause":
            fields["reason"] = reason
    with said_plainly(refused=(DecisionRefused, ActorRefused, UnknownJourney)):
        moved, woken = office.move_clock(journey_id, how, **fields)
    return f"{journey_id} {moved.step}: {moved.said}; {woken.value}."


def erase_journey(journey: str, actor: str | None, ask: Callable[[str], bool] | None) -> str:
    """Erase after `ask` agreed (None: without asking)."""
    from tasks.database import session
    from tasks.erasure import ErasureRefused, erase, eraser
    from tasks.runs import PrefectBusy, PrefectUnreachable

    journey_id = case_number(journey)
    refused = (ErasureRefused, ActorRefused, UnknownJourney, PrefectUnreachable, PrefectBusy)
    with said_plainly(refused=refused, nothing="nothing erased"):
        with session() as db:
            who = eraser(session=db, journey_id=journey_id, actor=actor)
        question = (f"Erase the personal data of {journey_id} (name, birth date, e-mail, "
                    "employer, free text, messages) for good?")  # fmt: skip
        if ask is not None and not _agreed(ask, question):
            raise Failure("nothing erased: not confirmed", REFUSED)
        erased = erase(journey_id, by=who, source="cli", reason="on request (GDPR Art. 17)")
    ended = " It was still open and has ended." if erased.ended else ""
    return (f"Erased the personal data of {journey_id}, and its {erased.runs} run(s) in "
            f"Prefect.{ended} Its dates, outcomes and organisations stay for the "
            "reports.")  # fmt: skip


def _agreed(ask: Callable[[str], bool], question: str) -> bool:
    try:
        return ask(question)
    except (EOFError, typer.Abort):
        return False  # no answer (no terminal): no erasure
