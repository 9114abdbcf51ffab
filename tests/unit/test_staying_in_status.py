"""`ankommen status JOURNEY` says when the newcomer may stay for good (issue 11 §7): the
settlement permit (§18c AufenthG) from the titles the journey recorded, and naturalisation
(§10 StAG) from the arrival; today is 2027-03-01 (the `office` fixture)."""

import json
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from cli.main import main
from models.staying import HeldTitle, held_titles
from models.tables import Journey, Newcomer, StepStatus
from tests.utils.factories import add_journey, stored_step

S = StepStatus
ARRIVED = date(2027, 1, 4)


def _journey(
    db: Session, permit: dict[str, Any] | None, *, number: int = 1, **newcomer: Any
) -> str:
    """A journey with its Anmeldung done and its residence permit issued as `permit` (None:
    still waiting); `newcomer` changes the factory's Indian nurse with German B1."""
    residence = stored_step("residence_permit", S.WAITING, "auslaenderbehoerde-bochum")
    if permit is not None:
        residence.status, residence.outcome = S.DONE, {"advisor": "st-0001", **permit}
    journey_id = add_journey(
        db,
        number,
        [stored_step("anmeldung", S.DONE, "buergerbuero-bochum"), residence],
        launched_on=ARRIVED,
    )
    person = db.get(Newcomer, db.get(Journey, journey_id).newcomer_id)  # type: ignore[union-attr]
    for name, value in newcomer.items():
        setattr(person, name, value)
    db.commit()
    return journey_id


def _status(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["status", *args]) == 0
    return capsys.readouterr().out


def _staying(text: str) -> str:
    """The status's staying section, without the tables around it."""
    return text.split("\nstaying (", 1)[1].split("\n\n", 1)[0]


def test_a_skilled_workers_title_gives_the_settlement_permit_three_years_later(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    """§18c(1) AufenthG: 3 years holding a §18b title, counted from the day it was issued."""
    journey = _journey(office, {"title": "18b", "issued_on": "2027-01-31", "valid_until": None})
    staying = _staying(_status(capsys, journey))
    assert "settlement permit (Niederlassungserlaubnis): from 2030-01-31\n" in staying
    assert "  rule: 3 years holding a skilled worker's title (§18c(1) AufenthG)" in staying
    assert "36 months of pension contributions" in staying


def test_a_blue_card_with_b1_gives_the_settlement_permit_after_21_months(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    """§18c(2) AufenthG: 21 months with a Blue Card and German B1 (the newcomer's level)."""
    journey = _journey(office, {"title": "18g", "issued_on": "2027-02-15"}, german_level="B1")
    staying = _staying(_status(capsys, journey))
    assert "settlement permit (Niederlassungserlaubnis): from 2028-11-15\n" in staying
    assert "21 months of employment with a Blue Card and German B1" in staying
    assert "missing" not in staying


def test_an_eu_citizen_needs_no_settlement_permit(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _journey(office, None, nationality="PL")
    staying = _staying(_status(capsys, journey))
    assert "settlement permit (Niederlassungserlaubnis): not needed\n" in staying
    assert "no settlement permit needed" in staying and "§4a FreizügG/EU" in staying


def test_naturalisation_five_years_after_arrival_and_a_passed_day_says_so(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    """§10(1) StAG: 5 years from arrival; a newcomer who arrived in 2022 with B1 may apply."""
    journey = _journey(office, None)
    assert "naturalisation (Einbürgerung): from 2032-01-04\n" in _status(capsys, journey)
    long_ago = _journey(office, None, number=2, arrival_date=date(2022, 1, 4))
    assert "naturalisation (Einbürgerung): from 2027-01-04 (may apply now)" in _status(
        capsys, long_ago
    )


def test_before_a_title_is_recorded_the_status_says_what_is_missing(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    staying = _staying(_status(capsys, _journey(office, None, german_level="A2")))
    assert "settlement permit (Niederlassungserlaubnis): no date yet\n" in staying
    unwrapped = " ".join(staying.split())  # the section wraps at 120 columns
    title = "needs a skilled worker's title (§18a, §18b, §18d or §18g AufenthG); none recorded yet"
    assert title in unwrapped
    assert "missing: needs German B1 (§10(1) no. 6 StAG); today A2" in staying


def test_json_adds_both_days_to_the_journeys_summary(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = _journey(office, {"title": "18b", "issued_on": "2027-01-31"})
    found = json.loads(_status(capsys, journey, "--json"))
    assert found["journey"] == journey and found["state"] == "done"  # the summary stays
    assert found["staying"]["settlement"]["earliest"] == "2030-01-31"
    assert found["staying"]["settlement"]["needed"] is True
    assert found["staying"]["settlement"]["may_apply_now"] is False
    assert "§18c(1) AufenthG" in found["staying"]["settlement"]["rule"]
    assert found["staying"]["naturalisation"]["earliest"] == "2032-01-04"
    assert found["staying"]["naturalisation"]["missing"] == []
    assert "naturalisation test passed" in " ".join(found["staying"]["naturalisation"]["to_check"])


def test_held_titles_are_any_outcome_with_a_title_and_the_day_it_was_issued() -> None:
    """The residence history in one place: a later title or Fiktionsbescheinigung step counts
    as it is; other outcomes with `issued_on` (the course entitlement) do not."""
    outcomes = [
        {"advisor": "st-0001", "issued_on": "2027-02-01"},  # course entitlement: no title
        {"title": "18b", "issued_on": "2027-05-01", "valid_until": "2031-05-01"},
        None,  # a step not done
        {"title": "81", "issued_on": date(2027, 3, 1)},
    ]
    assert held_titles(outcomes) == [
        HeldTitle("81", date(2027, 3, 1)),
        HeldTitle("18b", date(2027, 5, 1)),
    ]
