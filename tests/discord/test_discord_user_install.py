"""User installs and the message context menu (issue 14), through discord.py against the fake."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import Harness  # noqa: E402
from fake_discord import APP_ID, next_id, user_payload  # noqa: E402

ALICE = user_payload(800000000000000001, "alice")
BOB = user_payload(800000000000000002, "bob")
ASK = "Ask layoffbot about this message"


def test_commands_are_installable_by_users_everywhere(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        return await h.fake.wait_request("PUT", f"/applications/{APP_ID}/commands")

    (put,) = run_bot(scenario, fake_engine)
    by_name = {c["name"]: c for c in put.json}
    for name in ("layoffs", "layoffs-company", "layoffs-help", ASK):
        assert sorted(by_name[name]["integration_types"]) == [0, 1], name  # guild install and user install
        assert sorted(by_name[name]["contexts"]) == [0, 1, 2], name  # servers, bot DMs, private channels
    assert by_name[ASK]["type"] == 3  # a message context menu


def test_context_menu_answers_the_message_privately_in_a_user_install(run_bot, fake_engine) -> None:
    async def scenario(h: Harness) -> list[Any]:
        target = h.fake.message_payload("Amazon to cut 14,000 jobs in 2023 https://news.example/a", author=BOB)
        payload = h.fake.interaction_payload(ASK, [], user=ALICE)
        payload["data"] = {"id": str(next_id()), "name": ASK, "type": 3, "target_id": target["id"],
                           "resolved": {"messages": {target["id"]: target}}}
        payload["authorizing_integration_owners"] = {"1": ALICE["id"]}  # installed by the user, not the server
        await h.fake.dispatch("INTERACTION_CREATE", payload)
        return await h.fake.wait_request("POST", "/callback")

    (callback,) = run_bot(scenario, fake_engine)
    assert fake_engine.calls[0]["text"] == "Amazon to cut 14,000 jobs in 2023"
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & 64 == 64  # only the asker sees it
