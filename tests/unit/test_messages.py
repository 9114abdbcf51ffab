"""Every language's templates: the placeholders each message may use, all filled, none left
over; newcomers read their language, else English, else German; Arabic reads right to left."""

from string import Template

import pytest

from models.messages import (
    FOR_NEWCOMERS,
    PLACEHOLDERS,
    Kind,
    language_for,
    languages,
    render,
    templates,
)

NEWCOMER_LANGUAGES = ["de", "en", "tr", "ar", "es", "vi"]  # the seed's newcomers


def test_the_languages_of_the_seed_are_there() -> None:
    assert set(NEWCOMER_LANGUAGES) <= set(languages())


@pytest.mark.parametrize("language", NEWCOMER_LANGUAGES)
def test_each_language_speaks_to_newcomers(language: str) -> None:
    assert {kind.value for kind in FOR_NEWCOMERS} <= set(templates(language))


@pytest.mark.parametrize("language", ["de", "en"])
def test_german_and_english_have_every_message(language: str) -> None:
    assert {kind.value for kind in Kind} <= set(templates(language))


@pytest.mark.parametrize(
    ("language", "kind"),
    [(lang, kind) for lang in NEWCOMER_LANGUAGES for kind in Kind if kind in templates(lang)],
)
def test_a_template_uses_only_its_placeholders_and_renders_whole(language: str, kind: Kind) -> None:
    template = templates(language)[kind.value]
    assert isinstance(template, dict)
    used = set()
    for part in ("subject", "body"):
        assert Template(template[part]).is_valid(), f"{language} {kind} {part}"
        used |= set(Template(template[part]).get_identifiers())
    assert used <= PLACEHOLDERS[kind], f"{language} {kind}: {used - PLACEHOLDERS[kind]}"
    message = render(kind, language, {name: f"<{name}>" for name in PLACEHOLDERS[kind]})
    assert message.language == language
    assert "$" not in message.subject + message.body
    assert message.subject and message.body


def test_a_language_without_the_message_falls_back_to_english_then_german() -> None:
    assert language_for(Kind.NEXT_STEP, "pl") == "en"  # no Polish file yet
    assert language_for(Kind.OVERDUE, "tr") == "en"  # staff messages: German and English


def test_arabic_reads_right_to_left_in_html() -> None:
    values = dict.fromkeys(PLACEHOLDERS[Kind.NEXT_STEP], "x")
    assert 'dir="rtl"' in render(Kind.NEXT_STEP, "ar", values).html()
    assert 'dir="ltr"' in render(Kind.NEXT_STEP, "es", values).html()


def test_a_missing_placeholder_is_named() -> None:
    with pytest.raises(KeyError, match="bring"):
        render(Kind.NEXT_STEP, "en", {"name": "A", "step": "B", "where": "C", "due": "D"})
