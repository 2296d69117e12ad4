"""Offline test doubles for the Slack adapter: a fake Slack (Web API, response_url, file upload
URLs, Socket Mode websocket) on 127.0.0.1, a fake engine returning rich Replies, and a running
app (Bolt AsyncApp served by uvicorn on an ephemeral port) that sends really signed requests."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import WSMsgType, web
from fake_engine import ContractEngine
from slack_sdk.signature import SignatureVerifier

from bot.reply import (
    ChartRequest,
    CompanyRow,
    Reply,
    RoundRow,
    Series,
    Source,
    Understood,
)

BOT_TOKEN = "xoxb-1111-2222-testtokenvalue"
APP_TOKEN = "xapp-1-A111-222-testapptoken"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
AS_OF = dt.date(2026, 1, 28)


# ---------------------------------------------------------------------------------------------
# fake Slack


@dataclass
class Call:
    method: str
    data: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """Records every call; answers like Slack.  ``fail(method, status, times, retry_after)``
    makes the next calls of a method fail (429 rate limits)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.socket_received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._failures: dict[str, list[tuple[int, int]]] = {}
        self._ts = 1700000000.000100
        self._loop = asyncio.new_event_loop()
        self._ws: web.WebSocketResponse | None = None
        self._ws_ready = threading.Event()
        self.port = 0
        self.files: dict[str, bytes] = {}
        """Served at /files/<name> (file downloads, e.g. a CSV shared in a DM)."""
        self.uploads: dict[str, bytes] = {}
        """The bodies uploaded to the upload URLs (files_upload_v2), by file id."""
        self.workspace_admins: set[str] = set()
        self.channel_creators: dict[str, str] = {}
        self.oauth_grants: dict[str, tuple[str, str]] = {}
        """OAuth installs: code -> (team id, bot token) answered by oauth.v2.access."""

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> "FakeSlack":
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application(client_max_size=20 * 1024 * 1024)
            app.router.add_post("/api/{method}", self._api)
            app.router.add_get("/api/{method}", self._api)  # the SDK reads some methods with GET
            app.router.add_post("/response/{id}", self._response_url)
            app.router.add_post("/upload/{id}", self._upload)
            app.router.add_get("/socket", self._socket)
            app.router.add_get("/files/{name}", self._file)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-slack", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._ws is not None:
                await self._ws.close()
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self) -> str:
        return f"{self.url}/response/{uuid.uuid4().hex}"

    # -- programming and inspecting -----------------------------------------------------------
    def fail(self, method: str, *, status: int = 429, times: int = 1, retry_after: int = 0,
             error: str = "ratelimited") -> None:
        with self._lock:
            self._failures.setdefault(method, []).extend([(status, retry_after, error)] * times)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method or (method == "response_url" and c.method.startswith("response_url"))]

    def posts(self) -> list[Call]:
        """Messages sent to users: chat.postMessage and response_url posts, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == "chat.postMessage" or c.method.startswith("response_url")]

    def wait_for(self, predicate: Callable[["FakeSlack"], Any], timeout: float = 15.0) -> Any:
        """Poll until ``predicate(self)`` is truthy; returns its value (not a timing assertion:
        the timeout only bounds a hung test)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate(self)
            if value:
                return value
            time.sleep(0.02)
        summary = [(c.method, str(c.data)[:200]) for c in self.calls]
        raise AssertionError(f"timed out; calls so far: {summary}")

    def quiet_for(self, seconds: float = 0.5) -> None:
        """Let in-flight background work finish before asserting that nothing more happened."""
        time.sleep(seconds)

    # -- handlers ---------------------------------------------------------------------------
    def _record(self, method: str, data: dict[str, Any], request: web.Request) -> None:
        with self._lock:
            self.calls.append(Call(method, data, dict(request.headers)))

    def _take_failure(self, method: str) -> tuple[int, int, str] | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.method == "GET":
            data = {}
        elif request.content_type == "application/json":
            data = await request.json()
        else:
            data = dict(await request.post())
        data = {**dict(request.query), **data}  # the SDK sends some methods' arguments as a query string
        for key in ("blocks", "view"):
            if isinstance(data.get(key), str):
                data[key] = json.loads(data[key])
        self._record(method, data, request)
        failure = self._take_failure(method)
        if failure:
            status, retry_after, error = failure
            return web.json_response({"ok": False, "error": error}, status=status, headers={"Retry-After": str(retry_after)})
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return web.json_response(self._answer(method, data, token))

    def _answer(self, method: str, data: dict[str, Any], token: str = "") -> dict[str, Any]:
        if method == "oauth.v2.access":
            grant = self.oauth_grants.get(str(data.get("code")))
            if grant is None:
                return {"ok": False, "error": "invalid_code"}
            team, bot_token = grant
            return {"ok": True, "app_id": "A1", "authed_user": {"id": "UINSTALLER"}, "scope": "commands,chat:write",
                    "token_type": "bot", "access_token": bot_token, "bot_user_id": "UBOT",
                    "team": {"id": team, "name": f"Team {team}"}, "enterprise": None, "is_enterprise_install": False}
        if method == "auth.test":
            team = next((t for t, tok in self.oauth_grants.values() if tok == token), "T1")
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "layoffbot",
                    "team_id": team, "user_id": "UBOT", "bot_id": "BBOT", "is_enterprise_install": False}
        if method == "chat.postMessage":
            with self._lock:
                self._ts += 1
                ts = f"{self._ts:.6f}"
            return {"ok": True, "channel": data.get("channel"), "ts": ts, "message": {"text": data.get("text")}}
        if method == "files.getUploadURLExternal":
            file_id = "F" + uuid.uuid4().hex[:8].upper()
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(data.get("files", "[]")) if isinstance(data.get("files"), str) else data.get("files", [])
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "users.info":
            user = data.get("user")
            return {"ok": True, "user": {"id": user, "is_admin": user in self.workspace_admins, "is_owner": False}}
        if method == "conversations.info":
            channel = data.get("channel")
            return {"ok": True, "channel": {"id": channel, "creator": self.channel_creators.get(channel, "UCREATOR")}}
        if method == "conversations.open":  # the DM with a user (watchlist alerts)
            return {"ok": True, "channel": {"id": "D" + str(data.get("users", "")).split(",")[0]}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": True}

    async def _response_url(self, request: web.Request) -> web.StreamResponse:
        self._record("response_url:" + request.match_info["id"], await request.json(), request)
        return web.json_response({"ok": True})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self._record("file_download", {"name": name}, request)
        if name not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[name], content_type="text/csv")

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.uploads[request.match_info["id"]] = body
        self._record("upload", {"id": request.match_info["id"], "size": len(body), "png": b"\x89PNG" in body[:4096]}, request)
        return web.Response(text="OK - " + str(len(body)))

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self._record("socket:connect", {}, request)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        self._ws_ready.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                with self._lock:
                    self.socket_received.append(json.loads(msg.data))
        return ws

    def send_socket(self, envelope: dict[str, Any]) -> None:
        assert self._ws_ready.wait(15), "the app never connected to the fake Socket Mode server"
        assert self._ws is not None
        asyncio.run_coroutine_threadsafe(self._ws.send_json(envelope), self._loop).result(10)


# ---------------------------------------------------------------------------------------------
# fake engine


def _round(company: str, day: dt.date, count: int | None, **kw: Any) -> RoundRow:
    return RoundRow(id=None, company=company, division=kw.pop("division", None), date=day, count=count,
                    source=kw.pop("source", f"https://news.example/{company.lower()}/{day.isoformat()}"), **kw)


class FakeEngine(ContractEngine):
    """Answers like the core, from keywords; remembers the last company per conversation so
    follow-ups ("and in 2023?") only work when the adapter passes the same conversation key.
    Never raises (:class:`fake_engine.ContractEngine`): "boom" is answered with the apology
    and a logged traceback that mentions the bot token (the redaction tests need one)."""

    as_of_date = AS_OF

    def __init__(self, *, slow_seconds: float = 0.0) -> None:
        super().__init__()
        self.slow_seconds = slow_seconds
        self._last_company: dict[str | None, str] = {}

    def failure_message(self) -> str:
        return f"database exploded while using token {BOT_TOKEN}"

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        return [c for c in ("Amazon", "Meta", "Google") if c.lower().startswith(prefix.lower())][:limit]

    def respond(self, text: str, conversation: str | None) -> Reply:
        q = text.lower()
        if "slow" in q and self.slow_seconds:
            time.sleep(self.slow_seconds)
        if q == "help":
            return Reply(intent="help", text="Ask about totals, rounds, rankings, comparisons and plans.", as_of=AS_OF)
        if "who cut the most" in q or "top" in q:
            return self._rank(200 if "huge" in q else 25)
        if " vs " in q:
            return self._compare()
        if "huge" in q:
            return self._huge()
        if "chart" in q:
            return Reply(intent="chart", text="Amazon layoffs by quarter.", headline="Amazon layoffs by quarter",
                         as_of=AS_OF, chart=ChartRequest(kind="company_over_time", title="Amazon layoffs by quarter",
                                                        labels=["2023 Q1", "2023 Q2"], series=[Series("Amazon", [18000, 9000])],
                                                        bucket="quarter"))
        if "planning" in q:
            return self._planned()
        company = next((c for c in ("Amazon", "Meta", "Google", "AT&T") if c.lower() in q), None)
        with self._lock:
            if company is None:
                company = self._last_company.get(conversation)
            elif conversation:
                self._last_company[conversation] = company
        if company is None:
            return Reply(intent="unknown", text="I could not tell which company you mean. Try “how many has Amazon cut?”",
                         suggestions=["how many has Amazon cut?", "who cut the most in 2023?"], as_of=AS_OF)
        year = "2023" if "2023" in q else None
        return self._total(company, year)

    def _total(self, company: str, year: str | None) -> Reply:
        rows = [_round(company, dt.date(2023, 1, 18), 18000, note="cumulative announcement"),
                _round(company, dt.date(2023, 3, 20), 9000, percentage=5.0, percentage_basis="company"),
                _round(company, dt.date(2023, 6, 1), None, division="Devices & Services")]
        if year is None:
            rows.append(_round(company, dt.date(2024, 2, 1), 1200, status="confirmed"))
        total = sum(r.count or 0 for r in rows)
        period = f"1 Jan {year} – 31 Dec {year}" if year else "all time"
        return Reply(intent="total", headline=f"{company} laid off {total:,} people ({period})",
                     text=f"{company} laid off {total:,} people ({period}), plus 1 round of undisclosed size.",
                     understood=Understood(companies=[company], description=f"{company} · {period}"),
                     total=total, undisclosed_rounds=1, rows=rows, row_kind="rounds",
                     sources=[Source(r.source or "", f"{company}, {r.date}") for r in rows], as_of=AS_OF,
                     notes=["Plus 1 round of undisclosed size."])

    def _rank(self, n: int) -> Reply:
        rows = [CompanyRow(company=f"Company {i:03d}", total=100_000 - i * 100, rounds=3, undisclosed_rounds=i % 2,
                           industry="Retail", country="US") for i in range(1, n + 1)]
        return Reply(intent="rank", headline="Who cut the most in 2023: Company 001 (99,900)",
                     text="\n".join(f"{i}. {r.company}: {r.total:,}" for i, r in enumerate(rows, 1)),
                     understood=Understood(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
                                           description="all companies · 2023"),
                     rows=rows, row_kind="companies", as_of=AS_OF,
                     sources=[Source(f"https://layoffs.example/{i}", f"Company {i:03d}") for i in range(1, 13)])

    def _compare(self) -> Reply:
        rows = [CompanyRow("Meta", 21000, 2, planned_rounds=1), CompanyRow("Google", 12000, 1, undisclosed_rounds=2)]
        return Reply(intent="compare", headline="Meta 21,000 vs Google 12,000", text="Meta: 21,000; Google: 12,000",
                     understood=Understood(companies=["Meta", "Google"], description="Meta, Google · all time"),
                     rows=rows, row_kind="companies", as_of=AS_OF,
                     sources=[Source("https://news.example/meta", "Meta"), Source("https://news.example/google", "Google")])

    def _planned(self) -> Reply:
        planned = [_round("Amazon", dt.date(2026, 3, 1), 14000, status="planned", counted=False)]
        return Reply(intent="planned", headline="Amazon has 1 reported plan", text="Amazon plans to cut 14,000 (reported plan).",
                     understood=Understood(companies=["Amazon"], description="Amazon · plans"), planned=planned,
                     sources=[Source(planned[0].source or "", "Amazon plan")], as_of=AS_OF)

    def _huge(self) -> Reply:
        rows = [_round("Amazon", dt.date(2020, 1, 1) + dt.timedelta(days=i), i + 1, division="Division " + "x" * 80,
                       note="n" * 300) for i in range(600)]
        return Reply(intent="rounds", headline="Amazon: 600 rounds " + "h" * 4000, text="t" * 50_000,
                     understood=Understood(companies=["Amazon"], description="d" * 5000), rows=rows, row_kind="rounds",
                     planned=[_round("Amazon", dt.date(2027, 1, 1), 5, status="rumored", counted=False)] * 30,
                     sources=[Source(f"https://news.example/{i}", "s" * 200) for i in range(300)],
                     notes=["note " + "z" * 4000] * 25, suggestions=["q" * 500] * 12, as_of=AS_OF)


# ---------------------------------------------------------------------------------------------
# the app under test, served over real HTTP


@dataclass
class HttpResult:
    status: int
    body: str
    received_at: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class RunningApp:
    """``create_app`` served by uvicorn on 127.0.0.1:<ephemeral>, Web API pointed at the fake."""

    def __init__(self, engine: Any, fake: FakeSlack, *, private_by_default: bool = False, bridge: Any = None,
                 alert_interval: float | None = None, settings: Any = None, **app_kwargs: Any) -> None:
        from adapters.slack.app import create_app
        from adapters.slack.server import build_uvicorn_server
        from adapters.slack.settings import SlackSettings

        self.fake = fake
        self.settings = settings or SlackSettings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET,
                                                  api_url=fake.api_url, private_by_default=private_by_default)
        self.app = (create_app(self.settings, bridge=bridge, **app_kwargs) if bridge is not None
                    else create_app(self.settings, engine, **app_kwargs))
        if alert_interval is not None:
            self.app.layoffbot.alert_interval = alert_interval
        self.server = build_uvicorn_server(self.app, host="127.0.0.1", port=0)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> "RunningApp":
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "uvicorn did not start"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(10)
        self.app.layoffbot.bridge.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- requests ---------------------------------------------------------------------------
    def post(self, path: str, body: str, content_type: str, headers: dict[str, str] | None = None) -> HttpResult:
        request = urllib.request.Request(self.url + path, data=body.encode(), method="POST",
                                         headers={"Content-Type": content_type, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=15) as resp:
                return HttpResult(resp.status, resp.read().decode(), time.monotonic())
        except urllib.error.HTTPError as err:
            return HttpResult(err.code, err.read().decode(), time.monotonic())

    def get(self, path: str) -> HttpResult:
        with urllib.request.urlopen(self.url + path, timeout=15) as resp:
            return HttpResult(resp.status, resp.read().decode(), time.monotonic())

    @staticmethod
    def signature_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}

    def command(self, text: str, *, user: str = "U111", channel: str = "C111", response_url: str | None = None,
                headers: dict[str, str] | None = None, signed: bool = True, team: str = "T1",
                trigger_id: str | None = None) -> tuple[HttpResult, str]:
        response_url = response_url or self.fake.response_url()
        body = urllib.parse.urlencode({
            "token": "legacy", "team_id": team, "team_domain": "fake", "channel_id": channel, "channel_name": "general",
            "user_id": user, "user_name": "someone", "command": "/layoffs", "text": text, "api_app_id": "A1",
            "response_url": response_url, "trigger_id": trigger_id or f"1.{uuid.uuid4().int % 10**12}.3",
        })
        sig = self.signature_headers(body) if signed else {}
        return self.post("/slack/events", body, "application/x-www-form-urlencoded", {**sig, **(headers or {})}), response_url

    def event(self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None,
              team: str = "T1") -> HttpResult:
        body = json.dumps({"token": "legacy", "team_id": team, "api_app_id": "A1", "type": "event_callback",
                           "event_id": event_id or "Ev" + uuid.uuid4().hex[:10], "event_time": int(time.time()),
                           "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}], "event": event})
        headers = self.signature_headers(body)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post("/slack/events", body, "application/json", headers)

    def action(self, value: str, *, response_url: str, user: str = "U111", channel: str = "C111",
               action_id: str = "layoffs_show_all") -> HttpResult:
        payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
                   "channel": {"id": channel}, "container": {"type": "message", "channel_id": channel},
                   "trigger_id": "1.2.3", "response_url": response_url,
                   "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                                "action_ts": "1700000000.1"}]}
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self.post("/slack/events", body, "application/x-www-form-urlencoded", self.signature_headers(body))


    def view_submission(self, values: dict[str, Any], *, user: str = "UADMIN", channel: str = "C111",
                        callback_id: str = "layoffs_add_round") -> HttpResult:
        """Submit the add-round modal: ``values`` maps block ids to plain values."""
        state: dict[str, Any] = {}
        for block, value in values.items():
            if block == "company":  # the autocomplete (external_select)
                state[block] = {"layoffs_company_select": {"type": "external_select", "selected_option": {
                    "value": value, "text": {"type": "plain_text", "text": value}}}}
                continue
            if block == "date":
                element = {"type": "datepicker", "selected_date": value}
            elif block in ("status", "percentage_basis"):
                element = {"type": "static_select", "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}}}
            elif block == "new_company":
                element = {"type": "checkboxes", "selected_options": [{"value": "yes"}] if value else []}
            else:
                element = {"type": "plain_text_input", "value": value}
            state[block] = {"value": element}
        payload = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
                   "trigger_id": "1.2.3", "view": {"id": "V1", "type": "modal", "callback_id": callback_id,
                                                   "private_metadata": channel, "state": {"values": state}}}
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self.post("/slack/events", body, "application/x-www-form-urlencoded", self.signature_headers(body))


    def suggestion(self, typed: str, *, user: str = "UADMIN") -> HttpResult:
        """A block_suggestion request from the form's company field."""
        payload = {"type": "block_suggestion", "team": {"id": "T1"}, "user": {"id": user}, "api_app_id": "A1",
                   "action_id": "layoffs_company_select", "block_id": "company", "value": typed,
                   "view": {"id": "V1", "type": "modal", "callback_id": "layoffs_add_round"}}
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self.post("/slack/events", body, "application/x-www-form-urlencoded", self.signature_headers(body))


def mention(text: str, *, ts: str = "1700000100.000100", thread_ts: str | None = None, user: str = "U111",
            channel: str = "C111", **extra: Any) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@UBOT> {text}", "ts": ts, "channel": channel,
             "event_ts": ts, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, *, ts: str = "1700000200.000100", channel: str = "D111", user: str = "U111",
                   **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts, "channel": channel,
            "event_ts": ts, **extra}


def all_text(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in a list of blocks, for content assertions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)
