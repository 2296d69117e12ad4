"""Reply -> embed rendering against Discord's limits, for every intent, tiny to huge."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import AS_OF, make_reply, round_row  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from adapters.discord import limits  # noqa: E402
from adapters.discord.render import (  # noqa: E402
    CHART_FILENAME,
    escape_markdown,
    render_plain,
    render_reply,
)
from bot.reply import INTENTS, CompanyRow, Reply, RoundRow, Source, Understood  # noqa: E402


def section(embed: dict[str, Any], name: str) -> list[str]:
    """The lines of the field ``name`` and of the fields continuing it."""
    lines: list[str] = []
    inside = False
    for item in embed.get("fields", []):
        if item["name"] == name:
            inside = True
        elif item["name"] != limits.CONTINUED:
            inside = False
        if inside:
            lines.extend(item["value"].split("\n"))
    return lines


def more_count(lines: list[str], noun: str) -> int:
    match = re.fullmatch(rf"… and ([\d,]+) more {noun}", lines[-1]) if lines else None
    return int(match.group(1).replace(",", "")) if match else 0


SIZES = [pytest.param(0, False, id="empty"), pytest.param(3, False, id="small"),
         pytest.param(60, False, id="many"), pytest.param(400, True, id="huge-and-long")]


@pytest.mark.parametrize("size, long", SIZES)
@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_renders_within_every_limit(intent: str, size: int, long: bool) -> None:
    reply = make_reply(intent, size, long=long)
    rendered = render_reply(reply, chart_attached=True)
    assert limits.limit_violations(None, rendered.embeds) == []
    (embed,) = rendered.embeds
    assert embed["title"].strip()
    assert embed["footer"]["text"] == "Data as of 1 Oct 2026 · layoffbot"
    assert len(rendered.plain) <= limits.CONTENT
    assert rendered.ephemeral is reply.private
    assert ("image" in embed) is (reply.chart is not None)
    if reply.chart is not None:
        assert embed["image"]["url"] == f"attachment://{CHART_FILENAME}"


@pytest.mark.parametrize("intent", ["total", "rounds", "rank", "compare", "planned", "overview"])
def test_rows_left_out_are_counted_in_and_n_more(intent: str) -> None:
    reply = make_reply(intent, 400, long=True)
    rendered = render_reply(reply)
    embed = rendered.embeds[0]
    name, noun, rows = (("Ranking" if intent == "rank" else "Companies"), "companies", reply.rows) \
        if reply.row_kind == "companies" else ("Rounds", "rounds", reply.rows)
    if rows:
        lines = section(embed, name)
        missing = more_count(lines, noun)
        assert missing > 0
        assert len(lines) - 1 + missing == len(rows), "every row is either shown or counted"
        assert rendered.left_out[noun] == missing
    sources = section(embed, "Sources")
    assert len(sources) - 1 + more_count(sources, "sources") == len(reply.sources)
    assert limits.embed_length(embed) > 4500, "a huge answer uses the room it has"


def test_small_answer_layout() -> None:
    reply = make_reply("total", 3)
    embed = render_reply(reply).embeds[0]
    assert embed["title"] == "Amazon: 27,000 laid off in 2023"
    assert embed["description"].startswith("*Understood: Amazon · 1 Jan 2023 – 31 Dec 2023*")
    assert "plus 2 rounds of undisclosed size" in embed["description"]
    assert "line 0" not in embed["description"] and "Rounds:" not in embed["description"], \
        "the text's lists are shown as fields, not twice"
    names = [f["name"] for f in embed["fields"] if f["name"] != limits.CONTINUED]
    assert names == ["Rounds", "Planned or rumoured — not counted", "Sources", "Try asking"]
    rounds = section(embed, "Rounds")
    assert len(rounds) == 3 and all(line.startswith("**") for line in rounds)
    assert "Amazon" not in rounds[0], "one company asked about: not repeated on every line"
    assert "(announced 18,000)" in rounds[1]
    assert "[Amazon, 0 Mar 2023 (9,000)](https://news.example.com/story/0)" in section(embed, "Sources")[0]


@pytest.mark.parametrize(
    "row, expected",
    [
        pytest.param(round_row(4), "*not counted*", id="not-counted"),
        pytest.param(round_row(3), "— undisclosed", id="undisclosed-count"),
        pytest.param(round_row(1), "5.5% of company", id="percentage"),
        pytest.param(round_row(2, status="planned"), "planned", id="status"),
    ],
)
def test_round_line_details(row: RoundRow, expected: str) -> None:
    reply = Reply(intent="rounds", text="x", headline="h", rows=[row], row_kind="rounds")
    assert expected in section(render_reply(reply).embeds[0], "Rounds")[0]


def test_company_lines_say_undisclosed_and_planned() -> None:
    reply = Reply(intent="rank", text="t", headline="h", row_kind="companies",
                  rows=[CompanyRow(company="A_b*c", total=5000, rounds=2, undisclosed_rounds=1, planned_rounds=1)])
    (line,) = section(render_reply(reply).embeds[0], "Ranking")
    assert line == r"1. **A\_b\*c** — 5,000 in 2 rounds, plus 1 round of undisclosed size (1 planned, not counted)"


@pytest.mark.parametrize(
    "url, linked",
    [
        pytest.param("https://example.com/a_(b)", "[label](https://example.com/a_%28b%29)", id="parentheses-escaped"),
        pytest.param("javascript:alert(1)", None, id="not-http"),
        pytest.param("https://example.com/" + "x" * 600, None, id="too-long"),
    ],
)
def test_source_links(url: str, linked: str | None) -> None:
    reply = Reply(intent="total", text="t", headline="h", sources=[Source(url=url, label="label")])
    (line,) = section(render_reply(reply).embeds[0], "Sources")
    if linked:
        assert line == f"• {linked}"
    else:
        assert "](" not in line and line == "• label"


def test_markdown_in_names_is_escaped() -> None:
    assert escape_markdown("*N_Sync* ~`|>") == r"\*N\_Sync\* \~\`\|\>"


def test_empty_reply_still_renders() -> None:
    embed = render_reply(Reply(intent="unknown", text="")).embeds[0]
    assert embed["title"] == "layoffbot" and embed["footer"]["text"] == "layoffbot"
    assert limits.limit_violations(None, [embed]) == []


def test_plain_fallback_is_cut_at_a_line_with_and_n_more() -> None:
    reply = Reply(intent="rounds", text="\n".join(f"round {i} " + "x" * 50 for i in range(200)), as_of=AS_OF)
    plain = render_plain(reply)
    assert len(plain) <= limits.CONTENT
    kept = plain.split("\n")
    assert kept[-1] == f"… and {200 + 1 - (len(kept) - 1):,} more lines"  # +1: the as-of line
    assert render_plain(Reply(intent="help", text="short", as_of=AS_OF)) == "short\n(Data as of 1 Oct 2026)"


def test_field_packer_never_exceeds_25_fields() -> None:
    packer = limits.FieldPacker(budget=10**6)
    left = packer.add_section("Rounds", ["y" * 1000] * 40, "rounds")
    assert len(packer.fields) == 25 and left == 40 - 25
    assert packer.fields[-1]["value"].endswith("… and 15 more rounds")
    assert all(len(f["value"]) <= limits.FIELD_VALUE for f in packer.fields)


def test_field_packer_with_no_budget_adds_nothing() -> None:
    packer = limits.FieldPacker(budget=5)
    assert packer.add_section("Sources", ["a line"], "sources") == 1
    assert packer.fields == [] and packer.budget == 5


# ---------------------------------------------------------------------------- properties

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=3000)
names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400)


@st.composite
def replies(draw: Any) -> Reply:
    day = dt.date(2023, 1, 1)
    rounds = [RoundRow(id=i, company=draw(names), division=draw(st.none() | names), date=day,
                       count=draw(st.none() | st.integers(0, 10**6)), note=draw(st.none() | texts),
                       source=draw(st.none() | st.just("https://e.x/" + "p" * draw(st.integers(0, 700)))))
              for i in range(draw(st.integers(0, 60)))]
    return Reply(
        intent=draw(st.sampled_from(INTENTS)),
        text=draw(texts),
        headline=draw(texts),
        understood=Understood(description=draw(texts)),
        rows=rounds,
        row_kind="rounds",
        planned=rounds[: draw(st.integers(0, 10))],
        sources=[Source(url="https://e.x/" + draw(st.text(max_size=300)), label=draw(names))
                 for _ in range(draw(st.integers(0, 40)))],
        notes=draw(st.lists(texts, max_size=4)),
        suggestions=draw(st.lists(names, max_size=8)),
        as_of=draw(st.none() | st.just(AS_OF)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(replies())
def test_any_reply_renders_within_the_limits(reply: Reply) -> None:
    rendered = render_reply(reply)
    assert limits.limit_violations(None, rendered.embeds) == []
    assert len(rendered.plain) <= limits.CONTENT
    lines = section(rendered.embeds[0], "Rounds")
    if reply.rows and lines:
        assert len(lines) - (1 if more_count(lines, "rounds") else 0) + more_count(lines, "rounds") == len(reply.rows)


# ---------------------------------------------------------------------------- the real core

QUESTIONS = [
    "how many has Amazon cut?", "list Amazon's layoffs", "who cut the most in 2023?", "Meta vs Google",
    "latest layoffs", "what % of its workforce did Salesforce cut?", "is Amazon planning more layoffs?",
    "how many jobs were cut in 2023?", "chart Amazon layoffs", "help", "banana",
]


@pytest.fixture(scope="module")
def engine() -> Any:
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot.engine import Engine

    return Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)


@pytest.mark.parametrize("question", QUESTIONS)
def test_real_engine_answers_render_within_limits(engine: Any, question: str) -> None:
    reply = engine.answer(question)
    rendered = render_reply(reply, chart_attached=reply.chart is not None)
    assert limits.limit_violations(None, rendered.embeds) == []
    embed = rendered.embeds[0]
    assert embed["title"] == limits.clip(reply.headline, limits.TITLE)
    if reply.as_of:
        assert embed["footer"]["text"].startswith(f"Data as of {reply.as_of.day} {reply.as_of:%b %Y}")
    for source in reply.sources[:3]:
        assert source.url.replace("(", "%28").replace(")", "%29") in str(embed.get("fields"))


@given(st.text(max_size=2000), st.integers(min_value=1, max_value=300))
def test_short_is_one_line_within_the_limit_and_says_when_cut(text: str, limit: int) -> None:
    from adapters.discord.render import inline, short

    result = short(text, limit)
    assert len(result) <= limit and "\n" not in result
    full = inline(text)
    assert result == full or result.endswith("…")
