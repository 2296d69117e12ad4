"""Slack adapter benchmark: signed slash commands at the HTTP app on loopback, with concurrency.

Compares, in the same run and on the same server stack (Starlette + uvicorn, Bolt AsyncApp,
signature verification on):

- **bare**: a Bolt app whose ``/layoffs`` listener acks a constant;
- **layoffbot**: ``adapters.slack.app.create_app`` over the real Engine and the shipped
  database — it acks at once and answers in the background through the command's
  ``response_url`` (a local fake Slack that counts deliveries).

Each app runs in its own subprocess (so the load generator does not share its GIL); the load
generator sends ``--requests`` commands with ``--concurrency`` in flight, bounded by
``--max-seconds``, for ``--rounds`` alternating rounds.  Reports throughput (acks/s) and ack
latency p50/p99 (send → HTTP response), and for layoffbot how many answers were delivered.

    python benchmarks/bench_slack.py [--requests 1000] [--concurrency 16] [--rounds 2]

``--workers 1,2,4`` measures scaling out instead (issue 14): for each count N, N app processes
as ``layoffbot slack`` runs them (each with its core worker, all sharing state through the
database file's ``kv`` table), the load spread over them round-robin like a load balancer;
reports throughput and ack p99 per N and the ratios to one worker.

    python benchmarks/bench_slack.py --workers 1,2,4 --requests 600 --rounds 1
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
BOT_TOKEN = "xoxb-bench-token"
#: bare = Bolt acking a constant; layoffbot = the real app as shipped (core in a worker
#: process); thread = the core in a thread of the app's process (``--engine thread``);
#: adapter = the app with each question's answer computed once (the adapter's own cost).
KINDS = ("bare", "layoffbot", "thread", "adapter")
QUESTIONS = [
    "how many has Amazon cut?",
    "who cut the most in 2023?",
    "Meta vs Google",
    "latest layoffs",
    "how many did Microsoft cut in 2023?",
    "is Amazon planning more?",
    "how many has Google cut?",
    "top 5 companies in 2024",
]


# ---------------------------------------------------------------------------------------------
# fake Slack (main process): auth.test and response_url deliveries


class FakeSlack:
    def __init__(self) -> None:
        self.delivered = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self.port = 0

    def start(self) -> "FakeSlack":
        from aiohttp import web

        ready = threading.Event()

        async def api(request: web.Request) -> web.Response:
            return web.json_response({"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT",
                                      "url": "https://fake.slack.com/", "team": "Fake", "user": "layoffbot"})

        async def response_url(request: web.Request) -> web.Response:
            await request.read()
            with self._lock:
                self.delivered += 1
            return web.json_response({"ok": True})

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_post("/api/{method}", api)
            app.router.add_post("/response/{id}", response_url)
            runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)
        return self


# ---------------------------------------------------------------------------------------------
# servers (subprocesses)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _CannedEngine:
    """The real engine's answers, computed once per question: isolates the adapter's own cost."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._answers = {q: engine.answer(q) for q in QUESTIONS}

    def answer(self, text: str, **kwargs: Any) -> Any:
        return self._answers.get(text) or self._engine.answer(text, **kwargs)

    def as_of(self) -> Any:
        return self._engine.as_of()


def _serve(kind: str, port: int, api_url: str, db_path: str) -> None:
    import logging

    logging.basicConfig(level=logging.ERROR)
    from slack_bolt.async_app import AsyncApp

    from adapters.slack.app import create_app, create_web_client
    from adapters.slack.server import build_uvicorn_server
    from adapters.slack.settings import SlackSettings

    settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=api_url)
    if kind == "bare":
        app = AsyncApp(client=create_web_client(settings), signing_secret=SIGNING_SECRET)

        @app.command("/layoffs")
        async def constant(ack: Any) -> None:
            await ack("ok")

    else:
        from bot.data.dataset import ensure_database
        from bot.engine import Engine

        if kind == "layoffbot":  # as `layoffbot slack` runs it: the core in a worker process
            from adapters.slack.bridge import ProcessEngine

            bridge = ProcessEngine(db_path)
            bridge.warm_up()
            app = create_app(settings, bridge=bridge)
        elif kind == "shared":  # the same, with the state shared by several processes (issue 14)
            from adapters.common.process_state import process_store
            from adapters.slack.bridge import ProcessEngine

            bridge = ProcessEngine(db_path, shared_state=True)
            bridge.warm_up()
            app = create_app(settings, bridge=bridge, state=process_store(db_path))
        else:
            engine: Any = Engine(ensure_database(db_path))
            app = create_app(settings, _CannedEngine(engine) if kind == "adapter" else engine)
    server = build_uvicorn_server(app, host="127.0.0.1", port=port)
    try:
        server.run()  # until SIGTERM (uvicorn exits gracefully)
    finally:
        app.layoffbot.bridge.close() if hasattr(app, "layoffbot") else None


# ---------------------------------------------------------------------------------------------
# load generator


def _signed(body: str) -> dict[str, str]:
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body),
    }


async def _wait_ready(url: str, timeout: float = 120) -> None:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url + "/health") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


async def _load(url: str | list[str], fake_port: int, requests: int, concurrency: int, max_seconds: float) -> dict[str, Any]:
    """``requests`` signed commands, ``concurrency`` in flight; a list of URLs gets them in turn."""
    import aiohttp

    urls = [url] if isinstance(url, str) else url

    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    started = time.perf_counter()

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        for i in counter:
            if time.perf_counter() - started > max_seconds:
                return
            body = urllib.parse.urlencode({
                "team_id": "T1", "channel_id": f"C{i % 7}", "user_id": f"U{i % 13}", "command": "/layoffs",
                "text": QUESTIONS[i % len(QUESTIONS)], "api_app_id": "A1", "trigger_id": "1.2.3",
                "response_url": f"http://127.0.0.1:{fake_port}/response/{i}",
            })
            t0 = time.perf_counter()
            async with session.post(urls[i % len(urls)] + "/slack/events", data=body.encode(), headers=_signed(body)) as resp:
                await resp.read()
                if resp.status != 200:
                    errors += 1
            latencies.append(time.perf_counter() - t0)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to report server CPU per request."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000, help="commands per app per round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=30.0, help="time bound per app per round")
    parser.add_argument("--workers", help="scale-out mode: comma-separated process counts, e.g. 1,2,4")
    args = parser.parse_args()
    if args.workers:
        scale_out([int(n) for n in args.workers.split(",")], args)
        return

    fake = FakeSlack().start()
    api_url = f"http://127.0.0.1:{fake.port}/api/"
    ctx = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = os.path.join(tmp, "bench.db")
        from bot.data.dataset import ensure_database

        ensure_database(db_path).close()  # build once, outside the timed part
        servers = {}
        for kind in KINDS:
            port = _free_port()
            proc = ctx.Process(target=_serve, args=(kind, port, api_url, db_path))  # not daemonic: it may start the core worker
            proc.start()
            servers[kind] = (proc, f"http://127.0.0.1:{port}")
        try:
            for _, url in servers.values():
                asyncio.run(_wait_ready(url))
            # Warm up (auth.test, imports, caches) before measuring.
            for _, url in servers.values():
                asyncio.run(_load(url, fake.port, 50, 4, 10))
            time.sleep(1)
            results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
            for _ in range(args.rounds):
                for kind, (proc, url) in servers.items():
                    before = fake.delivered
                    cpu_before = _cpu_seconds(proc.pid)
                    load_started = time.perf_counter()
                    result = asyncio.run(_load(url, fake.port, args.requests, args.concurrency, args.max_seconds))
                    # Let background answers drain so the next phase is not measured under them.
                    deadline = time.monotonic() + 60
                    while kind != "bare" and fake.delivered - before < result["requests"] and time.monotonic() < deadline:
                        time.sleep(0.01)
                    result["answers_per_s"] = (fake.delivered - before) / (time.perf_counter() - load_started)
                    result["delivered"] = fake.delivered - before if kind != "bare" else None
                    result["cpu_ms"] = (_cpu_seconds(proc.pid) - cpu_before) * 1000 / max(1, result["requests"])
                    results[kind].append(result)
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.join(10)

    def best(kind: str) -> dict[str, Any]:
        return max(results[kind], key=lambda r: r["throughput"])

    bare, bot = best("bare"), best("layoffbot")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, concurrency {args.concurrency}, "
          f"{args.requests} requests x {args.rounds} rounds (best round shown)")
    print(f"{'app':<10} {'req':>6} {'err':>4} {'acks/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'answers':>8} "
          f"{'answers/s':>10} {'app CPU ms/req':>15}")
    for name in KINDS:
        r = best(name)
        delivered = "-" if r["delivered"] is None else f"{r['delivered']}"
        per_s = "-" if r["delivered"] is None else f"{r['answers_per_s']:.0f}"
        print(f"{name:<10} {r['requests']:>6} {r['errors']:>4} {r['throughput']:>8.0f} {r['p50_ms']:>8.1f} "
              f"{r['p99_ms']:>8.1f} {delivered:>8} {per_s:>10} {r['cpu_ms']:>15.2f}")
    ratio = bot["throughput"] / bare["throughput"]
    print(f"layoffbot / bare throughput: {ratio:.2f}x (target >= 0.7x); layoffbot p99 ack {bot['p99_ms']:.1f} ms "
          f"(target < 100 ms)")
    for kind in KINDS:
        print(f"all rounds {kind}: " + ", ".join(f"{r['throughput']:.0f}/s p99 {r['p99_ms']:.0f} ms" for r in results[kind]))


def scale_out(counts: list[int], args: argparse.Namespace) -> None:
    """Throughput and ack p99 with N app processes sharing state (see the module docstring)."""
    fake = FakeSlack().start()
    api_url = f"http://127.0.0.1:{fake.port}/api/"
    ctx = multiprocessing.get_context("spawn")
    rows: list[tuple[int, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db_path = os.path.join(tmp, "bench.db")
        from bot.data.dataset import ensure_database

        ensure_database(db_path).close()
        for count in counts:
            servers = []
            for _ in range(count):
                port = _free_port()
                proc = ctx.Process(target=_serve, args=("shared", port, api_url, db_path))
                proc.start()
                servers.append((proc, f"http://127.0.0.1:{port}"))
            try:
                urls = [url for _, url in servers]
                for url in urls:
                    asyncio.run(_wait_ready(url))
                asyncio.run(_load(urls, fake.port, 40 * count, 4, 10))  # warm up every process
                time.sleep(1)
                best: dict[str, Any] | None = None
                for _ in range(args.rounds):
                    before = fake.delivered
                    result = asyncio.run(_load(urls, fake.port, args.requests, args.concurrency, args.max_seconds))
                    deadline = time.monotonic() + 60
                    while fake.delivered - before < result["requests"] and time.monotonic() < deadline:
                        time.sleep(0.01)
                    result["delivered"] = fake.delivered - before
                    if best is None or result["throughput"] > best["throughput"]:
                        best = result
                assert best is not None
                rows.append((count, best))
            finally:
                for proc, _ in servers:
                    proc.terminate()
                    proc.join(10)
    base = rows[0][1]
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, concurrency {args.concurrency}, "
          f"{args.requests} requests x {args.rounds} rounds (best round), state in the database file")
    print(f"{'workers':>7} {'acks/s':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'p99 ratio':>9} {'answers':>8}")
    for count, r in rows:
        print(f"{count:>7} {r['throughput']:>8.0f} {r['throughput'] / base['throughput']:>5.2f}x {r['p50_ms']:>8.1f} "
              f"{r['p99_ms']:>8.1f} {r['p99_ms'] / base['p99_ms']:>8.2f}x {r['delivered']:>8}")


if __name__ == "__main__":
    main()
