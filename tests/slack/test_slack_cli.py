"""`layoffbot slack` as users run it: a real process in HTTP mode, against a fake Slack."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack, RunningApp, all_text  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_layoffbot_slack_http_mode_end_to_end(fake_slack: FakeSlack, tmp_path: Path) -> None:
    db_file = tmp_path / "fixture.db"
    fixtures_core.build_fixture_db(str(db_file)).close()
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake_slack.api_url, "LAYOFFBOT_DB": str(db_file), "LAYOFFBOT_TODAY": "2026-02-15"}
    env.pop("SLACK_APP_TOKEN", None)
    log_file = tmp_path / "server.log"
    with log_file.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "cli", "slack", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                assert proc.poll() is None, log_file.read_text()
                assert time.monotonic() < deadline, log_file.read_text()
                time.sleep(0.2)
        response_url = fake_slack.response_url()
        body = urllib.parse.urlencode({"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/layoffs",
                                       "text": "how many has Amazon cut?", "response_url": response_url})
        request = urllib.request.Request(base + "/slack/events", data=body.encode(), method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", **RunningApp.signature_headers(body)})
        with urllib.request.urlopen(request, timeout=10) as resp:
            assert resp.status == 200
        (post,) = fake_slack.wait_for(lambda f: f.calls_to("response_url"), timeout=60)
        assert "Amazon" in all_text(post.data["blocks"]) and "Data as of 1 Feb 2026" in all_text(post.data["blocks"])
        assert fake_slack.calls_to("auth.test")  # the token was checked at start
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    log_text = log_file.read_text()
    assert BOT_TOKEN not in log_text and SIGNING_SECRET not in log_text
    assert "signed in to" in log_text
