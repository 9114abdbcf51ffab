"""An arrival as a coordinator describes it: who comes, for what, when.

Validated strictly: every bad field is named, and nothing is stored until all are right.
"""

import re
from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.countries import ALPHA2
from models.levels import GermanLevel
from models.professions import Profession, ProfessionKind, named_profession
from models.purpose import Purpose
from models.residence import accelerated_procedure
from models.steps import STEP_BY_NAME
from models.validation import PLAIN

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def _country(code: str) -> str:
    if code not in ALPHA2:
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. PL, IN, VE)")
    return code


def _known_steps(names: list[str]) -> list[str]:
    unknown = [name for name in names if name not in STEP_BY_NAME]
    if unknown:
        raise ValueError(
            f"unknown step(s) {', '.join(unknown)}; steps are: {', '.join(STEP_BY_NAME)}"
        )
    return names


def _email(text: str) -> str:
    if not EMAIL.match(text):
        raise ValueError(f"'{text}' is not an e-mail address")
    return text


def _level_any_case(value: object) -> object:
    """German levels are typed in any case: "b2", "B2", "None"."""
    if isinstance(value, str):
        folded = value.strip().upper()
        return GermanLevel.NONE.value if folded == "NONE" else folded
    return value


CountryCode = Annotated[str, Field(min_length=2, max_length=2), AfterValidator(_country)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1, e.g. de, en")]
ChildAge = Annotated[int, Field(ge=0, le=17)]


class Arrival(BaseModel):
    """One newcomer's arrival. Personal data: it lives only in our database."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=200), PLAIN]
    nationality: CountryCode
    # Free text: what the catalogue does not name for certain is routed by a coordinator.
    profession: Annotated[str, Field(min_length=2, max_length=200), PLAIN]
    qualification_country: CountryCode
    purpose: Purpose
    german_level: Annotated[GermanLevel, BeforeValidator(_level_any_case)]
    arrival_date: date
    move_in_date: date | None = None
    birth_date: date | None = None
    employer: Annotated[str, Field(min_length=1, max_length=200), PLAIN] | None = None
    children: list[ChildAge] = Field(default_factory=list, description="ages in years")
    language: LanguageCode
    # 254 characters at most (RFC 5321): a longer one is no address, and is not echoed back.
    email: Annotated[str, Field(max_length=254), PLAIN, AfterValidator(_email)] | None = None
    annual_salary: int | None = Field(
        default=None, ge=0, le=10_000_000, description="gross euros a year in the contract"
    )
    fast_track: bool = Field(
        default=False, description="the employer applies under §81a AufenthG, before entry"
    )
    already_done: Annotated[list[str], AfterValidator(_known_steps)] = Field(
        default_factory=list,
        description="steps done before the journey starts, e.g. a local graduate's anmeldung",
    )

    @field_validator("move_in_date")
    @classmethod
    def _move_in_after_arrival(cls, day: date | None, info: ValidationInfo) -> date | None:
        arrival = info.data.get("arrival_date")
        if day and arrival and day < arrival:
            raise ValueError(f"lies before arrival_date {arrival.isoformat()}")
        return day

    @field_validator("birth_date")
    @classmethod
    def _born_before_arrival(cls, day: date | None, info: ValidationInfo) -> date | None:
        arrival = info.data.get("arrival_date")
        if day and arrival and day >= arrival:
            raise ValueError(f"must lie before arrival_date {arrival.isoformat()}")
        return day

    @model_validator(mode="after")
    def _fast_track_fits(self) -> "Arrival":
        if self.fast_track:
            # whether it is still before entry is checked at launch, which knows the day
            fits = accelerated_procedure(self, employer=self.employer, arrival_date=None,
                                         today=self.arrival_date)  # fmt: skip
            if not fits.applies:
                raise ValueError(f"fast_track: {fits.why}")
        return self

    @property
    def profession_kind(self) -> ProfessionKind | None:
        return self.occupation.kind if self.occupation else None

    @property
    def occupation(self) -> Profession | None:
        """The catalogue's profession, None where it is not certain (a person decides)."""
        return named_profession(self.profession)
