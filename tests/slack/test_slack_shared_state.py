"""Two Slack apps in one test process sharing one StateStore (SQLite file or real Redis), as two
processes would: Show-all pressed on the other app, and a retry reaching the other app."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeEngine, FakeSlack, all_text, mention  # noqa: E402


@pytest.fixture(params=["sqlite", "redis"])
def two_apps(request: pytest.FixtureRequest, start_app, tmp_path: Path):
    from adapters.common.state_store import RedisStateStore, SQLiteStateStore

    def store():  # one handle per app, like one per process
        if request.param == "sqlite":
            return SQLiteStateStore(tmp_path / "state.db")
        return RedisStateStore(request.getfixturevalue("redis_url"), prefix=prefix)

    prefix = f"test-{uuid.uuid4().hex}:"
    return start_app(FakeEngine(), state=store()), start_app(FakeEngine(), state=store())


def test_show_all_pressed_on_the_other_instance(two_apps, fake_slack: FakeSlack) -> None:
    first, second = two_apps
    first.command("who cut the most in 2023?")
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    button = next(b["accessory"] for b in post.data["blocks"] if "accessory" in b)
    second.action(button["value"], response_url=fake_slack.response_url())
    shown = fake_slack.wait_for(lambda f: (p := f.calls_to("response_url")) and len(p) == 2 and p)
    full = all_text(shown[1].data["blocks"])
    assert "ask again" not in shown[1].data.get("text", "")
    assert all(f"{i}. *Company {i:03d}*" in full for i in range(1, 26))


def test_retry_on_the_other_instance_is_dropped(two_apps, fake_slack: FakeSlack) -> None:
    first, second = two_apps
    event = mention("how many has Amazon cut?", channel="CRETRY")
    assert first.event(event, event_id="EvShared1").status == 200
    assert second.event(event, event_id="EvShared1", retry_num=1).status == 200
    fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    fake_slack.quiet_for(0.5)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
