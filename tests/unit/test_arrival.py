from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from models.arrival import Arrival, Purpose
from models.levels import GermanLevel
from models.validation import describe
from tests.utils.factories import arrival_data, make_arrival


def problems(**overrides: Any) -> list[str]:
    """The lines a coordinator reads for an arrival with these fields changed."""
    with pytest.raises(ValidationError) as caught:
        Arrival.model_validate(arrival_data(**overrides))
    return describe(caught.value)


def test_a_valid_arrival_is_read_with_types() -> None:
    arrival = make_arrival()
    assert arrival.nationality == "PL"
    assert arrival.purpose is Purpose.WORK
    assert arrival.german_level is GermanLevel.A2
    assert arrival.arrival_date == date(2026, 11, 16)
    assert arrival.children == []
    assert arrival.already_done == []
    assert arrival.occupation.key == "cook"


def test_optional_fields_may_be_left_out() -> None:
    data = arrival_data()
    for name in ("move_in_date", "birth_date", "employer", "email"):
        del data[name]
    arrival = Arrival.model_validate(data)
    assert arrival.move_in_date is None
    assert arrival.email is None


def test_surrounding_spaces_are_stripped() -> None:
    arrival = make_arrival(nationality=" PL ", name="  Katarzyna Nowak ")
    assert arrival.nationality == "PL"
    assert arrival.name == "Katarzyna Nowak"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"nationality": "XX"}, "nationality: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        # Codes are taken as written: lower case is refused, not corrected.
        ({"nationality": "pl"}, "nationality: 'pl' is not an ISO 3166-1 alpha-2 country code"),
        ({"nationality": "POL"}, "nationality: String should have at most 2 characters"),
        ({"qualification_country": "XX"}, "qualification_country: 'XX' is not an ISO 3166-1"),
        ({"profession": "x"}, "profession: String should have at least 2 characters"),
        ({"purpose": "holiday"}, "purpose: Input should be 'work', 'training', 'study'"),
        ({"german_level": "B3"}, "german_level: Input should be 'none', 'A1'"),
        ({"arrival_date": "2026-13-01"}, "arrival_date: Input should be a valid date"),
        ({"move_in_date": "16.11.2026"}, "move_in_date: Input should be a valid date"),
        ({"move_in_date": "2026-11-15"}, "move_in_date: lies before arrival_date"),
        ({"birth_date": "2026-11-16"}, "birth_date: must lie before arrival_date"),
        ({"birth_date": "2030-01-01"}, "birth_date: must lie before arrival_date"),
        ({"children": [4, -1]}, "children.1: Input should be greater than or equal to 0"),
        ({"children": [18]}, "children.0: Input should be less than or equal to 17"),
        ({"email": "katarzyna.nowak"}, "email: 'katarzyna.nowak' is not an e-mail address"),
        ({"email": "k n@example.org"}, "email: 'k n@example.org' is not an e-mail address"),
        ({"language": "english"}, "language: String should match pattern"),
        ({"language": "PL"}, "language: String should match pattern"),
        ({"name": "   "}, "name: String should have at least 1 character"),
        ({"hobby": "chess"}, "hobby: unknown field"),
        ({"already_done": ["anmeldung", "flat"]}, "already_done: unknown step(s) flat; steps are"),
    ],
)
def test_a_bad_field_is_named(overrides: dict[str, Any], expected: str) -> None:
    assert [line for line in problems(**overrides) if expected in line], problems(**overrides)


def test_a_profession_the_catalogue_does_not_know_is_taken_as_written() -> None:
    """A typo or a rare profession never blocks an arrival: a person routes it later."""
    arrival = make_arrival(profession="Zahnäztin")
    assert arrival.profession == "Zahnäztin" and arrival.occupation is None
    assert make_arrival(profession="Zahnärztin").occupation.key == "dentist"  # type: ignore[union-attr]


def test_a_missing_field_is_named() -> None:
    data = arrival_data()
    del data["arrival_date"]
    with pytest.raises(ValidationError) as caught:
        Arrival.model_validate(data)
    assert describe(caught.value) == ["arrival_date: required, missing"]


def test_several_bad_fields_are_all_named() -> None:
    lines = problems(
        nationality="XX",
        purpose="holiday",
        german_level="B3",
        language="english",
        email="nobody",
        children=[-1],
        hobby="chess",
    )
    named = {line.split(":")[0] for line in lines}
    assert named == {
        "nationality",
        "purpose",
        "german_level",
        "language",
        "email",
        "children.0",
        "hobby",
    }


@pytest.mark.parametrize(
    "overrides",
    [
        {"move_in_date": "2026-11-01", "birth_date": "2027-01-01"},
        {"move_in_date": "2026-11-01", "email": "nobody"},
    ],
    ids=["two-bad-dates", "bad-date-and-bad-email"],
)
def test_date_order_errors_are_named_with_the_others(overrides: dict[str, Any]) -> None:
    text = "\n".join(problems(**overrides))
    for name in overrides:
        assert name in text


def test_german_levels_are_read_in_any_case() -> None:
    assert make_arrival(german_level="b1").german_level is GermanLevel.B1
    assert make_arrival(german_level="None").german_level is GermanLevel.NONE
