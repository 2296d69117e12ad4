"""Shared pieces of the Discord adapter tests: Replies of every intent, a fake engine, a bot harness."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

pytest.importorskip("discord")  # also guarded in conftest.py

import discord  # noqa: E402
import discord.gateway  # noqa: E402
import discord.http  # noqa: E402
from fake_discord import GOOD_TOKEN, FakeDiscord  # noqa: E402
from fake_engine import ContractEngine  # noqa: E402

from bot.reply import (  # noqa: E402
    ChartRequest,
    CompanyRow,
    Reply,
    RoundRow,
    Series,
    Source,
    Understood,
)

AS_OF = dt.date(2026, 10, 1)


def round_row(i: int, *, company: str = "Amazon", long: bool = False, **kw: Any) -> RoundRow:
    return RoundRow(
        id=i,
        company=company * (20 if long else 1),
        division=("AWS; Twitch; Advertising " * (10 if long else 1)).strip(),
        date=dt.date(2023, 1, 1) + dt.timedelta(days=i),
        count=None if i % 7 == 3 else 1000 + i,
        percentage=5.5 if i % 2 else None,
        percentage_basis="company" if i % 2 else None,
        status=kw.pop("status", "confirmed" if i % 3 else "reported"),
        source=f"https://news.example.com/{company.lower()}/{i}" + ("/x" * 300 if long else ""),
        announced_count=18000 if i == 1 else None,
        note=("a long note " * 100) if long else None,
        counted=i % 5 != 4,
        **kw,
    )


def company_row(i: int, *, long: bool = False) -> CompanyRow:
    return CompanyRow(
        company=f"Company {i}" * (30 if long else 1), total=100000 - i, rounds=i % 4 + 1, undisclosed_rounds=i % 2,
        planned_rounds=i % 3,
    )


def sources(n: int, *, long: bool = False) -> list[Source]:
    return [
        Source(url=f"https://news.example.com/story/{i}" + ("-y" * 400 if long else ""),
               label=f"Amazon, {i} Mar 2023 (9,000)" + (" label" * 100 if long else ""))
        for i in range(n)
    ]


def chart() -> ChartRequest:
    return ChartRequest(kind="company_over_time", title="Amazon layoffs by quarter", labels=["2023Q1", "2023Q2"],
                        series=[Series(name="Amazon", values=[18000, 9000], undisclosed=[0, 1])], bucket="quarter")


def make_reply(intent: str, size: int = 3, *, long: bool = False) -> Reply:
    """A Reply of ``intent`` with ``size`` rows/sources; ``long`` makes every string huge."""
    word = "very long text " * (400 if long else 1)
    understood = Understood(companies=["Amazon"], start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
                            description="Amazon · 1 Jan 2023 – 31 Dec 2023" + (" ·" * 300 if long else ""))
    reply = Reply(
        intent=intent,
        text=f"Amazon · 2023\nAmazon laid off 27,000 people in 2023.\nplus 2 rounds of undisclosed size. {word}\nRounds:\n"
        + "\n".join(f"  • line {i}" for i in range(size)),
        headline="Amazon: 27,000 laid off in 2023" + (" (and more)" * 50 if long else ""),
        understood=understood,
        as_of=AS_OF,
        notes=[f"Note {i}: {word}" for i in range(min(size, 5))],
        sources=sources(size, long=long),
        suggestions=[f"how many did Meta cut in 202{i}? {word}" for i in range(min(size, 6))],
    )
    if intent in ("total", "rounds", "latest", "percent", "overview", "chart", "admin"):
        reply.rows = [round_row(i, long=long) for i in range(size)]
        reply.row_kind = "rounds"
        reply.total = 27000
        reply.undisclosed_rounds = 2
    if intent in ("rank", "compare"):
        reply.rows = [company_row(i, long=long) for i in range(size)]
        reply.row_kind = "companies"
    if intent in ("planned", "overview", "total"):
        reply.planned = [round_row(i, status="planned") for i in range(size)]
    if intent == "chart":
        reply.chart = chart()
    if intent == "admin":
        reply.private = True
    if intent in ("help", "unknown"):
        reply.rows, reply.sources = [], []
    return reply


class FakeEngine(ContractEngine):
    """Answers by keyword, records every call (and the thread it ran on); ``delay`` seconds of
    work for "slow" questions.  Never raises (:class:`fake_engine.ContractEngine`): a question
    with "boom" gets the apology, the traceback goes to the log."""

    as_of_date = AS_OF

    def __init__(self, delay: float = 1.0) -> None:
        super().__init__()
        self.delay = delay

    def respond(self, text: str, conversation: str | None) -> Reply:
        lowered = text.lower()
        if "slow" in lowered:
            time.sleep(self.delay)
        if "huge" in lowered:
            return make_reply("rounds", 400, long=True)
        if "chart" in lowered:
            return make_reply("chart", 3)
        if "admin" in lowered:
            return make_reply("admin", 2)
        if lowered == "help":
            return make_reply("help", 2)
        return make_reply("total", 3)

    def suggest_companies(self, prefix: str, limit: int = 25) -> list[str]:
        self.calls.append({"suggest": prefix, "limit": limit})
        names = [f"{prefix.title()} Company {i}" for i in range(60)]
        return names[:limit]


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


class Harness:
    def __init__(self, fake: FakeDiscord, client: Any, engine: Any) -> None:
        self.fake = fake
        self.client = client
        self.engine = engine


@asynccontextmanager
async def running_bot(engine: Any, *, shards: str | None = None, **options: Any) -> AsyncIterator[Harness]:
    """A FakeDiscord and the real bot connected to it; restores discord.py's endpoints after."""
    from adapters.discord.client import create_client
    from adapters.discord.core import AsyncCore
    from adapters.discord.settings import DiscordSettings, apply_endpoints

    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    fake = FakeDiscord()
    await fake.start()
    apply_endpoints(DiscordSettings(token=GOOD_TOKEN, api_url=fake.api_url, gateway_url=fake.gateway_url))
    options.setdefault("guild_ready_timeout", 0.05)
    client = create_client(AsyncCore(engine), shards=shards, **options)
    task = asyncio.create_task(client.start(GOOD_TOKEN))
    try:
        ready = asyncio.ensure_future(client.wait_until_ready())
        await asyncio.wait({ready, task}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # the client stopped: raise why
        assert ready.done(), "the bot did not get ready within 10 s"
        yield Harness(fake, client, engine)
    finally:
        await client.close()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):
            pass
        await fake.stop()
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


@pytest.fixture
def run_bot() -> Callable[..., Any]:
    """``run_bot(scenario, engine, **client_options)``: runs ``await scenario(harness)``."""

    def run(scenario: Callable[[Harness], Any], engine: Any, **options: Any) -> Any:
        async def main() -> Any:
            async with running_bot(engine, **options) as harness:
                return await scenario(harness)

        return asyncio.run(main())

    return run
