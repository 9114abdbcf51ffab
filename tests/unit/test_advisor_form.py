"""The resume form as the Prefect UI renders it (checked in a browser): one tab per open step
with only its own fields, the step a one-value choice, required fields required, optional
dates without "X | None" toggles; and the answers the CLI wakes a journey with fit it."""

from datetime import date
from typing import Any

import pytest
from prefect.utilities.schema_tools import ValidationError, validate

from tasks.advisor_form import FormStep, advisor_form, read_answer, retry_input, wake_input

TODAY = date(2026, 11, 26)
CHOICES = [
    FormStep("accommodation", "housing-partner", None, False),
    FormStep("residence_permit", "auslaenderbehoerde-bochum", date(2027, 1, 1), False),
    FormStep("recognition_application", "zab", None, True),
]


def schema(staff_ids: bool = False) -> dict[str, Any]:
    return advisor_form(CHOICES, "", "desc", TODAY, staff_ids=staff_ids).model_json_schema()


def variant(name: str) -> dict[str, Any]:
    found = schema()["$defs"]
    return next(
        v for v in found.values() if v.get("properties", {}).get("step", {}).get("enum") == [name]
    )


def test_each_open_step_is_a_tab_of_its_own() -> None:
    decision = schema()["properties"]["decision"]
    assert "oneOf" not in decision and len(decision["anyOf"]) == 3  # oneOf tabs snap back
    assert variant("accommodation")["title"] == "Accommodation"
    assert variant("retry:recognition_application")["title"] == "Run again: Recognition application"
    assert "due 2027-01-01" in variant("residence_permit")["description"]


def test_required_fields_are_required_and_optional_ones_have_no_none_toggle() -> None:
    permit = variant("residence_permit")
    assert permit["required"] == ["step", "title"]
    assert permit["properties"]["valid_until"] == {
        "format": "date",
        "title": "Valid until",
        "type": "string",
    }
    assert permit["properties"]["issued_on"]["default"] == "2026-11-26"  # happened: today
    assert schema()["required"] == ["advisor", "decision"]


def test_the_answers_the_cli_wakes_with_fit_the_form() -> None:
    payload = {"advisor": "ABH", "title": "18b", "issued_on": "2026-11-20", "valid_until": None}
    woken = wake_input(step="residence_permit", payload=payload, decision_id=7)
    assert "ABH" not in str(woken)  # advisors' names stay in our database
    for staff_ids in (False, True):
        validate(woken, schema(staff_ids), raise_on_error=True)
        validate(
            retry_input(step="recognition_application"), schema(staff_ids), raise_on_error=True
        )
    answer = read_answer(woken)
    assert (answer.step, answer.decision_id, answer.retry, answer.woken) == (
        "residence_permit", 7, False, True
    )  # fmt: skip
    assert read_answer(retry_input(step="recognition_application")).woken
    typed = {"advisor": "st-0000", "decision": {"step": "accommodation"}}
    assert not read_answer(typed).woken  # someone typing the software's id decides nothing


def test_the_server_refuses_an_answer_missing_a_required_field() -> None:
    with pytest.raises(ValidationError):
        validate(
            {"advisor": "A B", "decision": {"step": "accommodation"}}, schema(), raise_on_error=True
        )


def test_once_the_office_has_advisors_the_form_takes_staff_ids_not_names() -> None:
    answer = {"decision": {"step": "accommodation", "move_in_date": "2026-11-20"}}
    validate({**answer, "advisor": "Anna Schmidt"}, schema(staff_ids=False), raise_on_error=True)
    validate({**answer, "advisor": "st-0003"}, schema(staff_ids=True), raise_on_error=True)
    with pytest.raises(ValidationError, match="does not match"):
        validate({**answer, "advisor": "Anna Schmidt"}, schema(staff_ids=True), raise_on_error=True)
