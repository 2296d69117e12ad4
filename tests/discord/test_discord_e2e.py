"""End to end: the real discord.py client against a fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import itertools
import re
from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import FakeEngine, Harness  # noqa: E402
from fake_engine import FAIL_WORD  # noqa: E402
from fake_discord import (  # noqa: E402
    APP_ID,
    BOT_ID,
    BOT_ROLE_ID,
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    user_payload,
)

from adapters.discord import limits  # noqa: E402
from adapters.discord.render import CHART_FILENAME  # noqa: E402

ALICE = user_payload(800000000000000001, "alice")
BOB = user_payload(800000000000000002, "bob")
OTHER_BOT = user_payload(800000000000000003, "otherbot", bot=True)
MENTION = f"<@{BOT_ID}>"
PNG = b"\x89PNG\r\n\x1a\nfake-chart"


def channel_posts(fake: Any, channel_id: int) -> list[Any]:
    return fake.find("POST", f"/channels/{channel_id}/messages")


def callbacks(fake: Any) -> list[Any]:
    return fake.find("POST", "/callback")


async def settle() -> None:
    """Give the bot time to (wrongly) react to something it must ignore."""
    await asyncio.sleep(0.4)


def test_connects_without_the_message_content_intent(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> dict[str, Any]:
        return h.fake.identifies[0]

    identify = run_bot(scenario, fake_engine)
    intents = identify["intents"]
    assert intents & (1 << 15) == 0, "message content is privileged and must not be requested"
    assert intents & (1 << 1) == 0 and intents & (1 << 8) == 0, "members and presences are privileged"
    assert intents & (1 << 9) and intents & (1 << 12), "guild messages and direct messages are needed"


def test_mention_in_a_channel_is_answered_as_a_reply(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        question = h.fake.message_payload(f"{MENTION}  how many has   Amazon cut?", author=ALICE, mentions=[BOT_USER])
        await h.fake.dispatch("MESSAGE_CREATE", question)
        posts = await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages")
        return [question, posts]

    question, posts = run_bot(scenario, fake_engine)
    assert len(posts) == 1
    body = posts[0].json
    assert str(body["message_reference"]["message_id"]) == question["id"]
    assert body["message_reference"]["fail_if_not_exists"] is False
    assert body["allowed_mentions"]["parse"] == [] and body["allowed_mentions"]["replied_user"] is False
    embed = body["embeds"][0]
    assert embed["title"] == "Amazon: 27,000 laid off in 2023"
    assert "Understood: Amazon" in embed["description"]
    assert embed["footer"]["text"].startswith("Data as of 1 Oct 2026")
    names = [f["name"] for f in embed["fields"]]
    assert names[0] == "Rounds" and "Sources" in names
    assert "](https://news.example.com/story/0)" in next(f["value"] for f in embed["fields"] if f["name"] == "Sources")
    assert not limits.limit_violations(body.get("content"), body["embeds"])
    call = fake_engine.calls[0]
    assert call["text"] == "how many has Amazon cut?"
    assert call["asker"] == f"discord:{ALICE['id']}"
    assert call["conversation"] == f"discord:channel:{CHANNEL_ID}:user:{ALICE['id']}"
    assert fake_engine.threads == {"layoffbot-engine_0"}, "the engine runs off the event loop"


def test_mention_of_the_bots_role_is_answered(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        question = h.fake.message_payload(f"<@&{BOT_ROLE_ID}> who cut the most?", author=ALICE, mention_roles=[BOT_ROLE_ID])
        await h.fake.dispatch("MESSAGE_CREATE", question)
        return await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages")

    run_bot(scenario, fake_engine)
    assert fake_engine.calls[0]["text"] == "who cut the most?"


def test_direct_message_is_answered_without_a_mention(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload("is Amazon planning more?", author=ALICE, guild=False))
        return await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages")

    posts = run_bot(scenario, fake_engine)
    assert len(posts) == 1
    assert "message_reference" not in posts[0].json
    assert posts[0].json["embeds"][0]["title"].startswith("Amazon")
    assert fake_engine.calls[0]["conversation"] == f"discord:dm:{DM_CHANNEL_ID}"


def test_follow_up_by_replying_continues_the_conversation(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> None:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(f"{MENTION} Amazon?", author=ALICE, mentions=[BOT_USER]))
        first = (await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages"))[0]
        answer_id = int(next(mid for mid, m in h.fake.messages.items() if m["embeds"] == first.json["embeds"]))
        # Bob replies to the bot's answer to Alice: he continues Alice's conversation.
        follow_up = h.fake.message_payload(f"{MENTION} and in 2022?", author=BOB, mentions=[BOT_USER],
                                           reference_id=answer_id)
        await h.fake.dispatch("MESSAGE_CREATE", follow_up)
        await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages", count=2)

    run_bot(scenario, fake_engine)
    first, second = fake_engine.calls
    assert second["text"] == "and in 2022?"
    assert second["conversation"] == first["conversation"] == f"discord:channel:{CHANNEL_ID}:user:{ALICE['id']}"
    assert second["asker"] == f"discord:{BOB['id']}"


@pytest.mark.parametrize(
    "author, content, mentions, webhook",
    [
        pytest.param(ALICE, "how many has Amazon cut?", [], None, id="no-mention"),
        pytest.param(BOT_USER, f"{MENTION} talking to myself", [BOT_USER], None, id="itself"),
        pytest.param(OTHER_BOT, f"{MENTION} bots asking bots", [BOT_USER], None, id="other-bot"),
        pytest.param(ALICE, f"{MENTION} via webhook", [BOT_USER], 123, id="webhook"),
        pytest.param(ALICE, "@everyone layoffs!", [], None, id="everyone"),
    ],
)
def test_ignored_messages(run_bot, fake_engine, author, content, mentions, webhook) -> None:
    async def scenario(h: Harness) -> list[Any]:
        payload = h.fake.message_payload(content, author=author, mentions=mentions, webhook_id=webhook)
        payload["mention_everyone"] = "@everyone" in content
        await h.fake.dispatch("MESSAGE_CREATE", payload)
        # A control message afterwards proves the bot was listening all along.
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload("control", author=ALICE, guild=False))
        await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages")
        await settle()
        return channel_posts(h.fake, CHANNEL_ID)

    assert run_bot(scenario, fake_engine) == []
    assert [c["text"] for c in fake_engine.calls] == ["control"]


def test_embeds_refused_falls_back_to_plain_text(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        h.fake.fail_embeds_in.add(CHANNEL_ID)
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(f"{MENTION} huge please", author=ALICE,
                                                                        mentions=[BOT_USER]))
        return await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages", count=2)

    posts = run_bot(scenario, fake_engine)
    assert posts[0].json["embeds"] and "embeds" not in posts[1].json
    assert 0 < len(posts[1].json["content"]) <= limits.CONTENT
    assert "more lines" in posts[1].json["content"]


def test_without_read_message_history_it_answers_without_replying(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        h.fake.fail_replies_in.add(CHANNEL_ID)
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(f"{MENTION} Amazon?", author=ALICE,
                                                                        mentions=[BOT_USER]))
        return await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages", count=3)

    posts = run_bot(scenario, fake_engine)
    assert [("embeds" in p.json, "message_reference" in p.json) for p in posts] == [
        (True, True), (False, True), (False, False)]
    assert posts[2].json["content"].startswith("Amazon")


def test_engine_failure_gets_a_friendly_reply_not_a_traceback(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(FAIL_WORD, author=ALICE, guild=False))
        return await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages")

    embed = run_bot(scenario, fake_engine)[0].json["embeds"][0]
    assert "went wrong" in embed["title"] and "Traceback" not in str(embed)


# ---------------------------------------------------------------------------- slash commands


def option(name: str, value: Any, kind: int = 3, focused: bool = False) -> dict[str, Any]:
    data = {"name": name, "type": kind, "value": value}
    if focused:
        data["focused"] = True
    return data


def test_slash_command_answered(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs", [option("question", "how many in 2023?"), option("company", "Amazon")], user=ALICE))
        return await h.fake.wait_request("POST", "/callback")

    (callback,) = run_bot(scenario, fake_engine)
    assert callback.query == {"with_response": "1"}
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert data.get("flags", 0) & 64 == 0, "public unless asked to be private"
    assert data["embeds"][0]["title"].startswith("Amazon")
    assert not limits.limit_violations(data.get("content"), data["embeds"])
    assert fake_engine.calls[0]["text"] == "Amazon: how many in 2023?"
    assert fake_engine.calls[0]["conversation"] == f"discord:channel:{CHANNEL_ID}:user:{ALICE['id']}"


@pytest.mark.parametrize(
    "name, options, expected_text",
    [
        pytest.param("layoffs", [option("question", "who cut most?"), option("private", True, kind=5)], "who cut most?",
                     id="layoffs-private"),
        pytest.param("layoffs-help", [], "help", id="help-is-private"),
        pytest.param("layoffs", [option("question", "admin: undo")], "admin: undo", id="private-reply-from-core"),
    ],
)
def test_private_answers_are_ephemeral(run_bot, fake_engine, name, options, expected_text) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(name, options, user=ALICE))
        return await h.fake.wait_request("POST", "/callback")

    (callback,) = run_bot(scenario, fake_engine)
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] & 64 == 64
    assert fake_engine.calls[0]["text"] == expected_text


def test_company_command(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs-company", [option("company", "Amazon")], user=ALICE, guild=False))
        return await h.fake.wait_request("POST", "/callback")

    (callback,) = run_bot(scenario, fake_engine)
    assert callback.json["type"] == 4 and callback.json["data"]["embeds"]
    assert fake_engine.calls[0]["text"] == "how many has Amazon cut?"
    assert fake_engine.calls[0]["conversation"] == f"discord:dm:{DM_CHANNEL_ID}"


@pytest.mark.parametrize(
    "command, options",
    [
        pytest.param("layoffs", [option("question", "x"), option("company", "am", focused=True)], id="layoffs-company-option"),
        pytest.param("layoffs-company", [option("company", "am", focused=True)], id="layoffs-company"),
    ],
)
def test_company_autocomplete(run_bot, fake_engine, command, options) -> None:
    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(command, options, user=ALICE, kind=4))
        return await h.fake.wait_request("POST", "/callback")

    (callback,) = run_bot(scenario, fake_engine)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert len(choices) == 25, "Discord allows at most 25 choices"
    assert choices[0] == {"name": "Am Company 0", "value": "Am Company 0"}
    assert {"suggest": "am", "limit": 25} in fake_engine.calls


def test_chart_answer_is_deferred_then_followed_up_with_the_image(run_bot, fake_engine, monkeypatch) -> None:
    import adapters.common.bridge as core_module  # the shared bridge renders the charts

    monkeypatch.setattr(core_module, "render_chart_png", lambda chart: PNG)

    async def scenario(h: Harness) -> tuple[list[Any], list[Any]]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs", [option("question", "chart of Amazon by quarter")], user=ALICE))
        follow = await h.fake.wait_request("POST", f"/webhooks/{APP_ID}/")
        return callbacks(h.fake), follow

    (callback,), (follow,) = run_bot(scenario, fake_engine)
    assert callback.json["type"] == 5, "deferred (thinking) first"
    assert follow.query.get("wait") in ("true", "1")
    assert follow.files == [(CHART_FILENAME, PNG)]
    assert follow.json["embeds"][0]["image"]["url"] == f"attachment://{CHART_FILENAME}"
    assert follow.json["attachments"][0]["filename"] == CHART_FILENAME


def test_chart_degrades_to_text_when_rendering_is_unavailable(run_bot, fake_engine, monkeypatch) -> None:
    import adapters.common.bridge as core_module  # the shared bridge renders the charts

    monkeypatch.setattr(core_module, "render_chart_png", lambda chart: None)

    async def scenario(h: Harness) -> list[Any]:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload("chart of Amazon", author=ALICE, guild=False))
        return await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages")

    (post,) = run_bot(scenario, fake_engine)
    assert post.files == [] and "image" not in post.json["embeds"][0]
    assert post.json["embeds"][0]["title"]


def test_slow_answer_is_deferred_then_followed_up(run_bot) -> None:
    engine = FakeEngine(delay=0.6)

    async def scenario(h: Harness) -> tuple[list[Any], list[Any]]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs", [option("question", "slow question"), option("private", True, kind=5)], user=ALICE))
        follow = await h.fake.wait_request("POST", f"/webhooks/{APP_ID}/")
        return callbacks(h.fake), follow

    (callback,), (follow,) = run_bot(scenario, engine, defer_after=0.1)
    assert callback.json["type"] == 5
    assert callback.json["data"]["flags"] & 64 == 64, "deferred privately, as asked"
    assert follow.json["flags"] & 64 == 64
    assert follow.json["embeds"][0]["title"].startswith("Amazon")


def test_oversized_answer_is_kept_within_the_limits(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> tuple[list[Any], list[Any]]:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(f"{MENTION} huge", author=ALICE,
                                                                        mentions=[BOT_USER]))
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs", [option("question", "huge")], user=ALICE))
        posts = await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages")
        return posts, await h.fake.wait_request("POST", "/callback")

    (post,), (callback,) = run_bot(scenario, fake_engine)
    for body in (post.json, callback.json["data"]):
        assert limits.limit_violations(body.get("content"), body["embeds"]) == []
        assert limits.embed_length(body["embeds"][0]) > 4000, "uses the room it has"
        fields = body["embeds"][0]["fields"]
        assert fields[0]["name"] == "Rounds"
        rounds = [fields[0]] + list(itertools.takewhile(lambda f: f["name"] == limits.CONTINUED, fields[1:]))
        assert re.search(r"… and [\d,]+ more rounds$", rounds[-1]["value"])


def test_auto_sharded_client_asks_the_gateway_and_answers(run_bot, fake_engine) -> None:
    import discord

    async def scenario(h: Harness) -> tuple[Any, list[Any], dict[str, Any]]:
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload("hi", author=ALICE, guild=False))
        await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages")
        return h.client, h.fake.find("GET", "/gateway/bot"), h.fake.identifies[0]

    client, asked, identify = run_bot(scenario, fake_engine, shards="auto")
    assert isinstance(client, discord.AutoShardedClient)
    assert len(asked) == 1, "the shard count comes from /gateway/bot"
    assert identify["shard"] == [0, 1]


def test_global_sync_only_when_commands_changed(fake_engine) -> None:
    from discord_fixtures import running_bot

    from adapters.discord.sync import MemoryHashStore

    store = MemoryHashStore()

    async def start_once() -> tuple[str | None, int]:
        async with running_bot(fake_engine, hash_store=store) as h:
            return h.client.sync_result, len(h.fake.find("PUT", f"/applications/{APP_ID}/commands"))

    assert asyncio.run(start_once()) == ("global", 1)
    assert asyncio.run(start_once()) == ("unchanged", 0)
    store.values = {key: "stale" for key in store.values}
    assert asyncio.run(start_once()) == ("global", 1)


def test_sync_to_one_guild(fake_engine) -> None:
    from discord_fixtures import running_bot

    async def start() -> tuple[Any, Any]:
        async with running_bot(fake_engine, sync_guild=GUILD_ID) as h:
            guild_puts = h.fake.find("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
            global_puts = h.fake.find("PUT", f"/applications/{APP_ID}/commands")
            return guild_puts, global_puts

    guild_puts, global_puts = asyncio.run(start())
    assert global_puts == []
    assert sorted(c["name"] for c in guild_puts[0].json) == ["Ask layoffbot about this message", "layoffs", "layoffs-company", "layoffs-help"]


def test_real_engine_chart_is_rendered_and_attached(run_bot) -> None:
    """The real core and the real chart renderer (charts extra): a PNG attached to the follow-up."""
    pytest.importorskip("matplotlib")
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot.engine import Engine

    engine = Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)

    async def scenario(h: Harness) -> tuple[list[Any], list[Any]]:
        await h.fake.dispatch("INTERACTION_CREATE", h.fake.interaction_payload(
            "layoffs", [option("question", "chart Amazon layoffs")], user=ALICE))
        follow = await h.fake.wait_request("POST", f"/webhooks/{APP_ID}/", timeout=30)
        return callbacks(h.fake), follow

    (callback,), (follow,) = run_bot(scenario, engine)
    assert callback.json["type"] == 5
    ((name, png),) = follow.files
    assert name == CHART_FILENAME and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    embed = follow.json["embeds"][0]
    assert embed["image"]["url"] == f"attachment://{CHART_FILENAME}"
    assert embed["title"].startswith("Amazon")


def test_real_engine_follow_up_in_the_channel(run_bot) -> None:
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot.engine import Engine

    engine = Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)

    async def scenario(h: Harness) -> list[Any]:
        for number, text in enumerate(["how many has Amazon cut?", "and in 2023?"], 1):
            await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload(f"{MENTION} {text}", author=ALICE,
                                                                            mentions=[BOT_USER]))
            await h.fake.wait_request("POST", f"/channels/{CHANNEL_ID}/messages", count=number)
        return channel_posts(h.fake, CHANNEL_ID)

    first, second = (post.json["embeds"][0] for post in run_bot(scenario, engine))
    assert first["title"].startswith("Amazon") and "Understood: Amazon · all time" in first["description"]
    assert second["title"].startswith("Amazon"), "the follow-up kept the company"
    assert "Understood: Amazon · 1 Jan 2023 – 31 Dec 2023" in second["description"]
