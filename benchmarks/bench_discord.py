"""Discord adapter benchmark: rendering, and answers through the real discord.py client.

1. ``render_reply`` (Reply -> embed within the limits) on real answers from the shipped
   database and on a huge synthetic Reply (400 rounds, every string oversized).
2. End to end on loopback, in one process: the real discord.py client (``adapters.discord``,
   real Engine over the shipped database) connected to the fake Discord of the tests
   (``tests/discord/fake_discord.py``).  Latency = gateway dispatch sent by the fake -> answer
   received by the fake's REST server, for direct messages (``POST /channels/{id}/messages``)
   and for ``/layoffs`` interactions (``POST /interactions/{id}/{token}/callback``, Discord's
   deadline: 3 s).  Then a burst of ``--burst`` messages at once: throughput.

    python benchmarks/bench_discord.py [--runs 200] [--burst 200]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.append(str(ROOT / "tests" / "discord"))

QUESTIONS = [
    "how many has Amazon cut?",
    "who cut the most in 2023?",
    "Meta vs Google",
    "latest layoffs",
    "how many did Microsoft cut in 2023?",
    "is Amazon planning more?",
    "what % of its workforce did Salesforce cut?",
    "how many jobs were cut in 2023?",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_render(engine: Any, runs: int) -> list[tuple[str, int, float, float]]:
    from discord_fixtures import make_reply

    from adapters.discord import limits
    from adapters.discord.render import render_reply

    cases = [(q, engine.answer(q)) for q in QUESTIONS] + [("synthetic: 400 rounds, oversized strings",
                                                          make_reply("rounds", 400, long=True))]
    rows = []
    for label, reply in cases:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rendered = render_reply(reply)
            times.append((time.perf_counter() - start) * 1e6)
        assert not limits.limit_violations(None, rendered.embeds)
        rows.append((label, limits.embed_length(rendered.embeds[0]), statistics.median(times), pct(times, 0.99)))
    return rows


async def bench_end_to_end(engine: Any, runs: int, burst: int) -> dict[str, Any]:
    from fake_discord import DM_CHANNEL_ID, GOOD_TOKEN, FakeDiscord, user_payload

    from adapters.discord.client import create_client
    from adapters.discord.core import AsyncCore
    from adapters.discord.settings import DiscordSettings, apply_endpoints

    fake = FakeDiscord()
    await fake.start()
    apply_endpoints(DiscordSettings(token=GOOD_TOKEN, api_url=fake.api_url, gateway_url=fake.gateway_url))
    client = create_client(AsyncCore(engine), guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(GOOD_TOKEN))
    await asyncio.wait_for(client.wait_until_ready(), 30)
    alice = user_payload(800000000000000001, "alice")
    result: dict[str, Any] = {}
    try:
        dm_times = []
        for i in range(runs):
            before = len(fake.find("POST", f"/channels/{DM_CHANNEL_ID}/messages"))
            payload = fake.message_payload(QUESTIONS[i % len(QUESTIONS)], author=alice, guild=False)
            start = time.perf_counter()
            await fake.dispatch("MESSAGE_CREATE", payload)
            await fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages", count=before + 1, timeout=30)
            dm_times.append((time.perf_counter() - start) * 1000)
        result["dm"] = dm_times

        slash_times = []
        for i in range(runs):
            before = len(fake.find("POST", "/callback"))
            options = [{"name": "question", "type": 3, "value": QUESTIONS[i % len(QUESTIONS)]}]
            payload = fake.interaction_payload("layoffs", options, user=alice)
            start = time.perf_counter()
            await fake.dispatch("INTERACTION_CREATE", payload)
            await fake.wait_request("POST", "/callback", count=before + 1, timeout=30)
            slash_times.append((time.perf_counter() - start) * 1000)
        result["slash"] = slash_times

        before = len(fake.find("POST", f"/channels/{DM_CHANNEL_ID}/messages"))
        start = time.perf_counter()
        for i in range(burst):
            await fake.dispatch("MESSAGE_CREATE", fake.message_payload(QUESTIONS[i % len(QUESTIONS)], author=alice,
                                                                      guild=False))
        await fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages", count=before + burst, timeout=120)
        result["burst_seconds"] = time.perf_counter() - start
    finally:
        await client.close()
        task.cancel()
        await fake.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--burst", type=int, default=200)
    args = parser.parse_args()

    from bot.data.dataset import ensure_database
    from bot.engine import Engine

    with tempfile.TemporaryDirectory() as tmp:
        db = ensure_database(Path(tmp) / "bench.db", build=True)
        rounds = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        engine = Engine(db)
        render_rows = bench_render(engine, args.runs)
        e2e = asyncio.run(bench_end_to_end(engine, args.runs, args.burst))

    print(f"Measured {time.strftime('%Y-%m-%d')} by `python benchmarks/bench_discord.py --runs {args.runs} "
          f"--burst {args.burst}` on {platform.machine()}, Python {platform.python_version()}; shipped database, "
          f"{rounds:,} rounds.\n")
    print("| Reply | embed chars | render p50 µs | p99 µs |\n|---|---:|---:|---:|")
    for label, size, p50, p99 in render_rows:
        print(f"| {label} | {size:,} | {p50:.0f} | {p99:.0f} |")
    print("\n| Through discord.py + fake Discord (loopback) | n | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|")
    for key, label in (("dm", "DM → answer posted"), ("slash", "/layoffs → interaction callback")):
        values = e2e[key]
        print(f"| {label} | {len(values)} | {statistics.median(values):.1f} | {pct(values, 0.99):.1f} | "
              f"{max(values):.1f} |")
    print(f"\nBurst: {args.burst} DMs dispatched at once answered in {e2e['burst_seconds']:.2f} s "
          f"({args.burst / e2e['burst_seconds']:.0f} answers/s).")


if __name__ == "__main__":
    main()
