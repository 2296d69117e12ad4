"""The Slack app over the real core (bot.engine.Engine) on the small hand-written fixture DB."""

from __future__ import annotations

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, all_text, mention  # noqa: E402

from adapters.slack.limits import block_problems  # noqa: E402
from adapters.slack.render import escape  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")


@pytest.fixture
def real_engine():
    from bot.engine import Engine

    return Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)


def _reference(question: str, conversation: str = "ref"):
    """The same question asked of a separate engine: what the Slack message must carry."""
    from bot.engine import Engine

    return Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY).answer(question, conversation=conversation)


@pytest.mark.parametrize(
    "question",
    ["how many has Amazon cut?", "who cut the most in 2023?", "Meta vs Google", "is Amazon planning more?"],
    ids=["total", "rank", "compare", "planned"],
)
def test_slash_command_carries_the_core_answer(start_app, fake_slack: FakeSlack, real_engine, question: str) -> None:
    app = start_app(real_engine)
    app.command(question)
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    expected = _reference(question)
    text = all_text(post.data["blocks"])
    assert block_problems(post.data["blocks"]) == []
    assert escape(expected.headline) in text
    assert "Data as of 1 Feb 2026" in text
    for source in expected.sources[:3]:
        assert source.url.replace(" ", "%20") in text


def test_thread_follow_up_with_the_real_engine(start_app, fake_slack: FakeSlack, real_engine) -> None:
    app = start_app(real_engine)
    app.event(mention("how many has Amazon cut?", ts="1700000600.000100"))
    fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    app.event(mention("and in 2023?", ts="1700000650.000100", thread_ts="1700000600.000100"))
    posts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 2 and p)
    from bot.engine import Engine

    reference = Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)
    reference.answer("how many has Amazon cut?", conversation="same")
    follow_up = reference.answer("and in 2023?", conversation="same")
    assert "Amazon" in follow_up.headline and "2023" in follow_up.headline  # the reference itself followed up
    assert escape(follow_up.headline) in all_text(posts[1].data["blocks"])
    assert posts[1].data["thread_ts"] == "1700000600.000100"


def test_process_engine_answers_and_follows_up(start_app, fake_slack: FakeSlack, tmp_path) -> None:
    """The bridge `layoffbot slack` uses: the real Engine in a worker process."""
    from adapters.slack.bridge import ProcessEngine

    db_file = tmp_path / "fixture.db"
    fixtures_core.build_fixture_db(str(db_file)).close()
    bridge = ProcessEngine(db_file, today=fixtures_core.TODAY)
    try:
        bridge.warm_up()
        app = start_app(None, bridge=bridge)
        app.event(mention("how many has Amazon cut?", ts="1700000700.000100"))
        fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"), timeout=60)
        app.event(mention("and in 2023?", ts="1700000750.000100", thread_ts="1700000700.000100"))
        posts = fake_slack.wait_for(lambda f: (p := f.calls_to("chat.postMessage")) and len(p) == 2 and p, timeout=60)
        assert escape(_reference("how many has Amazon cut?").headline) in all_text(posts[0].data["blocks"])
        follow_up = all_text(posts[1].data["blocks"])
        assert "Amazon" in follow_up and "2023" in follow_up  # the conversation lived in the worker
        slack_app_home = app.event({"type": "app_home_opened", "user": "U1", "tab": "home", "event_ts": "1.3"})
        assert slack_app_home.status == 200
        (home,) = fake_slack.wait_for(lambda f: f.calls_to("views.publish"), timeout=60)
        assert "Data as of 1 Feb 2026" in all_text(home.data["view"]["blocks"])
    finally:
        bridge.close()
