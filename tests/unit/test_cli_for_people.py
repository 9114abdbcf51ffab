"""The command line fits a person: German dates, help with each step's fields, a profession
list that the unknown-profession message points to, quiet when piped into `head`."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli.main import main
from cli.options import field_help, shape_fields
from models.dates import iso_date
from models.decisions import RecognitionDecided, ResidencePermitIssued
from tasks.settings import office_time

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("01.12.2026", "2026-12-01"), ("1.2.2027", "2027-02-01"), ("2026-12-01", "2026-12-01")],
)
def test_dates_are_taken_as_germans_and_iso_write_them(typed: str, expected: str) -> None:
    assert iso_date(typed) == expected
    shaped = shape_fields(ResidencePermitIssued, {"issued_on": typed, "title": "18b"})
    assert shaped["issued_on"] == expected


def test_a_list_field_given_once_is_a_list() -> None:
    shaped = shape_fields(RecognitionDecided, {"gaps": "Pharmakologie", "decided_on": "2.1.2027"})
    assert shaped == {"gaps": ["Pharmakologie"], "decided_on": "2027-01-02"}


def test_help_lists_each_field_with_its_values_and_whether_it_is_required() -> None:
    lines = field_help(ResidencePermitIssued)
    assert any(
        line.startswith("--title 18a|18b|18g|16a|16b|20|20a|81  (required)") for line in lines
    )
    assert any(line.startswith("--issued-on DATE") and "(default: today)" in line for line in lines)
    assert any(line.startswith("--valid-until DATE") and "(optional)" in line for line in lines)


def test_complete_help_shows_the_steps_and_their_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["complete", "--help"]) == 0
    out = capsys.readouterr().out
    assert "recognition_decision" in out and "--outcome full|partial|refused  (required)" in out


def test_times_are_shown_in_berlin_with_the_zone() -> None:
    assert office_time(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "2026-07-01 12:00 CEST"
    assert office_time(datetime(2026, 12, 1, 10, 0)) == "2026-12-01 11:00 CET"  # naive = UTC


@pytest.mark.parametrize("reader", ["head -1", "true"])  # `true` reads nothing at all
def test_output_piped_into_head_ends_quietly(reader: str) -> None:
    piped = subprocess.run(
        f"{sys.executable} -m cli.main professions | {reader}",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.stderr == ""


def test_professions_searches_the_catalogue_by_spelling_or_part(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["professions", "Krankenschwestern"]) == 0  # a plural names the nurse
    rows = capsys.readouterr().out.splitlines()[2:]
    assert len(rows) == 1 and rows[0].startswith("Pflegefachfrau/Pflegefachmann")
    assert main(["professions", "pfleg"]) == 0  # part of a spelling: every care profession
    out = capsys.readouterr().out
    assert "Altenpflegerin/Altenpfleger" in out and "Pflegefachfrau/Pflegefachmann" in out
    assert main(["professions", "Glasbläserin"]) == 0
    assert "matches 'Glasbläserin'; close: Glaserin/Glaser (glazier)" in capsys.readouterr().out
