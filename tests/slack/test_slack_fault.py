"""Fault suite (issue 11): a real `layoffbot slack` HTTP process on 127.0.0.1 under hostile
requests — oversized, chunked, slow, half-open, malformed, unsigned, stale, replayed — at once.

Asserted: every hostile request gets its refusal, the process's memory stays bounded (RSS from
/proc, sampled throughout), it keeps serving, nothing is posted twice or for an unsigned request,
and the log holds no traceback, secret or request body.  Bounded: a fixed number of requests; the
slowest ones are cut by the server's own 10-second deadlines.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from slack_hostile import FORM, MALFORMED, closed_by_server, raw_post, sign

fixtures_core = pytest.importorskip("fixtures_core")

if not Path("/proc/self/status").exists():  # pragma: no cover - Linux only
    pytest.skip("needs /proc for the memory bound", allow_module_level=True)

RSS_GROWTH_LIMIT = 64 * 2**20
"""Memory the process may gain under the whole attack (one unbounded 200 MB body took 1.4 GB)."""
MARKER = "HOSTILEBODY"
"""In every hostile body: it must never appear in the log."""


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class RssSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            try:
                self.peak = max(self.peak, _rss(self.pid))
            except OSError:
                return
            self._done.wait(0.05)

    def stop(self) -> int:
        self._done.set()
        self.join(5)
        return self.peak


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _command(fake: FakeSlack, text: str) -> tuple[bytes, str]:
    url = fake.response_url()
    body = urllib.parse.urlencode({"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/layoffs",
                                   "text": text, "response_url": url, "trigger_id": url[-12:]}).encode()
    return body, url


def _post(port: int, body: bytes, headers: dict[str, str]) -> int:
    return raw_post(port, [body], {"Content-Type": FORM, "Content-Length": str(len(body)), **headers})


def test_endpoint_under_hostile_requests(fake_slack: FakeSlack, tmp_path: Path) -> None:
    db_file = tmp_path / "fixture.db"
    fixtures_core.build_fixture_db(str(db_file)).close()
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake_slack.api_url, "LAYOFFBOT_DB": str(db_file), "LAYOFFBOT_TODAY": "2026-02-15"}
    env.pop("SLACK_APP_TOKEN", None)
    log_file = tmp_path / "server.log"
    with log_file.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "cli", "slack", "--host", "127.0.0.1", "--port", str(port),
                                 "--engine", "thread"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, log_file, port)
        warm, warm_url = _command(fake_slack, "how many has Amazon cut?")
        assert _post(port, warm, sign(warm)) == 200
        fake_slack.wait_for(lambda f: f.calls_to("response_url"), timeout=60)
        baseline = _rss(proc.pid)
        sampler = RssSampler(proc.pid)
        sampler.start()

        replayed, replayed_url = _command(fake_slack, "how many has Meta cut?")
        replayed_headers = sign(replayed)
        refused_urls: list[str] = []

        def unsigned(kind: str) -> int:
            body, url = _command(fake_slack, f"how many has Google cut? {MARKER}")
            refused_urls.append(url)
            headers = {"unsigned": {}, "stale": sign(body, timestamp=str(int(time.time()) - 3600)),
                       "wrong-secret": sign(body, secret="f" * 32),
                       "non-numeric": sign(body, timestamp="17e8")}[kind]
            return _post(port, body, headers)

        half_open = [socket.create_connection(("127.0.0.1", port)) for _ in range(100)]
        big = (MARKER.encode() + b"a" * 65536) * 32  # 2 MiB
        jobs: list[tuple[str, int, object]] = []
        with ThreadPoolExecutor(max_workers=24) as pool:
            for _ in range(4):
                jobs.append(("claimed-200MB", 413, pool.submit(
                    raw_post, port, [big], {"Content-Type": FORM, "Content-Length": str(200 * 2**20)})))
                jobs.append(("chunked-4MiB", 413, pool.submit(
                    raw_post, port, [big, big], {"Content-Type": FORM, **sign(big)}, chunked=True)))
            for _ in range(3):
                jobs.append(("slow-body", 408, pool.submit(
                    raw_post, port, [MARKER.encode()[:1]] * 40, {"Content-Type": FORM, "Content-Length": "40"},
                    pause=0.5, timeout=60)))
            for bad in MALFORMED:
                headers = {"Content-Length": str(len(bad.body)), **sign(bad.body)}
                if bad.content_type:
                    headers["Content-Type"] = bad.content_type
                jobs.append((f"malformed:{bad.id}", 400, pool.submit(raw_post, port, [bad.body], headers)))
            for kind in ("unsigned", "stale", "wrong-secret", "non-numeric"):
                jobs.append((kind, 401, pool.submit(unsigned, kind)))
            for _ in range(5):
                jobs.append(("replay", 200, pool.submit(_post, port, replayed, replayed_headers)))
            results = {(name, i): (expected, future.result(90)) for i, (name, expected, future) in enumerate(jobs)}
        assert {k: v for k, v in results.items() if v[0] != v[1]} == {}
        assert all(closed_by_server(c, timeout=30) for c in half_open)  # the 10-second head deadline
        for conn in half_open:
            conn.close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as resp:
            assert resp.status == 200  # still serving
        peak = sampler.stop()
        assert peak - baseline < RSS_GROWTH_LIMIT, f"RSS grew by {(peak - baseline) / 2**20:.0f} MiB"

        fake_slack.wait_for(lambda f: len(f.calls_to("response_url")) >= 2, timeout=60)
        fake_slack.quiet_for(1.0)
        posted = [c.method.split(":", 1)[1] for c in fake_slack.calls_to("response_url")]
        assert sorted(posted) == sorted(u.rsplit("/", 1)[1] for u in (warm_url, replayed_url))  # each once
        assert not set(posted) & {u.rsplit("/", 1)[1] for u in refused_urls}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    text = log_file.read_text()
    assert "Traceback" not in text and "ERROR" not in text
    assert MARKER not in text and BOT_TOKEN not in text and SIGNING_SECRET not in text
    assert text.count("refused a Slack request") >= len(MALFORMED) + 8 + 3 + 4
    assert text.count("dropped a replayed Slack request") == 4


def _wait_healthy(proc: subprocess.Popen[bytes], log_file: Path, port: int) -> None:
    deadline = time.monotonic() + 90  # bounds a hung start; not a timing assertion
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        assert proc.poll() is None, log_file.read_text()
        assert time.monotonic() < deadline, log_file.read_text()
        time.sleep(0.2)
