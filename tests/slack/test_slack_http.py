"""The Slack app end to end over real HTTP: signed requests in, recorded Web API calls out."""

from __future__ import annotations

import json
import logging
import time

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeEngine,
    FakeSlack,
    RunningApp,
    all_text,
    direct_message,
    mention,
)

from adapters.slack.limits import block_problems  # noqa: E402


def test_health(slack_app: RunningApp) -> None:
    result = slack_app.get("/health")
    assert result.status == 200 and result.json() == {"status": "ok"}


def test_url_verification(slack_app: RunningApp) -> None:
    body = json.dumps({"token": "legacy", "challenge": "chall-123", "type": "url_verification"})
    result = slack_app.post("/slack/events", body, "application/json", slack_app.signature_headers(body))
    assert result.status == 200
    assert "chall-123" in result.body


@pytest.mark.parametrize(
    "question, expected",
    [
        pytest.param("how many has Amazon cut?", ["Amazon laid off 28,200", "Amazon · all time", "undisclosed"], id="total"),
        pytest.param("who cut the most in 2023?", ["Who cut the most", "1. *Company 001*", "Show all"], id="rank"),
        pytest.param("Meta vs Google", ["*Meta*", "*Google*", "planned/rumoured (not counted)"], id="compare"),
        pytest.param("is Amazon planning more?", ["Planned or rumoured", "_planned_", "not added to the total"], id="planned"),
        pytest.param("what about Acme?", ["could not tell which company", "Try:"], id="unknown"),
    ],
)
def test_slash_command_answers_in_channel(slack_app: RunningApp, fake_slack: FakeSlack, question: str,
                                          expected: list[str]) -> None:
    result, response_url = slack_app.command(question)
    assert result.status == 200
    assert result.json()["response_type"] == "in_channel"  # the question is echoed to everyone
    posts = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    (post,) = posts
    assert post.method.endswith(response_url.rsplit("/", 1)[1])
    assert post.data["response_type"] == "in_channel"
    text = all_text(post.data["blocks"])
    for piece in expected:
        assert piece in text
    assert "Data as of 28 Jan 2026" in text
    assert post.data["text"]  # plain-text fallback
    assert block_problems(post.data["blocks"]) == []


def test_private_command_is_ephemeral(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine) -> None:
    result, _ = slack_app.command("private how many has Meta cut?")
    assert result.status == 200 and result.body == ""  # silent ack: nothing shown to the channel
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert post.data["response_type"] == "ephemeral"
    assert "Meta laid off" in all_text(post.data["blocks"])
    assert engine.calls[-1]["text"] == "how many has Meta cut?"  # "private" is not part of the question


def test_private_by_default_setting(start_app, fake_slack: FakeSlack, engine: FakeEngine) -> None:
    app = start_app(engine, private_by_default=True)
    app.command("how many has Meta cut?")
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert post.data["response_type"] == "ephemeral"


@pytest.mark.parametrize("text", ["help", "", "  HELP "], ids=["help", "empty", "padded"])
def test_help(slack_app: RunningApp, fake_slack: FakeSlack, text: str) -> None:
    slack_app.command(text)
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert post.data["response_type"] == "ephemeral"
    body = all_text(post.data["blocks"])
    assert "/layoffs private <question>" in body or "/layoffs private &lt;question&gt;" in body
    assert "Ask about totals" in body  # the core's help follows the Slack usage


def test_mention_replies_in_a_thread_and_follow_up_reuses_the_conversation(
    slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine
) -> None:
    assert slack_app.event(mention("how many has Amazon cut?", ts="1700000100.000100")).status == 200
    (first,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert first.data["channel"] == "C111"
    assert first.data["thread_ts"] == "1700000100.000100"
    assert "Amazon laid off 28,200" in all_text(first.data["blocks"])
    assert first.headers["Authorization"] == f"Bearer {BOT_TOKEN}"

    # A follow-up in the thread names no company: only the same conversation key can answer it.
    slack_app.event(mention("and in 2023?", ts="1700000150.000100", thread_ts="1700000100.000100"))
    posts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 2 and p)
    assert posts[1].data["thread_ts"] == "1700000100.000100"
    assert "Amazon laid off 27,000 people (1 Jan 2023 – 31 Dec 2023)" in all_text(posts[1].data["blocks"])
    assert engine.calls[0]["conversation"] == engine.calls[1]["conversation"]
    assert engine.calls[1]["text"] == "and in 2023?"  # the mention markup is gone

    # A new top-level mention is a new conversation: the follow-up context does not leak.
    slack_app.event(mention("and in 2023?", ts="1700000300.000100"))
    posts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 3 and p)
    assert "could not tell which company" in all_text(posts[2].data["blocks"])


def test_direct_message_without_mention_and_follow_up(slack_app: RunningApp, fake_slack: FakeSlack) -> None:
    slack_app.event(direct_message("how many has Google cut?", ts="1700000200.000100"))
    (first,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert first.data["channel"] == "D111" and first.data.get("thread_ts") is None
    assert "Google laid off" in all_text(first.data["blocks"])
    slack_app.event(direct_message("and in 2023?", ts="1700000250.000100"))
    posts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 2 and p)
    assert "Google laid off 27,000" in all_text(posts[1].data["blocks"])


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(direct_message("how many has Google cut?", bot_id="BBOT", user="UBOT"), id="own-message"),
        pytest.param(direct_message("how many has Google cut?", bot_id="BOTHER"), id="other-bot"),
        pytest.param(direct_message("how many has Google cut?", subtype="message_changed"), id="edit"),
        pytest.param({**direct_message("hi"), "channel_type": "channel"}, id="channel-message"),
    ],
)
def test_ignored_messages(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine, event: dict) -> None:
    assert slack_app.event(event).status == 200
    fake_slack.quiet_for(0.5)
    assert fake_slack.posts() == []
    assert engine.calls == []


def test_retried_delivery_replies_once(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine) -> None:
    event = mention("how many has Amazon cut?")
    assert slack_app.event(event, event_id="EvSAME").status == 200
    assert slack_app.event(event, event_id="EvSAME", retry_num=1).status == 200
    assert slack_app.event(event, event_id="EvSAME", retry_num=2).status == 200
    fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    fake_slack.quiet_for(0.5)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(engine.calls) == 1


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="missing"),
        pytest.param(RunningApp.signature_headers("something else"), id="wrong-body"),
        pytest.param(RunningApp.signature_headers("x", secret="f" * 32), id="wrong-secret"),
        pytest.param({"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=deadbeef"}, id="garbage"),
    ],
)
def test_bad_signatures_are_refused(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine,
                                    headers: dict[str, str]) -> None:
    result, _ = slack_app.command("how many has Amazon cut?", signed=False, headers=headers)
    assert result.status == 401
    fake_slack.quiet_for(0.3)
    assert fake_slack.posts() == [] and engine.calls == []


def test_stale_signature_is_refused(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine) -> None:
    import urllib.parse

    body = urllib.parse.urlencode({"command": "/layoffs", "text": "how many has Amazon cut?", "user_id": "U1",
                                   "channel_id": "C1", "response_url": fake_slack.response_url()})
    stale = RunningApp.signature_headers(body, timestamp=int(time.time()) - 10 * 60)  # correctly signed, too old
    result = slack_app.post("/slack/events", body, "application/x-www-form-urlencoded", stale)
    assert result.status == 401
    fake_slack.quiet_for(0.3)
    assert fake_slack.posts() == [] and engine.calls == []


def test_slow_engine_acks_before_the_deadline_and_answers_later(start_app, fake_slack: FakeSlack) -> None:
    app = start_app(FakeEngine(slow_seconds=3.5))
    sent = time.monotonic()
    result, _ = app.command("slow: how many has Amazon cut?")
    assert result.status == 200
    # The only timed assertion: Slack's 3-second platform deadline for the acknowledgement.
    assert result.received_at - sent < 3.0
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"), timeout=20)
    assert post.at > result.received_at  # acknowledged first, answered afterwards
    assert "Amazon laid off" in all_text(post.data["blocks"])


def test_slow_engine_event_acks_first(start_app, fake_slack: FakeSlack) -> None:
    app = start_app(FakeEngine(slow_seconds=3.5))
    sent = time.monotonic()
    result = app.event(mention("slow: how many has Amazon cut?"))
    assert result.status == 200 and result.received_at - sent < 3.0
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"), timeout=20)
    assert post.at > result.received_at


def test_rate_limited_post_is_retried(slack_app: RunningApp, fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", status=429, times=1, retry_after=0)
    slack_app.event(mention("how many has Amazon cut?"))
    attempts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 2 and p)
    assert attempts[0].data == attempts[1].data  # the same message, sent again after Retry-After
    fake_slack.quiet_for(0.3)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_oversized_answer_stays_within_limits_and_show_all_answers_ephemerally(
    slack_app: RunningApp, fake_slack: FakeSlack
) -> None:
    slack_app.event(mention("huge list please"))
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    blocks = post.data["blocks"]
    assert block_problems(blocks) == []
    assert len(post.data["text"]) <= 3000
    text = all_text(blocks)
    assert "590 more rounds" in text and "25 more planned/rumoured" in text and "292 more sources" in text
    (button,) = [b["accessory"] for b in blocks if b.get("accessory", {}).get("action_id") == "layoffs_show_all"]

    response_url = fake_slack.response_url()
    assert slack_app.action(button["value"], response_url=response_url).status == 200
    fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    fake_slack.quiet_for(1.0)
    shown = fake_slack.calls_to("response_url")
    assert all(s.data["response_type"] == "ephemeral" and s.data["replace_original"] is False for s in shown)
    assert all(block_problems(s.data["blocks"]) == [] for s in shown)
    assert len(shown) <= 5  # a response_url takes five posts
    full = "\n".join(all_text(s.data["blocks"]) for s in shown)
    assert "2 Jan 2020" in full and "1 Jan 2020" in full  # the first rounds, and more than the inline ones
    assert len(shown) >= 2  # more than one message's worth
    assert all(f"• {day} Jan 2020 " in full for day in range(1, 32))


def test_show_all_in_a_channel_lists_every_company(slack_app: RunningApp, fake_slack: FakeSlack) -> None:
    slack_app.command("who cut the most in 2023?")
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert "15 more companies" in all_text(post.data["blocks"])
    button = next(b["accessory"] for b in post.data["blocks"] if "accessory" in b)
    slack_app.action(button["value"], response_url=fake_slack.response_url())
    shown = fake_slack.wait_for(lambda f: (p := f.calls_to("response_url")) and len(p) == 2 and p)
    full = all_text(shown[1].data["blocks"])
    assert shown[1].data["response_type"] == "ephemeral"
    assert all(f"{i}. *Company {i:03d}*" in full for i in range(1, 26))


def test_expired_show_all(slack_app: RunningApp, fake_slack: FakeSlack) -> None:
    slack_app.action("no-such-key", response_url=fake_slack.response_url())
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert "ask again" in post.data["text"] and post.data["response_type"] == "ephemeral"


def test_app_home(slack_app: RunningApp, fake_slack: FakeSlack) -> None:
    slack_app.event({"type": "app_home_opened", "user": "U111", "channel": "D111", "tab": "home", "event_ts": "1.2"})
    (call,) = fake_slack.wait_for(lambda f: f.calls_to("views.publish"))
    assert call.data["user_id"] == "U111"
    view = call.data["view"]
    assert view["type"] == "home"
    text = all_text(view["blocks"])
    assert "Data as of 28 Jan 2026" in text and "who cut the most in 2023?" in text
    assert block_problems(view["blocks"], max_blocks=100) == []


def test_chart_uploaded_into_the_thread(slack_app: RunningApp, fake_slack: FakeSlack) -> None:
    pytest.importorskip("matplotlib")
    slack_app.event(mention("chart Amazon layoffs by quarter", ts="1700000400.000100"))
    (complete,) = fake_slack.wait_for(lambda f: f.calls_to("files.completeUploadExternal"), timeout=30)
    assert complete.data["channel_id"] == "C111"
    assert complete.data["thread_ts"] == "1700000400.000100"
    (upload,) = fake_slack.calls_to("upload")
    assert upload.data["png"] and upload.data["size"] > 1000
    (get_url,) = fake_slack.calls_to("files.getUploadURLExternal")
    assert get_url.data["filename"].endswith(".png")
    (text_answer,) = fake_slack.calls_to("chat.postMessage")
    assert "Amazon layoffs by quarter" in all_text(text_answer.data["blocks"])


def test_chart_degrades_to_text_without_renderer(slack_app: RunningApp, fake_slack: FakeSlack, monkeypatch) -> None:
    import adapters.slack.charts as charts

    monkeypatch.setattr(charts, "load_renderer", lambda: None)
    slack_app.event(mention("chart Amazon layoffs by quarter", ts="1700000400.000100"))
    posts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 2 and p)
    assert "Amazon layoffs by quarter" in all_text(posts[0].data["blocks"])
    assert "No chart" in posts[1].data["text"]
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_error_is_one_friendly_line_and_a_redacted_traceback(
    slack_app: RunningApp, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    from adapters.slack.redact import SecretRedactingFilter

    caplog.handler.addFilter(SecretRedactingFilter([BOT_TOKEN, SIGNING_SECRET]))
    with caplog.at_level(logging.ERROR):
        slack_app.command("boom")
        (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
        slack_app.event(mention("boom"))
        (message,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    for sent in (post.data, message.data):
        assert "went wrong" in sent["text"]
        assert BOT_TOKEN not in json.dumps(sent) and "Traceback" not in json.dumps(sent)
    assert "RuntimeError: database exploded" in caplog.text  # the traceback reached the log...
    assert BOT_TOKEN not in caplog.text and "[redacted]" in caplog.text  # ...without the token
