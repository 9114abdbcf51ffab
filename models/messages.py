"""Messages in the recipient's language, from template files a translator edits without
touching code (models/messages/<language>.toml, `$placeholders` of string.Template).

Newcomers read their preferred language, else English, else German. Advisors and coordinators
read the office's language and get case numbers and a link, no names. Arabic reads right to
left: the HTML form of a message says so.
"""

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from html import escape
from pathlib import Path
from string import Template

MESSAGES = Path(__file__).resolve().parent / "messages"
FALLBACK = ("en", "de")
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


class Kind(StrEnum):
    NEXT_STEP = "next_step"  # to the newcomer: where to go, what to bring, by when
    DEADLINE_NEAR = "deadline_near"  # to the newcomer
    STEP_OPENED = "step_opened"  # to the organisation's channel
    DEADLINE_NEAR_STAFF = "deadline_near_staff"  # to the organisation's channel
    OVERDUE = "overdue"  # to the coordinators
    FAILED = "failed"  # to the coordinators
    JOURNEY_DONE = "journey_done"  # to the coordinators and the employer
    DIGEST = "digest"  # each morning, to each organisation


FOR_NEWCOMERS = frozenset({Kind.NEXT_STEP, Kind.DEADLINE_NEAR})

# What each message may say: a template naming anything else is refused by the tests.
PLACEHOLDERS: dict[Kind, frozenset[str]] = {
    Kind.NEXT_STEP: frozenset({"name", "step", "where", "bring", "due"}),
    Kind.DEADLINE_NEAR: frozenset({"name", "step", "where", "due", "days"}),
    Kind.STEP_OPENED: frozenset({"case", "step", "organisation", "due", "link"}),
    Kind.DEADLINE_NEAR_STAFF: frozenset({"case", "step", "organisation", "due", "days", "link"}),
    Kind.OVERDUE: frozenset({"case", "step", "organisation", "due", "days", "link"}),
    Kind.FAILED: frozenset({"case", "step", "organisation", "error", "link"}),
    Kind.JOURNEY_DONE: frozenset({"case", "link"}),
    Kind.DIGEST: frozenset({"organisation", "day", "count", "lines"}),
}


@dataclass(frozen=True)
class Message:
    language: str
    subject: str
    body: str

    def html(self) -> str:
        direction = "rtl" if self.language in RIGHT_TO_LEFT else "ltr"
        paragraphs = "".join(
            f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in self.body.split("\n\n")
        )
        return (
            f'<html lang="{self.language}" dir="{direction}"><body dir="{direction}">'
            f"{paragraphs}</body></html>"
        )


@cache
def templates(language: str) -> dict[str, object]:
    """A language's templates; empty for a language without a file."""
    path = MESSAGES / f"{language}.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as file:
        return tomllib.load(file)


def languages() -> list[str]:
    return sorted(path.stem for path in MESSAGES.glob("*.toml"))


def language_for(kind: Kind, preferred: str) -> str:
    """The first of the preferred language, English and German that has the message."""
    return next(lang for lang in (preferred, *FALLBACK) if kind.value in templates(lang))


def no_deadline(language: str) -> str:
    found = templates(language).get("no_deadline") or templates(FALLBACK[0])["no_deadline"]
    return str(found)


def render(kind: Kind, preferred: str, values: dict[str, object]) -> Message:
    """The message in the first language that has it, every placeholder filled (KeyError
    names a missing one)."""
    language = language_for(kind, preferred)
    template = templates(language)[kind.value]
    assert isinstance(template, dict)
    text = {k: str(v) for k, v in values.items()}
    return Message(
        language,
        Template(template["subject"]).substitute(text).strip(),
        Template(template["body"]).substitute(text).strip(),
    )
