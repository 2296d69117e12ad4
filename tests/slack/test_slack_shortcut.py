"""The message shortcut "Ask layoffbot about this message" (issue 14), through the real core."""

from __future__ import annotations

import json
import urllib.parse

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, RunningApp, all_text  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")


def shortcut(app: RunningApp, text: str, response_url: str) -> int:
    payload = {"type": "message_action", "callback_id": "layoffs_ask_about_message", "team": {"id": "T1"},
               "user": {"id": "U111"}, "channel": {"id": "C111"}, "trigger_id": "1.2.3", "response_url": response_url,
               "message_ts": "1700000000.000100", "message": {"type": "message", "user": "U222", "ts": "1700000000.000100",
                                                              "text": text}}
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    return app.post("/slack/events", body, "application/x-www-form-urlencoded", app.signature_headers(body)).status


@pytest.mark.parametrize("text, expected", [
    ("Amazon to cut more jobs in 2023, sources say <https://news.example/a|Reuters> :eyes:", "Amazon"),
    ("*Breaking*: <@U999> says Google laid off staff in 2023 https://news.example/g", "Google"),
], ids=["news-post-with-link", "mention-and-bare-link"])
def test_message_shortcut_answers_the_question_in_the_message(start_app, fake_slack: FakeSlack, text: str,
                                                               expected: str) -> None:
    from bot.engine import Engine

    app = start_app(Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY))
    url = fake_slack.response_url()
    assert shortcut(app, text, url) == 200
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    answer = all_text(post.data.get("blocks", [])) + post.data.get("text", "")
    assert post.data["response_type"] == "ephemeral" and expected in answer and "2023" in answer


@pytest.mark.parametrize("text, question", [
    ("<https://x.example|Meta> cuts :fire: 2024", "Meta cuts 2024"),
    ("https://only.example/link", "help"),
    ("", "help"),
    ("a" * 900, "a" * 500),
], ids=["slack-link-label", "only-a-link", "empty", "too-long"])
def test_question_in_message(text: str, question: str) -> None:
    from adapters.common.message_question import question_in_message

    assert question_in_message(text) == question
