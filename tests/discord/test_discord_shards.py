"""Two ``layoffbot discord`` processes with disjoint shard ranges against the fake gateway
(issue 14): each guild answered by exactly one, alerts posted once per channel, commands
synced once.  Both with the SQLite state and with a real redis-server."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
import sqlite_utils

pytest.importorskip("discord")

from fake_discord import (
    APP_ID,
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
    user_payload,
)

from adapters.discord.shards import (
    ShardRange,
    ShardRangeError,
    parse_shard_ids,
    shard_of,
)

ALICE = user_payload(800000000000000001, "alice")
OTHER_GUILD = GUILD_ID + (1 << 22)  # the next shard of two
OTHER_CHANNEL = CHANNEL_ID + 1000


@pytest.mark.parametrize("text, count, expected", [
    ("0-3", 8, (0, 1, 2, 3)), ("5", 8, (5,)), ("0,2,4-5", 8, (0, 2, 4, 5)), (" 1 , 0 ", 2, (0, 1)),
], ids=["range", "one", "mixed", "spaces"])
def test_parse_shard_ids(text: str, count: int, expected: tuple[int, ...]) -> None:
    assert parse_shard_ids(text, count) == expected


@pytest.mark.parametrize("text, count", [("0-8", 8), ("3-1", 8), ("a", 8), ("", 8), ("0", 0)],
                         ids=["past-count", "backwards", "junk", "empty", "zero-count"])
def test_bad_shard_ids_are_refused(text: str, count: int) -> None:
    with pytest.raises(ShardRangeError):
        parse_shard_ids(text, count)


def test_shard_range_owns_guilds_like_discord() -> None:
    low, high = ShardRange.parse("0-3", 8), ShardRange.parse("4-7", 8)
    for guild in (GUILD_ID, OTHER_GUILD, 81384788765712384, 1 << 22, 0):
        assert low.owns_guild(guild) != high.owns_guild(guild)
        assert (shard_of(guild, 8) < 4) == low.owns_guild(guild)
    assert low.owns_guild(None) and not high.owns_guild(None)  # DMs are shard 0's
    assert ShardRange.parse("0-3,5", 8).label == "0-3,5/8"


async def _start(db: Path, cwd: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "--db", str(db), "--today", "2026-02-15", "discord", *args,
        cwd=cwd, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)


@pytest.fixture(params=["sqlite", "redis"])
def shared_env(request: pytest.FixtureRequest) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "LAYOFFBOT_", "REDIS_"))}
    if request.param == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    return env


def test_two_processes_split_the_guilds(tmp_path: Path, shared_env: dict[str, str]) -> None:
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot import admin

    db_file = tmp_path / "layoffs.db"
    db = fixtures_core.build_fixture_db(str(db_file))
    admin.grant(db, "discord", "424242", by="test")
    mod = admin.Actor("discord", "424242", "mod")
    for channel in (CHANNEL_ID, OTHER_CHANNEL):
        admin.subscribe(db, mod, str(channel), None, can_manage_channel=True)
    assert shard_of(GUILD_ID, 2) != shard_of(OTHER_GUILD, 2)

    async def run() -> tuple[FakeDiscord, list[bytes]]:
        fake = FakeDiscord()
        fake.extra_guilds[OTHER_GUILD] = OTHER_CHANNEL
        await fake.start()
        env = {**shared_env, "DISCORD_TOKEN": "fake-good-token", "DISCORD_API_URL": fake.api_url,
               "DISCORD_GATEWAY_URL": fake.gateway_url, "LAYOFFBOT_ALERT_INTERVAL": "0.5"}
        procs = [await _start(db_file, tmp_path, env, "--shard-ids", str(i), "--shard-count", "2") for i in (0, 1)]
        heads = [b"", b""]
        try:
            for i, proc in enumerate(procs):
                while b"Connected as" not in heads[i]:
                    line = await asyncio.wait_for(proc.stderr.readline(), 60)  # type: ignore[union-attr]
                    assert line, heads[i].decode()
                    heads[i] += line
            for guild in (GUILD_ID, OTHER_GUILD):
                await fake.dispatch("MESSAGE_CREATE", fake.message_payload(
                    f"<@{BOT_ID}> how many has Amazon cut?", author=ALICE, mentions=[BOT_USER], guild_id=guild))
            for channel in (CHANNEL_ID, OTHER_CHANNEL):
                await fake.wait_request("POST", f"/channels/{channel}/messages", timeout=30)
            # A write made elsewhere (here: this test, like the CLI) alerts each channel once.
            # Its own connection, waiting up to 30 s for the write lock the bots' alert polls take.
            writer = sqlite_utils.Database(sqlite3.connect(str(db_file), timeout=30))
            admin.add_round(writer, mod, company="Amazon", date="2026-02-10", count=321, status="reported",
                            source="https://news.example/amazon-321")
            writer.close()
            for channel in (CHANNEL_ID, OTHER_CHANNEL):
                await fake.wait_request("POST", f"/channels/{channel}/messages", count=2, timeout=30)
            await asyncio.sleep(1.5)  # several more alert polls of both processes
        finally:
            errs = []
            for proc, head in zip(procs, heads):
                proc.send_signal(signal.SIGINT)
                _, err = await asyncio.wait_for(proc.communicate(), 30)
                errs.append(head + err)
            await fake.stop()
        return fake, errs

    fake, errs = asyncio.run(run())
    assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
    assert b"(shards 0/2)" in errs[0] and b"(shards 1/2)" in errs[1]
    for channel in (CHANNEL_ID, OTHER_CHANNEL):
        posts = fake.find("POST", f"/channels/{channel}/messages")
        titles = [p.json["embeds"][0]["title"] for p in posts]
        assert len(posts) == 2, titles  # one answer and one alert, never twice
        assert titles[0].startswith("Amazon cut ") and "New layoff round" in titles[1]
    assert len(fake.find("PUT", f"/applications/{APP_ID}/commands")) == 1, "commands synced once"
    assert all(b"Traceback" not in err for err in errs), errs


def test_alerts_go_only_to_channels_of_owned_guilds(run_bot, fake_engine) -> None:
    """A process running shard 1 of 2 posts to its guild's channel, never to another shard's
    channel nor to a DM (shard 0's), even though Discord's REST API would accept all three."""
    from discord_fixtures import Harness

    from adapters.discord.alerts import AlertPoster
    from bot.admin.alerts import Alert

    owned = ShardRange.parse(str(shard_of(GUILD_ID, 2)), 2)

    def alert(channel: int) -> Alert:
        return Alert("discord", str(channel), "round", "New layoff round: Amazon", "New layoff round: Amazon\n-")

    async def scenario(h: Harness) -> list[int]:
        poster = AlertPoster(h.client, h.client.core, db=None, interval=0, shards=owned)
        from fake_discord import DM_CHANNEL_ID

        sent = [await poster.post(alert(c)) for c in (CHANNEL_ID, OTHER_CHANNEL, DM_CHANNEL_ID)]
        touched = [r.path for r in h.fake.requests if f"/channels/{OTHER_CHANNEL}" in r.path
                   or f"/channels/{DM_CHANNEL_ID}" in r.path]
        return [sent, touched]

    sent, touched = run_bot(scenario, fake_engine, shard_range=owned)
    assert sent == [True, False, False]
    assert touched == [], "not even looked up: another process owns them"
