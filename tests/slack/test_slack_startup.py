"""Issue 11: start-up errors of `layoffbot slack` are one clear line, and secrets never reach any
output — log records, tracebacks, uncaught exceptions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack

fixtures_core = pytest.importorskip("fixtures_core")

DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(fake: FakeSlack, tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, int]:
    db_file = tmp_path / "fixture.db"
    fixtures_core.build_fixture_db(str(db_file)).close()
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake.api_url, "LAYOFFBOT_DB": str(db_file), "LAYOFFBOT_TODAY": "2026-02-15"}
    env.pop("SLACK_APP_TOKEN", None)
    log_file = tmp_path / "server.log"
    with log_file.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "cli", "slack", "--host", "127.0.0.1", "--port", str(port),
                                 "--engine", "thread"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    return proc, log_file, port


def _wait_healthy(proc: subprocess.Popen[bytes], log_file: Path, port: int) -> None:
    deadline = time.monotonic() + 90  # bounds a hung start; not a timing assertion
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as resp:
                assert resp.status == 200
                return
        except OSError:
            assert proc.poll() is None, log_file.read_text()
            assert time.monotonic() < deadline, log_file.read_text()
            time.sleep(0.2)


@pytest.mark.parametrize(
    "status, error",
    [
        pytest.param(429, "ratelimited", id="ratelimited"),
        pytest.param(500, f"fatal_error Authorization: Bearer {BOT_TOKEN}", id="error-page-echoes-the-token"),
    ],
)
def test_auth_test_errors_other_than_a_bad_token_are_one_line(fake_slack: FakeSlack, tmp_path: Path,
                                                              status: int, error: str) -> None:
    fake_slack.fail("auth.test", status=status, times=5, error=error)
    proc, log_file, port = _start(fake_slack, tmp_path)
    try:
        _wait_healthy(proc, log_file, port)  # the token may be fine: the app serves anyway
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    text = log_file.read_text()
    assert "Traceback" not in text
    assert BOT_TOKEN not in text and SIGNING_SECRET not in text
    (line,) = [line for line in text.splitlines() if "could not check SLACK_BOT_TOKEN" in line]
    assert "starting anyway" in line and ("ratelimited" in line or "fatal_error" in line)


def test_a_bad_token_stops_the_start_with_one_line(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.fail("auth.test", status=200, times=5, error="invalid_auth")
    proc, log_file, _ = _start(fake_slack, tmp_path)
    assert proc.wait(60) == 1
    text = log_file.read_text()
    assert "Traceback" not in text and BOT_TOKEN not in text
    assert "SLACK_BOT_TOKEN" in text and "invalid_auth" in text


def test_uncaught_exceptions_are_printed_redacted(tmp_path: Path) -> None:
    script = (
        "import logging, threading\n"
        "from adapters.common.redact import install_redaction\n"
        f"install_redaction(['{SIGNING_SECRET}', '{DISCORD_TOKEN}'])\n"
        f"logging.getLogger('x').error('in a record: %s', '{BOT_TOKEN}')\n"
        "try:\n"
        f"    raise RuntimeError('logged: {DISCORD_TOKEN}')\n"
        "except RuntimeError:\n"
        "    logging.getLogger('x').exception('failed')\n"
        f"t = threading.Thread(target=lambda: (_ for _ in ()).throw(ValueError('thread {SIGNING_SECRET}')))\n"
        "t.start(); t.join()\n"
        f"raise RuntimeError('uncaught xoxp-1-2-3 {BOT_TOKEN}')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    out = result.stdout + result.stderr
    assert result.returncode == 1
    for secret in (BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN, "xoxp-1-2-3"):
        assert secret not in out
    assert out.count("[redacted]") >= 5
    assert "RuntimeError: uncaught" in out and "ValueError: thread" in out  # the errors themselves are kept


def test_one_line() -> None:
    from adapters.common.redact import one_line

    exc = RuntimeError(f"first line {BOT_TOKEN}\nsecond line")
    assert one_line(exc) == "RuntimeError: first line [redacted]"
    assert one_line(ValueError()) == "ValueError"
