"""Block Kit rendering of every kind of Reply, within Slack's limits (unit tests, no network)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("slack_bolt")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from slack_fakes import FakeEngine, all_text  # noqa: E402

from adapters.slack.limits import MAX_SECTION_TEXT, block_problems, truncate  # noqa: E402
from adapters.slack.render import (  # noqa: E402
    INLINE_ROWS,
    SHOW_ALL_ACTION,
    escape,
    render_error,
    render_full,
    render_help,
    render_home,
    render_reply,
)
from bot.reply import (  # noqa: E402
    INTENTS,
    ChartRequest,
    CompanyRow,
    Reply,
    RoundRow,
    Series,
    Source,
    Understood,
)

D = dt.date(2023, 3, 20)
ENGINE = FakeEngine()


def _reply_for(intent: str) -> Reply:
    """A representative Reply per intent (the fake engine's for most, hand-made for the rest)."""
    questions = {
        "total": "how many has Amazon cut?", "rank": "who cut the most in 2023?", "compare": "Meta vs Google",
        "planned": "is Amazon planning more?", "chart": "chart Amazon", "help": "help", "unknown": "what about Acme?",
    }
    if intent in questions:
        return ENGINE.answer(questions[intent])
    if intent == "rounds" or intent == "latest":
        return Reply(intent=intent, headline="3 rounds at Amazon", text="3 rounds at Amazon",
                     rows=[RoundRow(None, "Amazon", None, D, n) for n in (1, 2, 3)], row_kind="rounds", as_of=D)
    if intent == "percent":
        return Reply(intent="percent", headline="Amazon cut 5% of its staff", text="5%",
                     rows=[RoundRow(None, "Amazon", None, D, 9000, percentage=5.0, percentage_basis="company")],
                     row_kind="rounds", as_of=D)
    if intent == "overview":
        return Reply(intent="overview", headline="2023: 263,000 people in 1,190 rounds", text="2023 overview",
                     total=263000, notes=["Plus 400 rounds of undisclosed size."], as_of=D)
    if intent == "admin":
        return Reply(intent="admin", headline="Added round #12", text="Added round #12", private=True, as_of=D)
    if intent in ("rank_rounds", "pace"):  # issue 15: companies by number of rounds; pace windows
        return Reply(intent=intent, headline="Most layoff rounds in 2023: Amazon, with 3 rounds", text="rounds",
                     rows=[CompanyRow("Amazon", 17000, 2, 1), CompanyRow("Meta", 10000, 1)], row_kind="companies",
                     as_of=D)
    if intent == "warn":  # WARN notices (bot/answers/warn.py): notices as listed rows, agency pages as sources
        return Reply(intent="warn", headline="Amazon filed 2 WARN notices in Washington, covering 2,002 workers.",
                     text="2 WARN notices", rows=[RoundRow(None, "Amazon", None, D, n, status="WARN notice",
                                                           note="effective 20 Mar 2023 · Seattle, WA") for n in (1852, 150)],
                     row_kind="rounds", sources=[Source("https://esd.wa.gov/about-employees/WARN", "WARN notices, WA")],
                     total=2002, as_of=D)
    raise AssertionError(intent)


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_renders_valid_blocks_with_fallback_and_as_of(intent: str) -> None:
    reply = _reply_for(intent)
    message = render_reply(reply)
    assert block_problems(message.blocks) == []
    assert message.text.strip()
    text = all_text(message.blocks)
    if reply.headline:
        assert escape(reply.headline) in text
    if reply.as_of:
        assert "Data as of" in text


def test_total_shows_figure_understood_rounds_sources_and_undisclosed() -> None:
    message = render_reply(ENGINE.answer("how many has Amazon cut?"))
    text = all_text(message.blocks)
    assert "*Amazon laid off 28,200 people (all time)*" in text
    assert "_Understood:_ Amazon · all time" in text
    assert "undisclosed number" in text and "(Devices &amp; Services)" in text
    assert "(5% of company)" in text
    assert "<https://news.example/amazon/2023-03-20|source>" in text
    assert "*Sources:*" in text and "Plus 1 round of undisclosed size." in text
    assert not message.truncated


def test_compare_uses_fields() -> None:
    message = render_reply(ENGINE.answer("Meta vs Google"))
    (fields_block,) = [b for b in message.blocks if "fields" in b]
    assert [f["text"].splitlines()[0] for f in fields_block["fields"]] == ["*Meta*", "*Google*"]
    assert ", plus 2 rounds of undisclosed size" in fields_block["fields"][1]["text"]


def test_planned_shown_apart_and_not_counted() -> None:
    text = all_text(render_reply(ENGINE.answer("is Amazon planning more?")).blocks)
    assert "Planned or rumoured — shown apart, not counted" in text
    assert "_planned_" in text and "not added to the total" in text


def test_long_ranking_is_cut_with_and_n_more_and_a_show_all_button() -> None:
    reply = ENGINE.answer("who cut the most in 2023?")
    message = render_reply(reply, show_all_value="key123")
    text = all_text(message.blocks)
    assert message.truncated
    assert f"{INLINE_ROWS}. *Company {INLINE_ROWS:03d}*" in text
    assert f"{INLINE_ROWS + 1}. *Company" not in text
    assert "…and 15 more companies, 4 more sources." in text
    buttons = [b["accessory"] for b in message.blocks if "accessory" in b]
    assert buttons == [{"type": "button", "action_id": SHOW_ALL_ACTION,
                        "text": {"type": "plain_text", "text": "Show all"}, "value": "key123"}]
    # Without a key the cut is still said, but no dead button is offered.
    plain = render_reply(reply)
    assert "…and 15 more companies" in all_text(plain.blocks)
    assert not [b for b in plain.blocks if "accessory" in b]


def test_show_all_lists_everything_in_valid_messages() -> None:
    reply = ENGINE.answer("who cut the most huge")
    messages = render_full(reply)
    assert 1 <= len(messages) <= 5
    text = "\n".join(all_text(m.blocks) for m in messages)
    assert all(f"{i}. *Company {i:03d}*" in text for i in range(1, 201))
    assert all(block_problems(m.blocks) == [] for m in messages)


def test_oversized_everything_stays_within_limits() -> None:
    reply = ENGINE.answer("huge")
    message = render_reply(reply, show_all_value="k")
    assert block_problems(message.blocks) == []
    assert len(message.text) <= 3000
    full = render_full(reply)
    assert all(block_problems(m.blocks) == [] for m in full)


def test_show_all_beyond_five_messages_says_where_the_rest_is() -> None:
    rows = [RoundRow(None, "Amazon", None, D, i, note="n" * 1000) for i in range(3000)]
    full = render_full(Reply(intent="rounds", headline="3,000 rounds", text="x", rows=rows, row_kind="rounds"))
    assert len(full) == 5 and all(block_problems(m.blocks) == [] for m in full)
    assert "layoffbot data export" in all_text(full[-1].blocks)  # the cut is said


def test_mrkdwn_is_escaped_and_links_cannot_break_out() -> None:
    reply = Reply(intent="rounds", headline="AT&T <script> cut 1 > 0", text="x",
                  rows=[RoundRow(None, "AT&T", "R&D", D, 5, source="https://e.x/a|b>c")], row_kind="rounds",
                  sources=[Source("https://e.x/?q=a b", "AT&T | wire")])
    text = all_text(render_reply(reply).blocks)
    assert "*AT&amp;T &lt;script&gt; cut 1 &gt; 0*" in text
    assert "(R&amp;D)" in text
    assert "<https://e.x/a%7Cb%3Ec|source>" in text
    assert "<https://e.x/?q=a%20b|AT&amp;T ¦ wire>" in text


def test_text_only_reply_renders_its_text() -> None:
    message = render_reply(Reply(intent="unknown", text="line one\nline <two>"))
    text = all_text(message.blocks)
    assert "line one\nline &lt;two&gt;" in text and message.text == "line one\nline <two>"


def test_help_home_and_error() -> None:
    help_message = render_help(ENGINE.answer("help"))
    assert "`/layoffs private <question>`" in all_text(help_message.blocks)
    assert "Ask about totals" in all_text(help_message.blocks)
    assert block_problems(help_message.blocks) == []
    home = render_home(dt.date(2026, 1, 28))
    assert home["type"] == "home" and "Data as of 28 Jan 2026" in all_text(home["blocks"])
    assert "as-of date unknown" in all_text(render_home(None)["blocks"])
    error = render_error()
    assert "went wrong" in error.text and len(error.blocks) == 1


def test_truncate() -> None:
    assert truncate("abcdef", 10) == "abcdef"
    assert truncate("abcdefghijkl", 5) == "abcd…"
    assert len(truncate("x" * 5000, MAX_SECTION_TEXT)) == MAX_SECTION_TEXT


# -- property: whatever the core returns, Slack accepts the message ------------------------------

_text = st.text(min_size=0, max_size=400)
_rounds = st.builds(
    RoundRow, id=st.none(), company=st.text(min_size=1, max_size=60), division=st.none() | _text,
    date=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), count=st.none() | st.integers(0, 10**6),
    percentage=st.none() | st.floats(0, 100), percentage_basis=st.none() | st.sampled_from(["company", "division"]),
    status=st.sampled_from(["confirmed", "reported", "planned", "rumored"]), source=st.none() | _text,
    announced_count=st.none() | st.integers(0, 10**6), note=st.none() | _text, counted=st.booleans(),
)
_companies = st.builds(CompanyRow, company=st.text(min_size=1, max_size=80), total=st.integers(0, 10**6),
                       rounds=st.integers(0, 500), undisclosed_rounds=st.integers(0, 50), planned_rounds=st.integers(0, 5))
_replies = st.builds(
    Reply,
    intent=st.sampled_from(INTENTS), text=st.text(max_size=5000), headline=st.text(max_size=4000),
    understood=st.builds(Understood, description=_text),
    rows=st.lists(_rounds, max_size=80) | st.lists(_companies, max_size=80),
    planned=st.lists(_rounds, max_size=20), sources=st.lists(st.builds(Source, url=_text, label=_text), max_size=60),
    notes=st.lists(st.text(max_size=4000), max_size=30), suggestions=st.lists(_text, max_size=10),
    as_of=st.none() | st.dates(), chart=st.none() | st.just(ChartRequest("x", "t", ["a"], [Series("s", [1])])),
)


@settings(max_examples=60, deadline=None)
@given(_replies)
def test_any_reply_renders_within_slack_limits(reply: Reply) -> None:
    message = render_reply(reply, show_all_value="k")
    assert block_problems(message.blocks) == []
    assert 0 < len(message.text) <= 3000
    for part in render_full(reply):
        assert block_problems(part.blocks) == []
