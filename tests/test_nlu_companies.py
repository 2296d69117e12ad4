"""Company resolution (bot.nlu.companies) on the fixture's aliases."""

from __future__ import annotations

import pytest
from fixtures_core import build_fixture_db

from bot.nlu.companies import CompanyIndex
from bot.nlu.text import clean


@pytest.fixture(scope="module")
def index() -> CompanyIndex:
    return CompanyIndex(build_fixture_db())


def _resolve(index: CompanyIndex, text: str, **kw):
    display, normalized = clean(text)
    return index.resolve(normalized, display, **kw)


@pytest.mark.parametrize(
    ("text", "companies", "division"),
    [
        ("Amazon layoffs", ["Amazon"], None),
        ("amazon.com layoffs", ["Amazon"], None),
        ("Amazon's layoffs", ["Amazon"], None),
        ("AWS layoffs", ["Amazon"], "AWS"),
        ("Amazon Web Services layoffs", ["Amazon"], "AWS"),
        ("Amazon's AWS layoffs", ["Amazon"], "AWS"),
        ("Facebook layoffs", ["Meta"], None),
        ("Meta Platforms layoffs", ["Meta"], None),
        ("Alphabet layoffs", ["Google"], None),
        ("X Corp layoffs", ["Twitter"], None),
        ("how many has X cut", ["Twitter"], None),
        ("Activision Blizzard layoffs", ["Microsoft"], "Gaming"),
        ("byjus layoffs", ["Byju's"], None),
        ("BYJU’S layoffs", ["Byju's"], None),
        ("Meta vs Google", ["Meta", "Google"], None),
        ("Facebook and Meta layoffs", ["Meta"], None),
        ("Zoom layoffs", ["Zoom"], None),
        ("Snap job cuts", ["Snap"], None),
        ("how many did Block lay off", ["Block"], None),
        ("Microsft layoffs", ["Microsoft"], None),
        ("Salesfroce layoffs", ["Salesforce"], None),
    ],
)
def test_resolves(index: CompanyIndex, text: str, companies: list[str], division: str | None) -> None:
    result = _resolve(index, text)
    assert result.companies == companies
    assert result.division == division


@pytest.mark.parametrize(
    "text",
    [
        "metadata", "what is metadata", "business intelligence", "artificial intelligence layoffs", "exactly",
        "exactly how many", "x marks the spot", "top x companies", "zoom in on it", "snap out of it",
        "a block away", "the block party", "the metaverse", "intelligent", "maximum", "taxes", "box",
        "square one", "in a snap",
    ],
)
def test_ordinary_words_are_not_companies(index: CompanyIndex, text: str) -> None:
    assert _resolve(index, text).companies == []


def test_ambiguous_alias_alone_only_as_follow_up(index: CompanyIndex) -> None:
    assert _resolve(index, "zoom").companies == []
    assert _resolve(index, "what about zoom", bare_ok=True).companies == ["Zoom"]


def test_capitalized_mid_sentence_is_the_company(index: CompanyIndex) -> None:
    assert _resolve(index, "tell me about Snap").companies == ["Snap"]


@pytest.mark.parametrize(("text", "meant"), [("Amazn", "Amazon"), ("Amzon cuts", "Amazon"), ("Gogle", "Google"), ("paypl", "PayPal")])
def test_did_you_mean(index: CompanyIndex, text: str, meant: str) -> None:
    result = _resolve(index, text)
    assert result.companies == []
    assert result.did_you_mean and result.did_you_mean[0][1] == meant


def test_prefix_and_fuzzy_names(index: CompanyIndex) -> None:
    assert "Amazon" in index.prefix("ama", 10)
    assert "Microsoft" in index.fuzzy_names("microsfot", 5)
