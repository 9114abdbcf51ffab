import json
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from cli.options import BadOptions, parse_fields
from deployments.environment import embedded_defaults
from tests.utils.factories import arrival_data


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Everything `main` would set up lands in tmp_path, and the environment is restored."""
    home = tmp_path / "home"
    for name, value in embedded_defaults(home).items():
        monkeypatch.setenv(name, value)
    return home


def write(tmp_path: Path, content: Any, name: str = "arrival.json") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_plan_prints_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(write(tmp_path, arrival_data()))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("housing\n")
    assert "registration" in out
    assert "* Anmeldung" in out  # labels in tables, ids in --json
    assert "2026-12-01" in out
    assert "- Residence permit" in out
    assert "EU/EEA/Swiss citizen: free movement, no residence title" in out


def test_a_typo_in_the_profession_plans_a_coordinator_s_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(write(tmp_path, arrival_data(profession="Zahnäztin")))]) == 0
    lines = capsys.readouterr().out.splitlines()
    (chosen,) = [line for line in lines if "* Competent body" in line]
    assert "Welcome Office Bochum" in chosen and "it may be Zahnärztin/Zahnarzt (dentist)" in chosen
    (application,) = [line for line in lines if "* Recognition application" in line]
    assert "decided at Competent body" in application


def test_plan_json_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(write(tmp_path, arrival_data())), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert [stage["stage"] for stage in plan["stages"]][:2] == ["housing", "registration"]
    (anmeldung,) = [s for s in plan["stages"][1]["steps"] if s["step"] == "anmeldung"]
    assert anmeldung["deadline"] == "2026-12-01"


def test_plan_sets_up_home_only_where_told(home: Path, tmp_path: Path) -> None:
    assert main(["plan", str(write(tmp_path, arrival_data()))]) == 0
    assert (home / "prefect").is_dir()


def test_plan_refuses_a_file_that_is_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, '{"name": "Katarzyna",', name="broken.json")
    assert main(["plan", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"ankommen: {path} is not JSON" in captured.err


def test_plan_refuses_json_that_is_not_one_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, [arrival_data()])
    assert main(["plan", str(path)]) == 2
    assert f"{path} must hold one JSON object" in capsys.readouterr().err


def test_plan_names_each_bad_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, arrival_data(nationality="XX", profession="Z", language="english"))
    assert main(["plan", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path} is not a valid arrival; nothing was stored" in captured.err
    for line in (
        "  nationality: 'XX' is not an ISO 3166-1 alpha-2 country code",
        "  profession: String should have at least 2 characters",
        "  language: String should match pattern",
    ):
        assert line in captured.err


def test_plan_refuses_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nobody.json"
    assert main(["plan", str(path)]) == 2
    assert f"cannot read {path}: No such file or directory" in capsys.readouterr().err


def test_plan_refuses_unknown_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(write(tmp_path, arrival_data())), "--yaml"]) == 2
    assert "No such option: --yaml" in capsys.readouterr().err


def test_options_become_decision_fields() -> None:
    tokens = ["--registered-on", "2027-01-10", "--gaps", "a", "--gaps", "b", "--temporary"]
    assert parse_fields(tokens) == {
        "registered_on": "2027-01-10",
        "gaps": ["a", "b"],
        "temporary": True,
    }


def test_a_flag_followed_by_an_option_is_true() -> None:
    assert parse_fields(["--temporary", "--move-in-date", "2027-02-01"]) == {
        "temporary": True,
        "move_in_date": "2027-02-01",
    }


def test_no_options_no_fields() -> None:
    assert parse_fields([]) == {}


@pytest.mark.parametrize(
    "tokens", [["2027-01-10"], ["--registered-on", "2027-01-10", "2027-01-11"], ["--"]]
)
def test_a_bare_value_is_refused(tokens: list[str]) -> None:
    with pytest.raises(BadOptions, match="expected an option like --registered-on"):
        parse_fields(tokens)
