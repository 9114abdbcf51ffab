"""The Prefect UI's resume form, bad input refused with nothing changed, and no personal data
anywhere Prefect keeps things."""

import json
import re
import urllib.error
from collections.abc import Iterator

import pytest

from tests.e2e.journeys import (
    ONCE,
    complete,
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


def resume_from_ui(stack: Stack, flow_run_id: str, run_input: dict) -> dict:
    """What the UI's Resume button sends."""
    return stack.api_call("POST", f"/flow_runs/{flow_run_id}/resume", {"run_input": run_input})


def form_description(stack: Stack, flow_run_id: str) -> str:
    inputs = stack.api_call(
        "POST",
        f"/flow_runs/{flow_run_id}/input/filter",
        {"prefix": "suspended-answer-", "limit": 100},
    )
    descriptions = [i for i in inputs if i["key"].endswith("-description")]
    return json.loads(max(descriptions, key=lambda i: i["created"])["value"])


def test_advisor_answers_in_the_prefect_ui_form(stack: Stack) -> None:
    journey_id, flow_run_id = launch(
        stack,
        write_arrival(
            stack.home,
            name="Form Person",
            birth_date="1991-03-03",
            nationality="PL",
            qualification_country="DE",
            arrival_date="2026-12-10",  # not here yet: one step open, the flat
            move_in_date=None,
        ),
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    assert "Accommodation" in form_description(stack, flow_run_id)
    assert "housing partner" in form_description(stack, flow_run_id)

    # The server checks the form: without an advisor, or without a required field of the
    # chosen step, it refuses, and the run stays suspended.
    refused = resume_from_ui(stack, flow_run_id, {"decision": {"step": "accommodation"}})
    assert refused["status"] == "REJECT" and "advisor" in refused["details"]["reason"]
    refused = resume_from_ui(
        stack, flow_run_id, {"advisor": "UI Advisor", "decision": {"step": "accommodation"}}
    )
    assert refused["status"] == "REJECT" and "move_in_date" in refused["details"]["reason"]
    assert run_state(stack, flow_run_id) == "PAUSED"

    resume_from_ui(
        stack,
        flow_run_id,
        {
            "advisor": "UI Advisor",
            "decision": {"step": "accommodation", "move_in_date": "2026-11-20"},
        },
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert query(
        stack, "select advisor, source from decision where journey_id = ?", journey_id
    ) == [("UI Advisor", "prefect-ui")]
    assert query(
        stack, "select due from journeystep where journey_id = ? and step = 'anmeldung'", journey_id
    ) == [("2026-12-04",)]

    # Accepted by the form, but the step's own rules refuse it: the next form says why.
    future = {"step": "landlord_confirmation", "received_on": "2027-01-01"}
    resume_from_ui(stack, flow_run_id, {"advisor": "UI Advisor", "decision": future})
    wait_for(
        lambda: "refused" in form_description(stack, flow_run_id).lower(),
        60,
        "the refusal on the next form",
    )
    assert "lies in the future" in form_description(stack, flow_run_id)
    assert statuses(stack, journey_id)["landlord_confirmation"] == "waiting"


def test_bad_input_is_refused_and_changes_nothing(stack: Stack) -> None:
    journeys_before = query(stack, "select count(*) from journey")
    bad = write_arrival(stack.home, nationality="XX", profession="G", email="nope")
    result = stack.ankommen("launch", str(bad))
    assert result.returncode == 2
    for field in ("nationality", "profession", "email"):
        assert field in result.stderr
    assert query(stack, "select count(*) from journey") == journeys_before

    journey_id, flow_run_id = launch(
        stack, write_arrival(stack.home, name="Bad Input", birth_date="1980-08-08")
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    decisions_before = query(stack, "select count(*) from decision")
    cases = [
        (["anmeldung", "--advisor", "X Y"], 1, "comes after landlord_confirmation at the visit"),
        (["recognition_decision", "--advisor", "X Y"], 1, "not open yet: it waits on"),
        (["residence_permit", "--advisor", "X Y"], 1, "not needed"),
        (["accommodation", "--advisor", "X Y"], 2, "move_in_date: required"),
        (["accommodation", "--advisor", "X Y", "--move-in-date", "soon"], 2, "move_in_date"),
        (["no_such_step", "--advisor", "X Y"], 2, "unknown step"),
        (["recognition_application", "--advisor", "X Y"], 1, "done by ankommen itself"),
    ]
    for args, code, message in cases:
        result = stack.ankommen("complete", journey_id, *args)
        assert (result.returncode, message in result.stderr) == (code, True), result.stderr
    result = stack.ankommen("complete", "WO-1999-0001", "accommodation", "--advisor", "X Y")
    assert result.returncode == 1 and "no journey" in result.stderr
    assert query(stack, "select count(*) from decision") == decisions_before


def test_prefect_never_sees_personal_data(stack: Stack) -> None:
    person = {
        "name": "Zuzanna Wiśniewska-Privat",
        "email": "zuzanna.privat@example.net",
        "birth_date": "1979-12-31",
        "employer": "Geheimbetrieb Privat GmbH",
    }
    advisor = "Anna Privatberaterin"  # advisors' names are personal data too
    journey_id, flow_run_id = launch(stack, write_arrival(stack.home, **person))
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    stack.ankommen(
        "complete",
        journey_id,
        "accommodation",
        "--advisor",
        advisor,
        "--move-in-date",
        "2026-11-12",
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")

    run = stack.flow_run(flow_run_id)
    assert run["name"] == journey_id and run["parameters"] == {"journey_id": journey_id}
    assert found_anywhere_of_prefect(stack, [*person.values(), advisor]) == []
    assert query(stack, "select name from newcomer where email = ?", person["email"]) == [
        (person["name"],)
    ]
    # The API agrees: no log line of the run names the person.
    try:
        logs = stack.api_call(
            "POST", "/logs/filter", {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200}
        )
    except urllib.error.HTTPError:
        logs = []
    assert logs and not any(person["name"] in log["message"] for log in logs)


def found_anywhere_of_prefect(stack: Stack, values: list[str]) -> list[str]:
    """Where Prefect keeps things (its database, result storage, the runners' and server's
    logs), each value found, with where."""
    places = [
        *(stack.home / "prefect").rglob("*"),
        *(stack.home / "results").rglob("*"),
        *stack.runner_logs,
        stack.home / "server.log",
    ]
    searched = {str(path): path.read_bytes() for path in places if path.is_file()}
    searched["Prefect's database"] = stack.prefect_database()
    assert searched["Prefect's database"]
    return [f"{v!r} in {where}" for where, data in searched.items() for v in values
            if v.encode() in data]  # fmt: skip


@ONCE
def test_erasure_leaves_nothing_of_the_person(stack: Stack) -> None:
    """`ankommen erase` on an open journey: afterwards neither our database, nor Prefect's,
    nor result storage, logs or the report page hold the name, e-mail or birth date. (On the
    embedded default, the scorecard's short version in CI erases and searches too:
    tests/e2e/test_reliability_scorecard.py.)"""
    person = {"name": "Ewa Löschung-Erasmus", "email": "ewa.loeschung@example.net",
              "birth_date": "1983-07-29"}  # fmt: skip
    journey_id, flow_run_id = launch(stack, write_arrival(stack.home, **person))
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    complete(stack, journey_id, "accommodation", "--move-in-date", "2026-11-12")
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert stack.ankommen("report").returncode == 0
    assert person["name"].encode() in stack.our_database()  # what the search would find

    result = stack.ankommen("erase", journey_id.lower(), "--yes", "--as", "Clara Koordinatorin")

    assert result.returncode == 0, result.stderr
    assert "It was still open and has ended." in result.stdout
    assert stack.ankommen("report").returncode == 0
    values = list(person.values())
    assert found_anywhere_of_prefect(stack, values) == []
    ours = stack.our_database()
    assert [v for v in values if v.encode() in ours] == []
    page = (stack.home / "report.html").read_text()
    assert [v for v in values if v in page] == []
    named = stack.api_call(
        "POST", "/flow_runs/filter", {"flow_runs": {"name": {"any_": [journey_id]}}}
    )
    assert named == []
    shown = stack.ankommen("history", journey_id).stdout
    assert "erased" in shown and "Clara Koordinatorin" in shown


@ONCE
def test_status_shows_where_everyone_stands(stack: Stack) -> None:
    journey_id, flow_run_id = launch(
        stack,
        write_arrival(
            stack.home,
            name="Status Person",
            birth_date="1970-07-07",
            move_in_date="2026-11-10",
            arrival_date="2026-11-01",
        ),
    )
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    complete(stack, journey_id, "accommodation", "--move-in-date", "2026-11-10")
    wait_step(stack, journey_id, "landlord_confirmation", "waiting")
    complete(stack, journey_id, "landlord_confirmation")
    wait_suspended_with(stack, journey_id, flow_run_id, "anmeldung")
    table = stack.ankommen("status").stdout
    row = next(line for line in table.splitlines() if line.startswith(journey_id))
    assert "Status Person" in row and "Anmeldung (Bürgerbüro Bochum)" in row
    assert "overdue" in row and "2026-11-24 2 d late" in row
    detail = stack.ankommen("status", journey_id.lower()).stdout
    assert "OVERDUE: Anmeldung" in detail and "decided" in detail and "by A. Berater" in detail
    assert " CET" in detail  # times in Europe/Berlin, with the zone
    page = json.loads(stack.ankommen("status", "--json").stdout)
    mine = next(j for j in page["journeys"] if j["journey"] == journey_id)
    assert mine["waiting"][0] == {"step": "anmeldung", "organisation": "buergerbuero-bochum"}
    assert mine["overdue"] == ["anmeldung"]
    assert stack.lane != "sqlite" or (stack.home / "ankommen.db").exists()


@pytest.fixture
def advisors(stack: Stack) -> Iterator[dict[str, str]]:
    """The office with a coordinator and two advisors, by name: staff id (for this test only:
    the other tests act under names, as an office without advisors does)."""
    added = {}
    for name, org, extra in [
        ("Clara Koordinatorin", "welcome-office-bochum", ["--coordinator"]),
        ("Hans Wohnungsgeber", "housing-partner", ["--as", "st-0001"]),
        ("Berta Buergeramt", "buergerbuero-bochum", ["--as", "st-0001"]),
    ]:
        result = stack.ankommen("advisor", "add", name, "--org", org, *extra)
        assert result.returncode == 0, result.stderr
        added[name] = re.search(r"(st-\d{4})", result.stdout).group(1)  # type: ignore[union-attr]
    yield added
    query(stack, "delete from advisor")


@ONCE
def test_the_prefect_form_takes_staff_ids_and_refuses_the_wrong_advisor(
    stack: Stack, advisors: dict[str, str]
) -> None:
    arrival = write_arrival(stack.home, name="Form Identity", qualification_country="DE")
    result = stack.ankommen("launch", str(arrival), "--as", advisors["Clara Koordinatorin"])
    assert result.returncode == 0, result.stderr
    journey_id = re.search(r"(WO-\d{4}-\d{4})", result.stdout).group(1)  # type: ignore[union-attr]
    ((flow_run_id,),) = query(stack, "select flow_run_id from journey where id = ?", journey_id)
    wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    decision = {"step": "accommodation", "move_in_date": "2026-11-20"}

    # A name never reaches Prefect: the server refuses it against the form's schema.
    refused = resume_from_ui(
        stack, flow_run_id, {"advisor": "Hans Wohnungsgeber", "decision": decision}
    )
    assert refused["status"] == "REJECT" and "does not match" in refused["details"]["reason"]

    # A staff id the form accepts but the office does not: the next form says why.
    for who, why in [
        ("st-0099", "unknown advisor 'st-0099'"),
        (advisors["Berta Buergeramt"], "acts for buergerbuero-bochum, not for housing-partner"),
    ]:
        resume_from_ui(stack, flow_run_id, {"advisor": who, "decision": decision})
        wait_for(
            lambda why=why: why in form_description(stack, flow_run_id), 60, f"the form on {who}"
        )
        wait_suspended_with(stack, journey_id, flow_run_id, "accommodation")
    assert query(stack, "select count(*) from decision where journey_id = ?", journey_id) == [(0,)]

    hans = advisors["Hans Wohnungsgeber"]
    resume_from_ui(stack, flow_run_id, {"advisor": hans, "decision": decision})
    wait_suspended_with(stack, journey_id, flow_run_id, "landlord_confirmation")
    assert query(
        stack, "select advisor, source from decision where journey_id = ?", journey_id
    ) == [(hans, "prefect-ui")]
    inputs = stack.api_call(
        "POST", f"/flow_runs/{flow_run_id}/input/filter", {"prefix": "suspended-", "limit": 100}
    )
    assert not any(name in i["value"] for i in inputs for name in advisors)
