"""Socket Mode: connect through apps.connections.open, receive envelopes, acknowledge them."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import APP_TOKEN, BOT_TOKEN, FakeEngine, FakeSlack, all_text, mention  # noqa: E402


class SocketModeApp:
    """The app connected over Socket Mode, in its own thread and event loop."""

    def __init__(self, fake: FakeSlack, engine: FakeEngine) -> None:
        from adapters.slack.app import create_app
        from adapters.slack.settings import SlackSettings

        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=None, app_token=APP_TOKEN, api_url=fake.api_url)
        self.app = create_app(settings, engine)
        self.loop = asyncio.new_event_loop()
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from adapters.slack.server import connect_socket_mode

        asyncio.set_event_loop(self.loop)
        self.handler = self.loop.run_until_complete(connect_socket_mode(self.app, APP_TOKEN))
        self._connected.set()
        self.loop.run_forever()

    def start(self) -> "SocketModeApp":
        self._thread.start()
        assert self._connected.wait(15), "Socket Mode never connected"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.handler.close_async(), self.loop).result(10)
        asyncio.run_coroutine_threadsafe(self.app.layoffbot.http.close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.app.layoffbot.bridge.close()


@pytest.fixture
def socket_app(fake_slack: FakeSlack, engine: FakeEngine) -> Iterator[SocketModeApp]:
    app = SocketModeApp(fake_slack, engine).start()
    yield app
    app.stop()


def _acks(fake: FakeSlack, envelope_id: str) -> list[dict[str, Any]]:
    return [m for m in fake.socket_received if m.get("envelope_id") == envelope_id]


def test_connects_with_the_app_token(socket_app: SocketModeApp, fake_slack: FakeSlack) -> None:
    (opened,) = fake_slack.calls_to("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    # The server records the connection in its own task, which may run just after the
    # client's connect returns: wait for it rather than race it.
    assert fake_slack.wait_for(lambda f: f.calls_to("socket:connect"))


def test_slash_command_envelope_is_acknowledged_then_answered(socket_app: SocketModeApp, fake_slack: FakeSlack) -> None:
    response_url = fake_slack.response_url()
    envelope_id = uuid.uuid4().hex
    fake_slack.send_socket({
        "envelope_id": envelope_id, "type": "slash_commands", "accepts_response_payload": True,
        "payload": {"team_id": "T1", "channel_id": "C222", "user_id": "U222", "command": "/layoffs",
                    "text": "how many has Meta cut?", "response_url": response_url, "trigger_id": "1.2.3",
                    "api_app_id": "A1"},
    })
    (ack,) = fake_slack.wait_for(lambda f: _acks(f, envelope_id))
    assert ack["payload"]["response_type"] == "in_channel"
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    assert post.data["response_type"] == "in_channel"
    assert "Meta laid off" in all_text(post.data["blocks"])


def test_event_envelope_retry_answers_once(socket_app: SocketModeApp, fake_slack: FakeSlack) -> None:
    payload = {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "EvSOCKET",
               "event": mention("how many has Google cut?", ts="1700000500.000100")}
    for attempt in range(2):
        envelope_id = f"env-{attempt}"
        fake_slack.send_socket({"envelope_id": envelope_id, "type": "events_api", "accepts_response_payload": False,
                                "retry_attempt": attempt, "retry_reason": "timeout" if attempt else "",
                                "payload": payload})
        fake_slack.wait_for(lambda f: _acks(f, envelope_id))
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert post.data["thread_ts"] == "1700000500.000100"
    fake_slack.quiet_for(0.5)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
