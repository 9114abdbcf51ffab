"""Malformed decisions of advisors: given to `ankommen complete` (as options or in a --file),
and as the answer to a waiting journey's form in the Prefect UI (a run input). One field is
wrong, missing or unknown, or a rule between fields is broken; the refusal must name it.
"""

import json
from datetime import date
from enum import Enum
from types import UnionType
from typing import Any, Union, get_args, get_origin

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from models.decisions import happened_fields
from models.steps import step_spec
from tests.utils import bad_values as bad
from tests.utils.bad_values import FILE, Malformed, field_named

JOURNEY = "WO-2027-0001"  # the journey whose steps wait on advisors
ARRIVED = date(2027, 2, 10)  # its newcomer's arrival; today is 2027-03-01
DECIDED: dict[str, dict[str, Any]] = {  # the journey's open steps, and a good decision for each
    "accommodation": {"move_in_date": "2027-02-15", "temporary": False},
    "anmeldung": {"registered_on": "2027-02-20"},
    "residence_permit": {"title": "18a", "issued_on": "2027-02-25", "valid_until": "2029-02-24"},
    "competent_body": {"body": "ihk-fosa"},
    "recognition_decision": {"outcome": "partial", "decided_on": "2027-02-20",
                             "gaps": ["Pharmakologie"], "measure": "kenntnispruefung"},
    "kenntnispruefung": {"taken_on": "2027-02-25", "passed": False,
                         "failed_parts": ["Mündliche Prüfung"]},
    "anpassungslehrgang": {"starts_on": "2026-09-01", "completed_on": "2027-02-26",
                           "passed": True},
    "course_booking": {"course": "integration_course", "starts_on": "2027-04-01"},
    "mentoring": {"programme": "mentoring", "matched_on": "2027-02-28"},
}  # fmt: skip
DROP = object()  # a field left out
RULES = [  # a rule between fields broken: the step, what changes, the field it blames
    ("residence_permit", {"valid_until": "2027-02-25"}, "valid_until"),
    ("residence_permit", {"valid_until": "2026-01-01"}, "valid_until"),
    ("recognition_decision", {"gaps": DROP}, "gaps"),
    ("recognition_decision", {"outcome": "full"}, "gaps"),
    ("recognition_decision", {"outcome": "refused", "gaps": DROP}, "measure"),
    ("recognition_decision", {"outcome": "full", "gaps": DROP, "measure": DROP,
                              "interim_licence": True}, "interim_licence"),
    ("kenntnispruefung", {"failed_parts": DROP}, "failed_parts"),
    ("kenntnispruefung", {"passed": True}, "failed_parts"),
    ("anpassungslehrgang", {"starts_on": "2027-02-27"}, "completed_on"),
]  # fmt: skip
NOT_OPTIONS = {"as", "file", "help", "step"}  # the command's own, and the form's step


def _kind(step: str, name: str) -> Any:
    """A decision field's type: date, bool, an Enum, list, str; "happened" for a day that
    something happened on (left out, it is today)."""
    model = step_spec(step).decision
    assert model is not None
    if name in happened_fields(model):
        return "happened"
    kind = model.model_fields[name].annotation
    if get_origin(kind) in (Union, UnionType):  # optional: what it is when given
        kind = next(a for a in get_args(kind) if a is not type(None))
    return list if get_origin(kind) is list else kind


def _decision_value(step: str, name: str, as_json: bool) -> SearchStrategy[Any]:
    """A wrong value for a decision's field: text as typed, or any JSON where JSON is read."""
    kind, abc = _kind(step, name), bad.UTF8
    wrong: SearchStrategy[Any] = bad.NOT_TEXT
    if kind == "happened":
        before = [] if step_spec(step).abroad else [bad.days(date(2000, 1, 1), date(2027, 2, 9))]
        future = bad.days(date(2027, 3, 2), date(2099, 12, 31))
        text = st.one_of(bad.bad_dates(abc), future, *before)
    elif kind is date:
        text = bad.bad_dates(abc)
    elif kind is bool:
        text = bad.not_in(bad.BOOLEAN_WORDS, abc, "maybe", "ja", "2")
        wrong = st.sampled_from([2, [], {}, None])
    elif isinstance(kind, type) and issubclass(kind, Enum):
        text = bad.not_in({member.value for member in kind}, abc, "18z", "soon", "IHK")
        wrong = st.sampled_from([5, True, [], {}])
    elif kind is list:
        item = st.one_of(
            bad.words(abc, max_size=1), bad.longer_than(200, abc), bad.with_control_character(abc)
        )
        text = item.map(lambda one: [one])
        wrong = st.sampled_from([5, {}, [5], [None]])
    else:  # the advisor
        text = st.one_of(
            bad.words(abc, max_size=1),
            st.just(" x "),
            bad.longer_than(80, abc),
            bad.with_control_character(abc),
        )
        wrong = st.sampled_from([5, [], None])
    return st.one_of(text, wrong) if as_json else text


@st.composite
def _decision(draw: st.DrawFn, *, as_json: bool) -> tuple[str, dict[str, Any], str, str]:
    """(step, fields with the advisor, the field wrong, how)."""
    step = draw(st.sampled_from(list(DECIDED)))
    model = step_spec(step).decision
    assert model is not None
    fields: dict[str, Any] = {"advisor": "VBW Team", **DECIDED[step]}
    what = draw(st.sampled_from(["wrong"] * 5 + ["missing", "unknown", "rule"]))
    if what == "rule":
        step, changes, name = draw(st.sampled_from(RULES))
        fields = {"advisor": "VBW Team", **DECIDED[step], **changes}
        fields = {key: value for key, value in fields.items() if value is not DROP}
        return step, fields, name, f"{changes}"
    if what == "missing":
        needed = [n for n, info in model.model_fields.items() if info.is_required()]
        name = draw(st.sampled_from([n for n in needed if n not in happened_fields(model)]))
        del fields[name]
        return step, fields, name, f"no {name}"
    if what == "unknown":
        name = draw(
            st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(
                lambda name: name not in model.model_fields and name not in NOT_OPTIONS
            )
        )
        fields[name] = "x"
        return step, fields, name, f"unknown {name}"
    name = draw(st.sampled_from(list(model.model_fields)))
    fields[name] = draw(_decision_value(step, name, as_json))
    return step, fields, name, f"{name} = {fields[name]!r:.80}"


def _options(fields: dict[str, Any]) -> list[str]:
    """Fields as `complete` takes them: --registered-on 2027-02-20 --gaps a --gaps b."""
    tokens = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            tokens += [
                f"--{name.replace('_', '-')}",
                str(one).lower() if isinstance(one, bool) else one,
            ]
    return tokens


def _typed(fields: dict[str, Any]) -> bool:
    """Whether each value can be typed as an option's (no leading dash: it would be one)."""
    values = [
        one for value in fields.values() for one in (value if isinstance(value, list) else [value])
    ]
    return all(
        isinstance(one, bool) or (isinstance(one, str) and not one.startswith("-"))
        for one in values
    )


@st.composite
def decisions(draw: st.DrawFn) -> Malformed:
    """`ankommen complete` with a decision's field wrong, missing or unknown, or a rule between
    fields broken, given as options or in a --file."""
    as_file = draw(st.booleans())
    step, fields, name, how = draw(
        _decision(as_json=as_file).filter(lambda made: as_file or _typed(made[1]))
    )
    if as_file:
        file = json.dumps(fields).encode()
        return Malformed(
            "decision", field_named(name), how, ("complete", JOURNEY, step, "--file", FILE), file
        )
    return Malformed(
        "decision", field_named(name), how, ("complete", JOURNEY, step, *_options(fields))
    )


@st.composite
def run_inputs(draw: st.DrawFn) -> Malformed:
    """The answer a journey's form gets in the Prefect UI, with a field wrong, missing or
    unknown, a rule broken, no advisor, or a step the journey does not have."""
    # The advisor only as text: the form sends nothing else, and the journey reads it as text.
    step, fields, name, how = draw(
        _decision(as_json=True).filter(lambda made: isinstance(made[1].get("advisor", ""), str))
    )
    if draw(st.integers(0, 9)) == 0:
        name, how = "unknown step", "a step the journey does not have"
        step = draw(bad.unknown_steps(bad.UTF8).filter(lambda text: not text.startswith("retry:")))
        return Malformed(
            "run input", name, how, answer={"advisor": "VBW Team", "decision": {"step": step}}
        )
    answer = {"decision": {"step": step, **{k: v for k, v in fields.items() if k != "advisor"}}}
    if "advisor" in fields:
        answer["advisor"] = fields["advisor"]
    return Malformed("run input", field_named(name), how, answer=answer)
