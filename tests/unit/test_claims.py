"""Taking on steps: claim, release, reassign; of two claims at once exactly one wins."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.tables import JourneyStep, StepStatus
from tests.utils.factories import add_journey, stored_step

ROOT = Path(__file__).resolve().parents[2]
BB = "buergerbuero-bochum"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _office(db: Session, capsys: pytest.CaptureFixture[str]) -> str:
    for args in (
        ["Anna", "--org", "welcome-office-bochum", "--coordinator"],
        ["Bernd", "--org", BB, "--as", "st-0001"],
        ["Berta", "--org", BB, "--as", "st-0001"],
        ["Clara", "--org", "auslaenderbehoerde-bochum", "--as", "st-0001"],
    ):
        assert _run(capsys, "advisor", "add", *args)[0] == 0
    return add_journey(
        db,
        1,
        [stored_step("anmeldung", StepStatus.WAITING, BB, opened_on=date(2027, 2, 20))],
        launched_on=date(2027, 2, 1),
    )


def test_claim_release_and_the_work_list(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _office(office, capsys)
    assert _run(capsys, "claim", journey, "anmeldung", "--as", "st-0002")[1].endswith(
        "claimed by st-0002.\n"
    )
    code, _, err = _run(capsys, "claim", journey, "anmeldung", "--as", "st-0003")
    assert code == 1 and "is claimed by st-0002" in err
    code, _, err = _run(capsys, "claim", journey, "anmeldung", "--as", "st-0004")
    assert code == 1 and "acts for auslaenderbehoerde-bochum" in err
    out = _run(capsys, "tasks", "--org", BB, "--mine", "--as", "Bernd")[1]
    assert journey in out and "st-0002" in out
    assert journey not in _run(capsys, "tasks", "--org", BB, "--unclaimed")[1]
    code, _, err = _run(capsys, "release", journey, "anmeldung", "--as", "st-0003")
    assert code == 1 and "not by you" in err
    assert _run(capsys, "release", journey, "anmeldung", "--as", "st-0002")[0] == 0
    assert journey in _run(capsys, "tasks", "--org", BB, "--unclaimed")[1]


def test_a_coordinator_reassigns_with_a_reason(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _office(office, capsys)
    code, _, err = _run(
        capsys, "reassign", journey, "anmeldung", "--to", "st-0003", "--reason", "ill", "--as",
        "st-0002",
    )  # fmt: skip
    assert code == 1 and "not a coordinator" in err
    code, out, _ = _run(
        capsys, "reassign", journey, "anmeldung", "--to-org", "auslaenderbehoerde-bochum",
        "--reason", "registration done there for refugees", "--as", "st-0001",
    )  # fmt: skip
    assert code == 0 and "reassigned to auslaenderbehoerde-bochum" in out
    step = office.exec(select(JourneyStep)).one()
    office.refresh(step)
    assert step.organisation == "auslaenderbehoerde-bochum" and step.claimed_by is None


def test_two_processes_claim_at_once_and_exactly_one_wins(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _office(office, capsys)
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    claims = [
        subprocess.Popen(
            [sys.executable, "-m", "cli.main", "claim", journey, "anmeldung", "--as", who],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("st-0002", "st-0003")
    ]
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in claims]  # type: ignore[union-attr]
    assert sorted(code for code, _, _ in results) == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert "is claimed by st-000" in loser
