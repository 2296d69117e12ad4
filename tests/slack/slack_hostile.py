"""Hostile requests for the Slack endpoint tests: raw-socket HTTP (oversized, chunked, slow,
half-open) and a table of signed but malformed bodies.  Shared by the in-process guard tests and
the fault suite against a real ``layoffbot slack`` process."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import urllib.parse
from dataclasses import dataclass

from slack_fakes import SIGNING_SECRET

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def sign(body: bytes, *, timestamp: str | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's v0 signature headers over the raw bytes."""
    ts = timestamp if timestamp is not None else str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}


def raw_post(port: int, body_chunks: list[bytes], headers: dict[str, str], *, path: str = "/slack/events",
             chunked: bool = False, pause: float = 0.0, timeout: float = 20.0) -> int:
    """POST over a raw socket; returns the status code (0 when the server closed without one).
    ``chunked`` sends Transfer-Encoding: chunked; ``pause`` sleeps between chunks."""
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    if chunked:
        head.append("Transfer-Encoding: chunked")
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("utf-8"))
        try:
            for chunk in body_chunks:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
                if pause:
                    time.sleep(pause)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:  # the server answered and closed while we were still sending: expected
            pass
        return read_status(sock)


def read_status(sock: socket.socket) -> int:
    data = b""
    try:
        while b"\r\n" not in data:
            piece = sock.recv(4096)
            if not piece:
                break
            data += piece
    except OSError:
        pass
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


def closed_by_server(sock: socket.socket, timeout: float) -> bool:
    """True when the server closes the connection within ``timeout`` (a bound for a hung test,
    not a timing assertion)."""
    sock.settimeout(timeout)
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@dataclass(frozen=True)
class Bad:
    id: str
    content_type: str
    body: bytes


def _j(doc: object) -> bytes:
    return json.dumps(doc).encode()


def _form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def _payload(doc: object) -> bytes:
    return urllib.parse.urlencode({"payload": json.dumps(doc)}).encode()


_EVENT = {"type": "event_callback", "team_id": "T1", "event_id": "Ev1",
          "event": {"type": "app_mention", "user": "U1", "text": "<@UBOT> hi", "ts": "1.2", "channel": "C1"}}
_ACTION = {"type": "block_actions", "user": {"id": "U1"}, "response_url": "http://127.0.0.1:9/x",
           "actions": [{"action_id": "layoffs_show_all", "value": "k"}]}
_VIEW = {"type": "view_submission", "user": {"id": "U1"},
         "view": {"callback_id": "layoffs_add_round", "state": {"values": {}}}}


def _event(**event: object) -> bytes:
    return _j({**_EVENT, "event": {**_EVENT["event"], **event}})


def _without(doc: dict, key: str) -> dict:
    return {k: v for k, v in doc.items() if k != key}


#: Signed requests that are not what Slack sends: each must be refused with 400, one log line.
MALFORMED: list[Bad] = [
    Bad("json-truncated", JSON, b'{"type": "event_callback", "event": {'),
    Bad("json-empty", JSON, b""),
    Bad("json-bad-utf8", JSON, b'{"type": "url_verification", "challenge": "\xff\xfe"}'),
    Bad("json-overlong-utf8", JSON, b'{"type": "url_verification", "challenge": "\xc0\xaf"}'),
    Bad("json-bom", JSON, "\ufeff".encode() + _j({"type": "url_verification", "challenge": "x"})),
    Bad("json-array", JSON, b"[]"),
    Bad("json-string", JSON, b'"hello"'),
    Bad("json-null", JSON, b"null"),
    Bad("json-number", JSON, b"42"),
    Bad("json-trailing-garbage", JSON, _j({"type": "url_verification", "challenge": "x"}) + b" trailing"),
    Bad("json-deep-nesting", JSON, b"[" * 100_000 + b"]" * 100_000),
    Bad("json-missing-type", JSON, _j(_without(_EVENT, "type"))),
    Bad("json-type-number", JSON, _j({**_EVENT, "type": 5})),
    Bad("json-type-nan", JSON, b'{"type": NaN}'),
    Bad("json-unknown-type", JSON, _j({**_EVENT, "type": "nonsense"})),
    Bad("json-type-per-event-row", JSON, _j({**_EVENT, "type": "event:message"})),
    Bad("event-missing", JSON, _j(_without(_EVENT, "event"))),
    Bad("event-a-string", JSON, _j({**_EVENT, "event": "app_mention"})),
    Bad("event-a-list", JSON, _j({**_EVENT, "event": []})),
    Bad("event-missing-type", JSON, _j({**_EVENT, "event": _without(_EVENT["event"], "type")})),
    Bad("event-type-number", JSON, _event(type=1)),
    Bad("event-id-missing", JSON, _j(_without(_EVENT, "event_id"))),
    Bad("event-id-number", JSON, _j({**_EVENT, "event_id": 7})),
    Bad("event-user-dict", JSON, _event(user={"id": "U1"})),
    Bad("event-text-list", JSON, _event(text=["hi"])),
    Bad("event-ts-number", JSON, _event(ts=1.2)),
    Bad("event-channel-null", JSON, _event(channel=None)),
    Bad("mention-without-channel", JSON, _j({**_EVENT, "event": _without(_EVENT["event"], "channel")})),
    Bad("dm-without-channel", JSON, _j({**_EVENT, "event": {"type": "message", "channel_type": "im", "user": "U1",
                                                              "text": "hi", "ts": "1.2"}})),
    Bad("home-without-user", JSON, _j({**_EVENT, "event": {"type": "app_home_opened", "tab": "home"}})),
    Bad("event-files-string", JSON, _event(files="f.csv")),
    Bad("authorizations-string", JSON, _j({**_EVENT, "authorizations": "T1"})),
    Bad("challenge-missing", JSON, _j({"type": "url_verification"})),
    Bad("challenge-number", JSON, _j({"type": "url_verification", "challenge": 5})),
    Bad("form-bad-utf8-escape", FORM, b"command=%2Flayoffs&text=%FF&user_id=U1&channel_id=C1"),
    Bad("form-raw-bad-utf8", FORM, b"command=/layoffs&text=\xff&user_id=U1&channel_id=C1"),
    Bad("form-empty", FORM, b""),
    Bad("form-garbled", FORM, b"a&&b"),
    Bad("command-without-user", FORM, _form(command="/layoffs", text="hi", channel_id="C1")),
    Bad("command-without-channel", FORM, _form(command="/layoffs", text="hi", user_id="U1")),
    Bad("command-repeated-field", FORM, b"command=/layoffs&command=/other&user_id=U1&channel_id=C1"),
    Bad("form-neither", FORM, _form(text="hi")),
    Bad("payload-not-json", FORM, _form(payload="{not json")),
    Bad("payload-array", FORM, _form(payload="[]")),
    Bad("payload-missing-type", FORM, _payload(_without(_ACTION, "type"))),
    Bad("actions-without-user", FORM, _payload(_without(_ACTION, "user"))),
    Bad("actions-user-id-number", FORM, _payload({**_ACTION, "user": {"id": 5}})),
    Bad("actions-not-a-list", FORM, _payload({**_ACTION, "actions": {"action_id": "x"}})),
    Bad("action-without-id", FORM, _payload({**_ACTION, "actions": [{"value": "k"}]})),
    Bad("action-value-dict", FORM, _payload({**_ACTION, "actions": [{"action_id": "x", "value": {}}]})),
    Bad("view-missing", FORM, _payload(_without(_VIEW, "view"))),
    Bad("view-values-list", FORM, _payload({**_VIEW, "view": {"callback_id": "x", "state": {"values": []}}})),
    Bad("suggestion-without-value", FORM, _payload({"type": "block_suggestion", "user": {"id": "U1"},
                                                    "action_id": "layoffs_company_select"})),
    Bad("shortcut-without-callback", FORM, _payload({"type": "message_action", "user": {"id": "U1"},
                                                     "message": {"text": "hi"}})),
    Bad("shortcut-message-text-list", FORM, _payload({"type": "message_action", "callback_id": "x",
                                                      "user": {"id": "U1"}, "message": {"text": ["hi"]}})),
    Bad("content-type-text", "text/plain", _j({"type": "url_verification", "challenge": "x"})),
    Bad("content-type-missing", "", _j({"type": "url_verification", "challenge": "x"})),
]

#: X-Slack-Request-Timestamp values that are not a Unix time in seconds: each is 401.
BAD_TIMESTAMPS = ["abc", "1e9", "-5", " 123", "١٢٣", "9" * 20, "", "1700000000.5", "0x10"]
