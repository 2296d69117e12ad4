"""The request guard in front of Bolt (issue 11): size, slowness, signatures, shapes, replays and
what reaches the log — over real HTTP to the app served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import logging
import socket
import time
import urllib.parse

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import BOT_TOKEN, FakeEngine, FakeSlack, RunningApp
from slack_hostile import (
    BAD_TIMESTAMPS,
    FORM,
    JSON,
    MALFORMED,
    Bad,
    closed_by_server,
    raw_post,
    sign,
)

from adapters.slack import guard, server

GUARD_LOG = "adapters.slack.guard"


def _command_body(fake: FakeSlack, text: str = "how many has Amazon cut?", **extra: str) -> bytes:
    fields = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/layoffs", "text": text,
              "response_url": fake.response_url(), "trigger_id": "1.99.3", **extra}
    return urllib.parse.urlencode(fields).encode()


def _refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == GUARD_LOG]


# -- size -----------------------------------------------------------------------------------


def test_a_claimed_200_mb_body_is_refused_before_it_is_sent(slack_app: RunningApp, engine: FakeEngine,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        status = raw_post(slack_app.port, [b"x" * 1000], {"Content-Type": FORM, "Content-Length": str(200 * 2**20)})
    assert status == 413
    (line,) = _refusals(caplog)
    assert "size limit" in line.getMessage() and "127.0.0.1:" in line.getMessage()
    assert engine.calls == []


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "lying-content-length"])
def test_a_body_over_1_mib_is_refused_while_it_streams(slack_app: RunningApp, engine: FakeEngine, chunked: bool) -> None:
    chunks = [b"a" * 65536] * 40  # 2.5 MiB
    headers = {"Content-Type": FORM, **sign(b"".join(chunks))}
    if not chunked:
        headers["Content-Length"] = str(1024)  # says small, sends more: h11 cuts at 1024, which is then unsigned
        status = raw_post(slack_app.port, chunks, headers)
        assert status in (400, 401)
    else:
        assert raw_post(slack_app.port, chunks, headers, chunked=True) == 413
    assert engine.calls == []


def test_exactly_the_limit_is_read_and_judged_on_its_signature(slack_app: RunningApp) -> None:
    body = b"a" * guard.MAX_BODY_BYTES
    assert raw_post(slack_app.port, [body], {"Content-Type": FORM, "Content-Length": str(len(body))}) == 401


# -- slowness -------------------------------------------------------------------------------


def test_a_slow_body_is_cut_off(start_app, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "BODY_TIMEOUT", 0.5)
    app = start_app(engine)
    status = raw_post(app.port, [b"a"] * 40, {"Content-Type": FORM, "Content-Length": "40"}, pause=0.1)
    assert status == 408
    assert engine.calls == []


@pytest.mark.parametrize("trickle", [b"", b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"], ids=["silent", "partial-head"])
def test_half_open_connections_are_closed(start_app, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch,
                                          trickle: bytes) -> None:
    monkeypatch.setattr(server.GuardedH11Protocol, "header_timeout", 0.5)
    app = start_app(engine)
    conns = [socket.create_connection(("127.0.0.1", app.port)) for _ in range(20)]
    try:
        for conn in conns:
            if trickle:
                conn.sendall(trickle)
        assert all(closed_by_server(c, timeout=10) for c in conns)
        assert app.get("/health").status == 200  # and the server still serves
    finally:
        for conn in conns:
            conn.close()


def test_connections_are_bounded() -> None:
    config = server.build_uvicorn_server(_bare_app(), host="127.0.0.1", port=0).config
    assert config.limit_concurrency == server.MAX_CONNECTIONS
    assert config.timeout_keep_alive == server.KEEP_ALIVE_TIMEOUT
    assert config.http is server.GuardedH11Protocol


def _bare_app():  # type: ignore[no-untyped-def]
    from adapters.slack.app import create_app
    from adapters.slack.settings import SlackSettings

    return create_app(SlackSettings(bot_token=BOT_TOKEN, signing_secret="s" * 32), FakeEngine())


def test_bodies_in_flight_are_bounded_together(slack_app: RunningApp, fake_slack: FakeSlack,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "BODY_BUDGET", 100_000)
    head = (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\n"
            "Content-Length: 200000\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", slack_app.port), timeout=20) as holder:
        holder.sendall(head + b"a" * 90_000)  # held: the rest never comes (until the body timeout)
        fake_slack.wait_for(lambda f: guard.buffered_bytes() >= 90_000)
        assert raw_post(slack_app.port, [b"b" * 20_000], {"Content-Type": FORM, "Content-Length": "20000"}) == 503
        holder.close()
    fake_slack.wait_for(lambda f: guard.buffered_bytes() == 0)  # given back when the holder went away
    body = _command_body(fake_slack)
    assert raw_post(slack_app.port, [body], {"Content-Type": FORM, "Content-Length": str(len(body)), **sign(body)}) == 200


# -- signatures -----------------------------------------------------------------------------


@pytest.mark.parametrize("timestamp", BAD_TIMESTAMPS, ids=repr)
def test_non_numeric_timestamps_are_401(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine,
                                        timestamp: str, caplog: pytest.LogCaptureFixture) -> None:
    body = _command_body(fake_slack)
    with caplog.at_level(logging.INFO):
        status = raw_post(slack_app.port, [body], {"Content-Type": FORM, "Content-Length": str(len(body)),
                                                   **sign(body, timestamp=timestamp)})
    assert status == 401
    assert engine.calls == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_rejected_bodies_are_never_logged_and_cannot_forge_lines(slack_app: RunningApp, fake_slack: FakeSlack,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    body = _command_body(fake_slack, text="x\nINFO:root:FORGED admin granted", token="verification-token-123")
    stale = sign(body, timestamp=str(int(time.time()) - 600))  # genuine but stale: what bolt used to log raw
    with caplog.at_level(logging.DEBUG):
        for headers in (stale, {}, {"X-Slack-Request-Timestamp": str(int(time.time())),
                                    "X-Slack-Signature": "v0=" + "0" * 64}):
            result = slack_app.post("/slack/events", body.decode(), FORM, headers)
            assert result.status == 401
    text = caplog.text
    assert "FORGED" not in text and "verification-token-123" not in text and "response" not in text
    refusals = _refusals(caplog)
    assert [r.getMessage().split(": ", 1)[1] for r in refusals] == [
        "stale timestamp (HTTP 401)", "unsigned request (HTTP 401)", "invalid signature (HTTP 401)"]
    assert all("\n" not in r.getMessage() for r in refusals)


@pytest.mark.parametrize(
    "message, kept",
    [
        ("Invalid request signature detected (signature: v0=1, timestamp: 1, body: %s)",
         "Invalid request signature detected (request details not logged)"),
        ("Unhandled request (%s)", "Unhandled request (request details not logged)"),
        ("A global middleware (m) skipped calling either `next()` or `next_()` without providing a response for "
         "the request (%s)", "A global middleware (m) skipped calling either `next()` or `next_()` without providing"
         " a response for a request (details not logged)"),
    ],
    ids=["invalid-signature", "unhandled", "middleware"],
)
def test_bolts_own_log_lines_are_cut_before_the_body(message: str, kept: str) -> None:
    from adapters.common.redact import SecretRedactingFilter

    record = logging.LogRecord("slack_bolt.AsyncApp", logging.INFO, __file__, 1, message,
                               ("token=secret-ish&text=x\nforged",), None)
    assert SecretRedactingFilter().filter(record)
    assert record.getMessage() == kept


# -- malformed signed bodies ----------------------------------------------------------------


@pytest.mark.parametrize("bad", MALFORMED, ids=lambda b: b.id)
def test_malformed_signed_bodies_are_400_with_one_log_line(slack_app: RunningApp, fake_slack: FakeSlack,
                                                          engine: FakeEngine, bad: Bad,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    headers = {"Content-Length": str(len(bad.body)), **sign(bad.body)}
    if bad.content_type:
        headers["Content-Type"] = bad.content_type
    with caplog.at_level(logging.INFO):
        status = raw_post(slack_app.port, [bad.body], headers)
    assert status == 400
    (line,) = _refusals(caplog)
    assert "(HTTP 400)" in line.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert engine.calls == [] and fake_slack.posts() == []


def test_well_formed_bodies_pass_the_shape_check() -> None:
    assert guard.payload_problem(b'{"type": "url_verification", "challenge": "c"}', JSON) is None
    assert guard.payload_problem(b"command=%2Flayoffs&text=&user_id=U1&channel_id=C1", FORM + "; charset=utf-8") is None
    assert guard.payload_problem(b"ssl_check=1&token=x", FORM) is None


# -- replays ------------------------------------------------------------------------------


def test_a_replayed_command_is_answered_once(slack_app: RunningApp, fake_slack: FakeSlack, engine: FakeEngine,
                                             caplog: pytest.LogCaptureFixture) -> None:
    body = _command_body(fake_slack)
    headers = {"Content-Type": FORM, "Content-Length": str(len(body)), **sign(body)}
    with caplog.at_level(logging.INFO):
        statuses = [raw_post(slack_app.port, [body], headers) for _ in range(3)]
    assert statuses == [200, 200, 200]
    fake_slack.wait_for(lambda f: f.calls_to("response_url"))
    fake_slack.quiet_for(0.5)
    assert len(fake_slack.calls_to("response_url")) == 1 and len(engine.calls) == 1
    assert sum("replayed" in r.getMessage() for r in _refusals(caplog)) == 2


def test_the_same_command_signed_again_is_a_new_request(slack_app: RunningApp, fake_slack: FakeSlack,
                                                        engine: FakeEngine) -> None:
    body = _command_body(fake_slack)
    for ts in (int(time.time()) - 5, int(time.time())):  # Slack never re-signs; a user can ask twice
        headers = {"Content-Type": FORM, "Content-Length": str(len(body)), **sign(body, timestamp=str(ts))}
        assert raw_post(slack_app.port, [body], headers) == 200
    fake_slack.wait_for(lambda f: len(f.calls_to("response_url")) == 2)
    assert len(engine.calls) == 2


def test_remember_once_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from adapters.common.once import SQLiteOnce

    now = [1000.0]
    path = tmp_path / "seen.db"
    first, second = SQLiteOnce(path, clock=lambda: now[0]), SQLiteOnce(path, clock=lambda: now[0])
    assert first.remember_once("k", 10) is True
    assert second.remember_once("k", 10) is False  # another process on the same database
    assert first.remember_once("other", 10) is True
    now[0] += 11
    assert second.remember_once("k", 10) is True  # expired: a new request
    assert first.remember_once("k", 10) is False


def test_remember_once_survives_a_rebuilt_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from adapters.common.once import SQLiteOnce

    path = tmp_path / "seen.db"
    store = SQLiteOnce(path)
    assert store.remember_once("k", 60) is True
    with sqlite3.connect(path) as other:  # as `data init --force` would: the table is gone
        other.execute("DROP TABLE seen_requests")
    assert store.remember_once("k", 60) is True and store.remember_once("k", 60) is False


def test_an_unavailable_replay_store_is_503_not_a_traceback(slack_app: RunningApp, fake_slack: FakeSlack,
                                                             engine: FakeEngine, caplog: pytest.LogCaptureFixture) -> None:
    import sqlite3

    def broken(key: str, ttl: float) -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    slack_app.app.layoffbot.once.remember_once = broken  # the guard's store is the listeners' store
    body = _command_body(fake_slack)
    with caplog.at_level(logging.INFO):
        assert raw_post(slack_app.port, [body], {"Content-Type": FORM, "Content-Length": str(len(body)),
                                                 **sign(body)}) == 503
    (line,) = _refusals(caplog)
    assert "replay store unavailable" in line.getMessage() and not line.exc_info
    assert engine.calls == []


hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies
_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                         max_size=4),
                            max_leaves=12)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(body=st.binary(max_size=512), content_type=st.sampled_from([JSON, FORM, "text/plain", ""]))
def test_the_shape_check_never_raises_on_bytes(body: bytes, content_type: str) -> None:
    problem = guard.payload_problem(body, content_type)
    assert problem is None or isinstance(problem, str)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(kind=st.sampled_from(sorted(guard.REQUIRED)), fields=st.dictionaries(
    st.sampled_from(["event", "user", "view", "actions", "event_id", "challenge", "action_id", "value", "team"]),
    _json_values, max_size=6), as_form=st.booleans())
def test_the_shape_check_never_raises_on_json_shapes(kind: str, fields: dict, as_form: bool) -> None:
    import json

    doc = json.dumps({"type": kind, **fields})
    body = urllib.parse.urlencode({"payload": doc}).encode() if as_form else doc.encode()
    problem = guard.payload_problem(body, FORM if as_form else JSON)
    assert problem is None or isinstance(problem, str)
