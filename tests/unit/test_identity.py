"""Who acts, for whom: advisors as records; an advisor acts on their organisation's steps
only, a coordinator on all; decisions carry staff ids, not names."""

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.tables import Decision, StepStatus
from tests.utils.factories import add_journey, arrival_data, stored_step


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _set_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "advisor", "add", "Anna Koordinatorin", "--org",
                "welcome-office-bochum", "--coordinator")[0] == 0  # fmt: skip
    assert _run(capsys, "advisor", "add", "Bernd Bürger", "--org", "buergerbuero-bochum",
                "--as", "st-0001")[0] == 0  # fmt: skip
    assert _run(capsys, "advisor", "add", "Clara Amt", "--org", "auslaenderbehoerde-bochum",
                "--as", "Anna Koordinatorin")[0] == 0  # fmt: skip


def test_the_office_is_set_up_by_a_first_coordinator(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "No advisors yet" in _run(capsys, "advisor", "list")[1]
    code, _, err = _run(capsys, "advisor", "add", "Bernd", "--org", "buergerbuero-bochum")
    assert code == 1 and "add a coordinator first" in err
    _set_up(capsys)
    listed = _run(capsys, "advisor", "list")[1]
    assert "st-0001" in listed and "coordinator" in listed and "st-0003" in listed
    code, _, err = _run(capsys, "advisor", "add", "Dora", "--org", "bamf")
    assert code == 1 and "say who acts: --as STAFF-ID" in err
    code, _, err = _run(capsys, "advisor", "add", "Dora", "--org", "bamf", "--as", "st-0002")
    assert code == 1 and "st-0002 is not a coordinator" in err
    code, _, err = _run(capsys, "advisor", "add", "Dora", "--org", "rathaus", "--as", "st-0001")
    assert code == 2 and "unknown organisation 'rathaus'" in err


def test_an_advisor_completes_only_their_organisations_steps_under_a_staff_id(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_up(capsys)
    journey = add_journey(
        office,
        1,
        [stored_step("anmeldung", StepStatus.WAITING, "buergerbuero-bochum")],
        launched_on=date(2027, 2, 1),
    )
    code, _, err = _run(capsys, "complete", journey, "anmeldung", "--as", "st-0003")
    assert code == 1 and "st-0003 acts for auslaenderbehoerde-bochum, not for buergerbuero" in err
    code, _, err = _run(capsys, "complete", journey, "anmeldung", "--as", "nobody")
    assert code == 1 and "unknown advisor 'nobody'" in err
    assert office.exec(select(Decision)).all() == []
    code, out, _ = _run(capsys, "complete", journey, "anmeldung", "--as", "Bernd Bürger")
    assert code == 0 and "by st-0002" in out
    stored = office.exec(select(Decision)).one()
    assert stored.advisor == "st-0002" and stored.payload["advisor"] == "st-0002"
    assert "Bernd" not in json.dumps(stored.payload)


def test_launching_is_a_coordinators_work(
    office: Session,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set_up(capsys)
    arrival = tmp_path / "arrival.json"
    arrival.write_text(json.dumps(arrival_data()))
    code, _, err = _run(capsys, "launch", str(arrival), "--as", "st-0002")
    assert code == 1 and "not a coordinator" in err
    monkeypatch.setenv("ANKOMMEN_ACTOR", "st-0001")
    code, out, err = _run(capsys, "launch", str(arrival))
    assert code == 0, err


def test_the_history_says_who_did_what_and_from_where(
    office: Session,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _set_up(capsys)
    arrival = tmp_path / "arrival.json"
    arrival.write_text(json.dumps(arrival_data()))
    code, out, _ = _run(capsys, "launch", str(arrival), "--as", "st-0001")
    journey = out.split()[2].rstrip(";")
    assert _run(capsys, "claim", journey, "accommodation", "--as", "st-0001")[0] == 0
    code, out, _ = _run(capsys, "history", journey, "--json")
    events = [(e["event"], e["actor"], e["source"]) for e in json.loads(out)]
    assert ("launched", "st-0001", "cli") in events and ("claimed", "st-0001", "cli") in events
    text = _run(capsys, "history", journey.lower())[1]
    assert "launched" in text and "st-0001" in text and "Katarzyna" not in text
    assert _run(capsys, "history", "WO-1999-0001")[0] == 1
