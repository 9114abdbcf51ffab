import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models.arrival import Arrival
from models.plan import make_plan
from tests.utils.factories import make_arrival

EXAMPLES = sorted((Path(__file__).parents[2] / "examples" / "arrivals").glob("*.json"))


def plan_json(**overrides: Any) -> dict[str, Any]:
    return make_plan(make_arrival(**overrides)).as_json()


def steps(**overrides: Any) -> dict[str, dict[str, Any]]:
    """The planned steps by name, as `ankommen plan --json` shows them."""
    return {
        step["step"]: step for stage in plan_json(**overrides)["stages"] for step in stage["steps"]
    }


def stages(**overrides: Any) -> dict[str, dict[str, Any]]:
    return {stage["stage"]: stage for stage in plan_json(**overrides)["stages"]}


THIRD_COUNTRY_DENTIST = {
    "name": "María Fernanda González",
    "nationality": "VE",
    "profession": "Zahnärztin",
    "qualification_country": "VE",
    "german_level": "B2",
}


def test_json_shape_is_stable() -> None:
    plan = plan_json()
    assert list(plan) == ["stages", "ready_steps", "course_days"]
    assert [stage["stage"] for stage in plan["stages"]] == [
        "housing",
        "registration",
        "recognition",
        "language_course",
        "social_integration",
    ]
    for stage in plan["stages"]:
        assert list(stage) == ["stage", "required", "steps"]
        for step in stage["steps"]:
            assert list(step) == [
                "step", "organisation", "required", "depends_on", "deadline", "documents"
            ]  # fmt: skip
    json.dumps(plan)  # only JSON types


def test_each_stage_holds_its_steps_in_order() -> None:
    assert {name: [s["step"] for s in stage["steps"]] for name, stage in stages().items()} == {
        "housing": ["accommodation", "landlord_confirmation"],
        "registration": [
            "fast_track_agreement",
            "employment_approval",
            "pre_approval",
            "visa",
            "anmeldung",
            "residence_permit",
            "residence_card",
        ],
        "recognition": [
            "competent_body",
            "recognition_application",
            "recognition_posted",
            "recognition_documents",
            "recognition_decision",
            "interim_licence",
            "kenntnispruefung",
            "kenntnispruefung_retake",
            "anpassungslehrgang",
            "recognition_final",
        ],
        "language_course": ["course_entitlement", "course_booking"],
        "social_integration": ["childcare", "school_enrolment", "mentoring"],
    }


def test_polish_cook_plan_in_full() -> None:
    assert steps() == {
        "accommodation": {
            "step": "accommodation",
            "organisation": "housing-partner",
            "required": True,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "landlord_confirmation": {
            "step": "landlord_confirmation",
            "organisation": "housing-partner",
            "required": True,
            "depends_on": ["accommodation"],
            "deadline": None,
            "documents": [],
        },
        "fast_track_agreement": {
            "step": "fast_track_agreement",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "employment_approval": {
            "step": "employment_approval",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "pre_approval": {
            "step": "pre_approval",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "visa": {
            "step": "visa",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "anmeldung": {
            "step": "anmeldung",
            "organisation": "buergerbuero-bochum",
            "required": True,
            "depends_on": ["landlord_confirmation"],
            "deadline": "2026-12-01",
            "documents": ["passport", "landlord_confirmation"],
        },
        "residence_permit": {
            "step": "residence_permit",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "residence_card": {
            "step": "residence_card",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "competent_body": {
            "step": "competent_body",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "recognition_application": {
            "step": "recognition_application",
            "organisation": "ihk-fosa",
            "required": True,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "recognition_posted": {
            "step": "recognition_posted",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "recognition_documents": {
            "step": "recognition_documents",
            "organisation": "ihk-fosa",
            "required": True,
            "depends_on": ["recognition_application"],
            "deadline": None,
            "documents": [
                "passport",
                "certificates",
                "transcripts",
                "work_experience",
                "translations",
            ],
        },
        "recognition_decision": {
            "step": "recognition_decision",
            "organisation": "ihk-fosa",
            "required": True,
            "depends_on": ["recognition_documents"],
            "deadline": None,
            "documents": [],
        },
        "interim_licence": {
            "step": "interim_licence",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "kenntnispruefung": {
            "step": "kenntnispruefung",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "kenntnispruefung_retake": {
            "step": "kenntnispruefung_retake",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "anpassungslehrgang": {
            "step": "anpassungslehrgang",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "recognition_final": {
            "step": "recognition_final",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "course_entitlement": {
            "step": "course_entitlement",
            "organisation": "bamf",
            "required": True,
            "depends_on": ["anmeldung"],
            "deadline": None,
            "documents": [],
        },
        "course_booking": {
            "step": "course_booking",
            "organisation": "bamf",
            "required": True,
            "depends_on": ["course_entitlement"],
            "deadline": None,
            "documents": [],
        },
        "childcare": {
            "step": "childcare",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "school_enrolment": {
            "step": "school_enrolment",
            "organisation": None,
            "required": False,
            "depends_on": [],
            "deadline": None,
            "documents": [],
        },
        "mentoring": {
            "step": "mentoring",
            "organisation": "integration-partner",
            "required": True,
            "depends_on": ["anmeldung"],
            "deadline": None,
            "documents": [],
        },
    }


@pytest.mark.parametrize("nationality", ["PL", "CH", "NO", "LI"])
def test_free_movement_needs_no_residence_permit(nationality: str) -> None:
    permit = steps(nationality=nationality)["residence_permit"]
    assert permit["required"] is False
    assert permit["organisation"] is None


@pytest.mark.parametrize("nationality", ["VE", "IN", "VN", "GB", "TR"])
def test_third_country_nationals_need_a_residence_permit(nationality: str) -> None:
    permit = steps(nationality=nationality)["residence_permit"]
    assert permit["required"] is True
    assert permit["organisation"] == "auslaenderbehoerde-bochum"
    assert permit["depends_on"] == ["anmeldung", "employment_approval"]
    approval = steps(nationality=nationality)["employment_approval"]
    assert approval["organisation"] == "agentur-arbeit-bochum" and approval["depends_on"] == []
    card = steps(nationality=nationality)["residence_card"]
    assert card["required"] and card["depends_on"] == ["residence_permit"]


@pytest.mark.parametrize(
    ("profession", "body"),
    [
        ("Zahnärztin", "bezreg-muenster"),
        ("Physiotherapeut", "bezreg-muenster"),
        ("Köchin", "ihk-fosa"),
        ("Elektroniker", "hwk-dortmund"),
        ("software developer", "zab"),
    ],
)
def test_recognition_goes_to_the_competent_body(profession: str, body: str) -> None:
    planned = steps(profession=profession)
    assert planned["competent_body"]["required"] is False
    for name in RECOGNISED:
        assert planned[name]["organisation"] == body and planned[name]["required"], name


RECOGNISED = ("recognition_application", "recognition_documents", "recognition_decision")


@pytest.mark.parametrize("profession", ["Zahnäztin", "Tierärztin", "Koch/Bäcker", "Glasbläser"])
def test_a_profession_not_known_for_certain_gets_a_body_chosen_by_a_coordinator(
    profession: str,
) -> None:
    """Never guess a competent body: a coordinator picks it, and the recognition waits."""
    planned = steps(profession=profession)
    assert planned["competent_body"] == {
        "step": "competent_body",
        "organisation": "welcome-office-bochum",
        "required": True,
        "depends_on": [],
        "deadline": None,
        "documents": [],
    }
    assert planned["recognition_application"]["depends_on"] == ["competent_body"]
    assert [planned[name]["organisation"] for name in RECOGNISED] == [None] * 3
    assert all(planned[name]["required"] for name in RECOGNISED)


def test_the_coordinator_reads_what_the_profession_may_be() -> None:
    (why,) = [
        step.why
        for step in make_plan(make_arrival(profession="Zahnäztin")).steps()
        if step.step == "competent_body"
    ]
    assert why.startswith(
        "'Zahnäztin' is not in the catalogue for certain; it may be Zahnärztin/Zahnarzt (dentist)"
    )


def test_a_profession_not_known_counts_as_licensed_until_the_body_is_chosen() -> None:
    assert "recognition_decision" in plan_json(profession="Tierärztin")["ready_steps"]


@pytest.mark.parametrize("purpose", ["training", "study", "job_search"])
def test_an_unknown_profession_needs_no_catalogue_when_nothing_is_recognised(purpose: str) -> None:
    """A trainee's profession is the German training they start: nothing to match."""
    recognition = stages(profession="Auszubildende Pflegefachfrau (Ausbildung in DE)",
                         purpose=purpose)["recognition"]  # fmt: skip
    assert recognition["required"] is False


@pytest.mark.parametrize(
    "overrides",
    [
        {"qualification_country": "DE"},
        {"purpose": "training"},
        {"purpose": "study"},
        {"purpose": "job_search"},
    ],
    ids=["qualified-in-germany", "training", "study", "job-search"],
)
def test_nothing_to_recognise(overrides: dict[str, str]) -> None:
    recognition = stages(**overrides)["recognition"]
    assert recognition["required"] is False
    assert not any(step["required"] for step in recognition["steps"])
    assert all(step["organisation"] is None for step in recognition["steps"])


def test_anmeldung_is_due_two_weeks_after_moving_in() -> None:
    assert steps(move_in_date="2026-11-17")["anmeldung"]["deadline"] == "2026-12-01"
    assert (
        steps(arrival_date="2026-12-20", move_in_date="2026-12-28")["anmeldung"]["deadline"]
        == "2027-01-11"
    )


def test_anmeldung_has_no_deadline_before_a_move_in_date_is_known() -> None:
    assert steps(move_in_date=None)["anmeldung"]["deadline"] is None


def test_steps_done_before_the_journey_are_not_required_and_are_bridged() -> None:
    graduate = steps(
        **THIRD_COUNTRY_DENTIST,
        already_done=["accommodation", "landlord_confirmation", "anmeldung"],
    )
    for name in ("accommodation", "landlord_confirmation", "anmeldung"):
        assert graduate[name]["required"] is False
    assert graduate["anmeldung"]["deadline"] is None
    assert graduate["residence_permit"]["required"] is True
    # a dentist from abroad (§18b): the Agentur für Arbeit approves first (§39 AufenthG)
    assert graduate["residence_permit"]["depends_on"] == ["employment_approval"]
    assert graduate["mentoring"]["depends_on"] == []


def test_eu_citizens_integration_course_entitlement_waits_on_the_anmeldung() -> None:
    entitlement = steps(nationality="PL", german_level="A1")["course_entitlement"]
    assert entitlement["required"] is True
    assert entitlement["depends_on"] == ["anmeldung"]


def test_third_country_integration_course_entitlement_waits_on_the_permit() -> None:
    entitlement = steps(nationality="IN", german_level="A1")["course_entitlement"]
    assert entitlement["depends_on"] == ["residence_permit"]


def test_a_step_done_before_the_journey_satisfies_the_steps_after_it() -> None:
    registered = steps(**THIRD_COUNTRY_DENTIST, already_done=["anmeldung"])
    assert registered["residence_permit"]["depends_on"] == ["employment_approval"]
    assert registered["mentoring"]["depends_on"] == []


@pytest.mark.parametrize(
    ("children", "childcare"),
    [([], False), ([6], False), ([6, 12], False), ([5], True), ([0], True), ([12, 2], True)],
)
def test_childcare_only_for_a_child_under_six(children: list[int], childcare: bool) -> None:
    step = steps(children=children)["childcare"]
    assert step["required"] is childcare
    assert step["organisation"] == ("familienbuero-bochum" if childcare else None)
    assert step["depends_on"] == (["anmeldung"] if childcare else [])


@pytest.mark.parametrize(
    ("profession", "level"),
    [("Köchin", "B1"), ("Köchin", "C2"), ("Physiotherapeut", "B2"), ("Zahnärztin", "C1")],
)
def test_no_language_course_at_or_above_the_level_needed(profession: str, level: str) -> None:
    language = stages(profession=profession, german_level=level)["language_course"]
    assert language["required"] is False
    assert not any(step["required"] for step in language["steps"])


@pytest.mark.parametrize(("profession", "level"), [("Physiotherapeut", "B1"), ("Zahnärztin", "B2")])
def test_job_related_german_without_integration_course_from_b1(profession: str, level: str) -> None:
    planned = steps(profession=profession, german_level=level)
    assert planned["course_entitlement"]["required"] is False
    assert planned["course_booking"]["required"] is True
    assert planned["course_booking"]["organisation"] == "bamf"


@pytest.mark.parametrize("level", ["none", "A1", "A2"])
def test_integration_course_below_b1(level: str) -> None:
    assert steps(german_level=level)["course_entitlement"]["required"] is True


@pytest.mark.parametrize(
    ("nationality", "organisation"),
    [("IN", "auslaenderbehoerde-bochum"), ("PL", "bamf"), ("CH", "bamf")],
)
def test_entitlement_issued_by_auslaenderbehoerde_or_bamf(
    nationality: str, organisation: str
) -> None:
    entitlement = steps(nationality=nationality, german_level="A2")["course_entitlement"]
    assert entitlement["organisation"] == organisation


def test_trainees_and_students_need_b1() -> None:
    assert steps(purpose="training", german_level="B1")["course_booking"]["required"] is False
    assert steps(purpose="study", german_level="A2")["course_booking"]["required"] is True


def test_social_integration_is_always_planned() -> None:
    assert steps()["mentoring"]["required"] is True
    assert stages()["social_integration"]["required"] is True


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_arrival_plans(path: Path) -> None:
    plan = make_plan(Arrival.model_validate_json(path.read_text())).as_json()
    assert len(plan["stages"]) == 5


def test_the_examples_are_there() -> None:
    assert len(EXAMPLES) >= 6


def test_graduate_example_plans_the_permit_without_waiting() -> None:
    path = next(path for path in EXAMPLES if path.stem == "graduate-rub")
    planned = {
        step.step: step for step in make_plan(Arrival.model_validate_json(path.read_text())).steps()
    }
    assert planned["residence_permit"].required
    assert planned["residence_permit"].depends_on == []  # a German degree: no approval
    assert not planned["recognition_application"].required
    assert planned["anmeldung"].why == "done before the journey"


def test_ready_to_work_needs_recognition_of_a_regulated_profession_permit_and_german() -> None:
    plan = plan_json(**THIRD_COUNTRY_DENTIST)
    assert plan["ready_steps"] == ["recognition_decision", "residence_permit", "course_booking"]
    assert plan["course_days"] == 91  # one job-related German module, B2 to C1


def test_an_eu_cook_with_enough_german_is_ready_on_arrival() -> None:
    plan = plan_json(german_level="B2")
    assert plan["ready_steps"] == []
    assert plan["course_days"] == 0


def why(step: str, **overrides: Any) -> str:
    (found,) = [s.why for s in make_plan(make_arrival(**overrides)).steps() if s.step == step]
    return found


@pytest.mark.parametrize(
    ("overrides", "title"),
    [
        ({"nationality": "IN"}, "§18a AufenthG"),  # a cook: vocational training
        ({"nationality": "IN", "purpose": "training"}, "§16a AufenthG"),
        ({"nationality": "CN", "purpose": "study"}, "§16b AufenthG"),
        ({"nationality": "TN", "purpose": "job_search"}, "§20a AufenthG"),
        ({"nationality": "IN", "purpose": "job_search", "qualification_country": "DE"}, "§20 "),
        ({"nationality": "VE", "profession": "Zahnärztin"}, "§18b AufenthG"),
        ({"nationality": "IN", "profession": "software developer", "annual_salary": 60000},
         "EU Blue Card, §18g AufenthG"),
    ],
)  # fmt: skip
def test_the_permit_says_which_title_the_arrival_points_to(
    overrides: dict[str, Any], title: str
) -> None:
    assert title in why("residence_permit", **overrides)


@pytest.mark.parametrize(
    ("overrides", "needed"),
    [
        ({"nationality": "IN"}, True),  # §18a: §39 AufenthG
        ({"nationality": "IN", "profession": "software developer", "annual_salary": 60000}, False),
        ({"nationality": "IN", "profession": "software developer", "qualification_country": "DE"},
         False),  # a German degree: §2(1) no. 3 BeschV
        ({"nationality": "CN", "purpose": "study"}, False),
        ({"nationality": "PL"}, False),
    ],
)  # fmt: skip
def test_the_approval_of_the_agentur_fuer_arbeit_is_a_step_where_the_title_needs_it(
    overrides: dict[str, Any], needed: bool
) -> None:
    assert steps(**overrides)["employment_approval"]["required"] is needed


FAST_TRACK = {"nationality": "IN", "profession": "Pflegefachfrau", "employer": "Klinikum Bochum",
              "fast_track": True, "arrival_date": "2027-06-01", "move_in_date": None}  # fmt: skip


def test_the_accelerated_procedure_has_steps_of_its_own_before_entry() -> None:
    """§81a AufenthG: the employer's agreement with the Ausländerbehörde, the Agentur für
    Arbeit's approval, the pre-approval once the recognition is decided, then the visa."""
    planned = steps(**FAST_TRACK)
    assert planned["fast_track_agreement"]["organisation"] == "auslaenderbehoerde-bochum"
    assert planned["employment_approval"]["depends_on"] == ["fast_track_agreement"]
    assert planned["pre_approval"]["depends_on"] == ["employment_approval", "recognition_decision"]
    assert planned["visa"] == {"step": "visa", "organisation": "auslandsvertretung",
                               "required": True, "depends_on": ["pre_approval"],
                               "deadline": None, "documents": []}  # fmt: skip
    assert not steps(**{**FAST_TRACK, "fast_track": False})["visa"]["required"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employer": None}, "no employer named: only the employer can apply"),
        ({"nationality": "PL"}, "free movement: no visa"),
        ({"purpose": "study"}, "covers work (§18a, §18b, §18g) and vocational training"),
    ],
)
def test_the_accelerated_procedure_is_refused_where_it_cannot_apply(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        make_arrival(**{**FAST_TRACK, **overrides})


@pytest.mark.parametrize(
    ("children", "kita", "school"),
    [([3], True, False), ([8], False, True), ([3, 8, 17], True, True), ([], False, False)],
)
def test_children_get_a_kita_place_under_6_and_a_school_place_from_6_to_17(
    children: list[int], kita: bool, school: bool
) -> None:
    planned = steps(children=children)
    assert planned["childcare"]["required"] is kita
    assert planned["school_enrolment"]["required"] is school
    if school:
        assert planned["school_enrolment"]["organisation"] == "integrationszentrum-bochum"
        assert planned["school_enrolment"]["depends_on"] == ["anmeldung"]
