"""The unknown-name rule (issue 15): a company we don't have never gets a figure, in any intent;
beside names we have, it is named; junk gets no figure; a follow-up word is not a name."""

from __future__ import annotations

import pytest
from fixtures_core import TODAY, build_fixture_db

from bot.engine import Engine

UNKNOWN = ["nvidia", "Verizon", "walmart", "NVDA", "Anthropic", "openai"]
TEMPLATES = [
    "how many did {} cut?", "{} job cuts 2024", "{} layoffs", "layoffs at {}", "list {}'s layoffs",
    "{} layoffs since late 2022", "what % of its workforce did {} cut?", "is {} planning more layoffs?",
    "latest {} layoffs", "has {} laid anyone off in 2023", "{} biggest layoff", "chart {} layoffs",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_fixture_db(), today=TODAY)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", UNKNOWN)
def test_a_name_we_dont_have_gets_no_figure(engine: Engine, template: str, name: str) -> None:
    reply = engine.answer(template.format(name))
    assert (reply.intent, reply.total, reply.rows, reply.chart) == ("unknown", None, [], None), reply.text
    assert reply.headline.startswith(f"I don't have “{name}” in our data")
    assert "layoffbot data add" in reply.text and "aliases.csv" in reply.text


@pytest.mark.parametrize(
    ("text", "known", "unknown"),
    [
        pytest.param("intel vs nvidia", ["Intel"], "nvidia", id="one-of-two"),
        pytest.param("intel vs nvidia vs meta", ["Intel", "Meta"], "nvidia", id="middle-of-three"),
        pytest.param("compare amazon, walmart and google", ["Amazon", "Google"], "walmart", id="list"),
        pytest.param("amazon and verizon layoffs 2023", ["Amazon"], "verizon", id="and"),
    ],
)
def test_a_comparison_names_the_unknown_company(engine: Engine, text: str, known: list[str], unknown: str) -> None:
    reply = engine.answer(text)
    assert reply.understood.companies == known
    assert f"I don't have “{unknown}”" in reply.headline


@pytest.mark.parametrize("text", ["%", "%s%s%n", "{{x}}", "${name}", "{0}", "%d", "#", "$", "&&", "***", "%%"])
def test_junk_gets_no_figure(engine: Engine, text: str) -> None:
    reply = engine.answer(text)
    assert reply.total is None and reply.rows == [] and reply.chart is None, reply.text


def test_a_follow_up_word_is_not_a_company(engine: Engine) -> None:
    engine.answer("salesforce layoffs", conversation="unk-1")
    reply = engine.answer("percentages?", conversation="unk-1")
    assert reply.intent == "percent" and reply.understood.companies == ["Salesforce"]
    assert "I don't have" not in reply.text


def test_an_adjective_before_layoffs_is_not_a_company(engine: Engine) -> None:
    reply = engine.answer("massive layoffs in 2023")
    assert reply.intent == "overview" and reply.total == 62680
