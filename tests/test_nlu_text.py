"""Text cleanup and number words (bot.nlu.text, bot.nlu.numbers)."""

from __future__ import annotations

import pytest

from bot.nlu.numbers import replace_number_words
from bot.nlu.text import MAX_INPUT_CHARS, clean, normalize, strip_markup


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        pytest.param("<@U123> how many has Amazon cut?", "how many has Amazon cut?", id="slack-user"),
        pytest.param("<@123456789> Amazon", "Amazon", id="discord-user"),
        pytest.param("<@!123456789> Amazon", "Amazon", id="discord-nick"),
        pytest.param("<@&42> Meta layoffs", "Meta layoffs", id="discord-role"),
        pytest.param("Meta <#C1|general> layoffs", "Meta layoffs", id="slack-channel"),
        pytest.param("Meta <#123456> layoffs", "Meta layoffs", id="discord-channel"),
        pytest.param("<!here> Meta layoffs", "Meta layoffs", id="slack-here"),
        pytest.param("layoffs at <https://amazon.com|Amazon>", "layoffs at Amazon", id="labelled-link"),
        pytest.param("layoffs <https://example.com/x>", "layoffs", id="bare-slack-link"),
        pytest.param("layoffs https://example.com/x?y=1", "layoffs", id="bare-url"),
        pytest.param("Meta 🚀🔥 layoffs 👍🏽", "Meta layoffs", id="unicode-emoji"),
        pytest.param(":fire: Meta :thumbsup: layoffs", "Meta layoffs", id="shortcodes"),
        pytest.param("<:pepe:123456> Meta layoffs", "Meta layoffs", id="discord-custom-emoji"),
        pytest.param("Amazon’s “layoffs” — 2023", "Amazon's \"layoffs\" - 2023", id="typographic"),
        pytest.param("Nestlé layoffs", "Nestle layoffs", id="accents"),
        pytest.param("  Amazon \n\t layoffs  ", "Amazon layoffs", id="whitespace"),
    ],
)
def test_strip_markup(raw: str, display: str) -> None:
    assert strip_markup(raw) == display


@pytest.mark.parametrize(
    ("display", "normalized"),
    [
        ("How many has AMAZON cut?!", "how many has amazon cut"),
        ("Amazon's layoffs.", "amazon's layoffs"),
        ("cut 2,000 jobs", "cut 2000 jobs"),
        ("what % of staff", "what % of staff"),
        ("Amazon.com, Meta & Google", "amazon.com meta google"),
        ("AT&T layoffs", "at&t layoffs"),
        ("*bold* _italics_ `code`", "bold italics code"),
    ],
)
def test_normalize(display: str, normalized: str) -> None:
    assert normalize(display) == normalized


def test_very_long_input_is_capped() -> None:
    display, normalized = clean("Amazon " * 10_000)
    assert len(display) <= MAX_INPUT_CHARS
    assert normalized.startswith("amazon amazon")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("top five companies", "top 5 companies"),
        ("top ten", "top 10"),
        ("past six months", "past 6 months"),
        ("last twelve months", "last 12 months"),
        ("top one", "top 1"),
        ("which one cut most", "which one cut most"),
        ("a couple of months", "2 months"),
        ("twenty companies", "20 companies"),
    ],
)
def test_number_words(text: str, expected: str) -> None:
    assert replace_number_words(text) == expected
