"""Admins in chat on Discord (issue 6), end to end: the real client, the real core on the fixture DB."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip("discord")

from discord_fixtures import Harness  # noqa: E402
from fake_discord import CHANNEL_ID, DM_CHANNEL_ID, FakeDiscord, user_payload  # noqa: E402

ADMIN = user_payload(700000000000000001, "ada")
MEMBER = user_payload(700000000000000002, "mel")
MANAGE_CHANNELS = 1 << 4
EPHEMERAL = 64

GOOD_CSV = b"""company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added
Amazon,Seattle,700,1/20/2026,,Retail,https://example.com/amazon-jan-2026,Post-IPO,,United States,1/21/2026
Zoom,SF Bay Area,150,1/22/2026,0.02,Other,https://example.com/zoom-jan-2026,Post-IPO,,United States,1/23/2026
"""
BAD_CSV = GOOD_CSV + b"Bad Date Co,Boston,10,2/30/2026,,Other,https://example.com/bad,Seed,,United States,3/1/2026\n"


@pytest.fixture
def engine_and_db() -> tuple[Any, Any]:
    fixtures_core = pytest.importorskip("fixtures_core")
    from bot import admin
    from bot.engine import Engine

    db = fixtures_core.build_fixture_db()
    admin.grant(db, "discord", str(ADMIN["id"]), by="test")
    return Engine(db, today=fixtures_core.TODAY), db


def count_events(db: Any) -> int:
    return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]


async def interact(fake: FakeDiscord, payload: dict[str, Any]) -> Any:
    """Dispatch an interaction; the callback it got."""
    before = len(fake.find("POST", "/callback"))
    await fake.dispatch("INTERACTION_CREATE", payload)
    return (await fake.wait_request("POST", "/callback", count=before + 1))[-1]


async def followup(fake: FakeDiscord, before: int) -> Any:
    return (await fake.wait_request("POST", "/webhooks/", count=before + 1))[-1]


def admin_command(fake: FakeDiscord, sub: str, options: list[dict[str, Any]], user: dict[str, Any]) -> dict[str, Any]:
    return fake.interaction_payload("layoffs-admin", [{"name": sub, "type": 1, "options": options}], user=user)


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


async def subscribe_all(fake: FakeDiscord) -> Any:
    return await interact(fake, fake.interaction_payload("layoffs-subscribe", [], user=MEMBER,
                                                         permissions=MANAGE_CHANNELS))


def alerts(fake: FakeDiscord) -> list[Any]:
    return fake.find("POST", f"/channels/{CHANNEL_ID}/messages")


def test_admin_adds_a_round_through_the_modal_and_the_next_answer_includes_it(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db

    async def scenario(h: Harness) -> dict[str, Any]:
        subscribed = await subscribe_all(h.fake)
        form = await interact(h.fake, admin_command(h.fake, "add", [opt("company", "Amazon")], ADMIN))
        done = await interact(h.fake, h.fake.modal_submit_payload(
            form.json["data"], {"date": "2026-02-10", "count": "1,234", "source": "https://example.com/amazon-feb"},
            user=ADMIN))
        alert = (await h.fake.wait_for(lambda f: alerts(f)))[0]
        await h.fake.dispatch("MESSAGE_CREATE", h.fake.message_payload("list Amazon's layoffs in 2026", author=ADMIN,
                                                                        guild=False))
        answer = (await h.fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages"))[0]
        return {"subscribed": subscribed, "form": form, "done": done, "alert": alert, "answer": answer}

    r = run_bot(scenario, engine, db=db)
    assert r["subscribed"].json["data"]["embeds"][0]["title"] == "Alerts on"
    assert r["form"].json["type"] == 9, "a modal"
    modal = r["form"].json["data"]
    assert [c["components"][0]["custom_id"] for c in modal["components"]] == ["date", "count", "source", "division", "note"]
    assert r["done"].json["data"]["flags"] & EPHEMERAL
    assert r["done"].json["data"]["embeds"][0]["title"] == "Round added"
    assert r["alert"].json["embeds"][0]["title"] == "New layoff round: Amazon"
    assert "1,234" in str(r["alert"].json["embeds"][0])
    assert "1,234" in str(r["answer"].json["embeds"][0]), "the next answer includes the new round"
    change = db.execute("SELECT actor, via, action FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    assert change == (f"discord:{ADMIN['id']} (ada)", "discord", "add")


def test_non_admin_is_refused_and_nothing_changes(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db
    before = count_events(db)

    async def scenario(h: Harness) -> list[Any]:
        return [
            await interact(h.fake, admin_command(h.fake, "add", [opt("company", "Amazon")], MEMBER)),
            await interact(h.fake, admin_command(h.fake, "retract", [opt("round", 1, 4), opt("reason", "wrong")],
                                                 MEMBER)),
            await interact(h.fake, h.fake.interaction_payload("layoffs-subscribe", [], user=MEMBER)),
        ]

    for callback in run_bot(scenario, engine, db=db):
        assert callback.json["type"] == 4, "refused at once, no form"
        data = callback.json["data"]
        assert data["flags"] & EPHEMERAL
        assert data["embeds"][0]["description"].startswith("⛔ Not allowed")
    assert count_events(db) == before
    assert db.execute("SELECT status FROM events WHERE id = 1").fetchone()[0] != "retracted"
    denied = db.execute("SELECT COUNT(*) FROM changes WHERE action = 'denied'").fetchone()[0]
    assert denied == 3, "each refused attempt is recorded"


def test_a_bad_field_is_reported_on_the_form(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db
    before = count_events(db)

    async def scenario(h: Harness) -> tuple[Any, Any]:
        form = await interact(h.fake, admin_command(h.fake, "add", [opt("company", "Amazon")], ADMIN))
        error = await interact(h.fake, h.fake.modal_submit_payload(
            form.json["data"], {"date": "2026-02-30", "count": "800", "note": "kept"}, user=ADMIN))
        button = error.json["data"]["components"][0]["components"][0]
        reopened = await interact(h.fake, h.fake.component_payload(button["custom_id"], user=ADMIN))
        return error, reopened

    error, reopened = run_bot(scenario, engine, db=db)
    data = error.json["data"]
    assert data["flags"] & EPHEMERAL
    assert data["embeds"][0]["description"].startswith("⚠️ date: must be")
    assert "Nothing was saved" in data["embeds"][0]["description"]
    assert reopened.json["type"] == 9
    fields = {c["components"][0]["custom_id"]: c["components"][0] for c in reopened.json["data"]["components"]}
    assert fields["date"]["label"].startswith("⚠ Date") and fields["date"]["placeholder"].startswith("must be")
    assert fields["date"]["value"] == "2026-02-30", "the entered values are kept"
    assert fields["count"]["value"] == "800" and fields["note"]["value"] == "kept"
    assert not fields["count"]["label"].startswith("⚠")
    assert count_events(db) == before


def test_csv_with_a_bad_row_is_refused_whole(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db
    before = count_events(db)

    async def scenario(h: Harness) -> tuple[Any, Any]:
        payload = admin_command(h.fake, "import", [], ADMIN)
        h.fake.attachment_option(payload, ["import", "file"], "rounds.csv", BAD_CSV)
        posted = len(h.fake.find("POST", "/webhooks/"))
        deferred = await interact(h.fake, payload)
        return deferred, await followup(h.fake, posted)

    deferred, report = run_bot(scenario, engine, db=db)
    assert deferred.json["type"] == 5 and deferred.json["data"]["flags"] & EPHEMERAL
    text = report.json["embeds"][0]["description"]
    assert "rejected: 1" in text and "row 4" in text and "Refused whole" in text
    confirm, cancel = report.json["components"][0]["components"]
    assert confirm["custom_id"].startswith("layoffbot:import:confirm:") and confirm["disabled"] is True
    assert cancel["custom_id"].startswith("layoffbot:import:cancel:")
    assert count_events(db) == before


def test_csv_import_confirmed_writes_all_and_alerts_once_per_channel(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db
    before = count_events(db)

    async def scenario(h: Harness) -> tuple[Any, Any, list[Any]]:
        await subscribe_all(h.fake)
        payload = admin_command(h.fake, "import", [], ADMIN)
        h.fake.attachment_option(payload, ["import", "file"], "rounds.csv", GOOD_CSV)
        posted = len(h.fake.find("POST", "/webhooks/"))
        await interact(h.fake, payload)
        report = await followup(h.fake, posted)
        confirm = report.json["components"][0]["components"][0]
        assert confirm["disabled"] is False
        message_id = int(next(m for m, body in h.fake.messages.items() if body["embeds"] == report.json["embeds"]))
        clicked = await interact(h.fake, h.fake.component_payload(confirm["custom_id"], user=ADMIN, message_id=message_id))
        edited = (await h.fake.wait_request("PATCH", "/messages/@original"))[-1]
        await h.fake.wait_for(lambda f: alerts(f))
        return clicked, edited, alerts(h.fake)

    clicked, edited, posted_alerts = run_bot(scenario, engine, db=db)
    assert clicked.json["type"] == 6, "deferred update of the report message"
    assert edited.json["embeds"][0]["title"] == "Imported 2 rounds"
    assert edited.json["components"] == [], "buttons removed"
    assert count_events(db) == before + 2
    assert len(posted_alerts) == 1, "one summary per channel, not one message per row"
    assert posted_alerts[0].json["embeds"][0]["title"] == "2 new layoff rounds imported"


def test_confirm_then_undo(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db
    planned = db.execute("SELECT id FROM events WHERE status = 'planned' ORDER BY id LIMIT 1").fetchone()[0]

    async def scenario(h: Harness) -> tuple[Any, Any, Any, list[Any]]:
        await subscribe_all(h.fake)
        confirmed = await interact(h.fake, admin_command(h.fake, "confirm", [
            opt("round", planned, 4), opt("count", "2000"), opt("source", "https://example.com/confirmed")], ADMIN))
        await h.fake.wait_for(lambda f: alerts(f))
        status_after_confirm = db.execute("SELECT status, count FROM events WHERE id = ?", [planned]).fetchone()
        undone = await interact(h.fake, admin_command(h.fake, "undo", [], ADMIN))
        return confirmed, status_after_confirm, undone, alerts(h.fake)

    confirmed, after_confirm, undone, posted = run_bot(scenario, engine, db=db)
    assert confirmed.json["data"]["embeds"][0]["title"] == "Round confirmed"
    assert after_confirm == ("confirmed", 2000)
    assert [a.json["embeds"][0]["title"] for a in posted] == ["Newly confirmed layoff round: Amazon"]
    assert undone.json["data"]["embeds"][0]["title"] == "Undone" and undone.json["data"]["flags"] & EPHEMERAL
    assert f"by discord:{ADMIN['id']} (ada)" in undone.json["data"]["embeds"][0]["description"]  # whose change
    assert db.execute("SELECT status, count FROM events WHERE id = ?", [planned]).fetchone() == ("planned", None)


def test_history_and_subscriptions_list(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db

    async def scenario(h: Harness) -> tuple[Any, Any]:
        await subscribe_all(h.fake)
        listed = await interact(h.fake, h.fake.interaction_payload("layoffs-subscriptions", [], user=MEMBER))
        history = await interact(h.fake, admin_command(h.fake, "history", [], ADMIN))
        return listed, history

    listed, history = run_bot(scenario, engine, db=db)
    assert listed.json["data"]["embeds"][0]["description"] == "• every company"
    assert "subscribe" in history.json["data"]["embeds"][0]["description"]


def test_each_subscribed_channel_gets_exactly_one_alert_per_new_round(run_bot, engine_and_db) -> None:
    """The channel subscribed twice (Amazon, and every company) and a DM subscribed once: one
    alert each; a channel that no longer exists is skipped without blocking the others."""
    engine, db = engine_and_db
    from bot import admin

    admin.subscribe(db, admin.Actor("discord", "1"), "123", None, can_manage_channel=True)  # a vanished channel

    async def scenario(h: Harness) -> tuple[list[Any], list[Any]]:
        await interact(h.fake, h.fake.interaction_payload("layoffs-subscribe", [opt("company", "Amazon")],
                                                          user=MEMBER, permissions=MANAGE_CHANNELS))
        await subscribe_all(h.fake)
        await interact(h.fake, h.fake.interaction_payload("layoffs-subscribe", [], user=MEMBER, guild=False))
        form = await interact(h.fake, admin_command(h.fake, "add", [opt("company", "Amazon")], ADMIN))
        await interact(h.fake, h.fake.modal_submit_payload(
            form.json["data"], {"date": "2026-02-11", "count": "undisclosed", "source": "https://example.com/a"},
            user=ADMIN))
        await h.fake.wait_for(lambda f: alerts(f) and f.find("POST", f"/channels/{DM_CHANNEL_ID}/messages"))
        await asyncio.sleep(0.3)  # room for a (wrong) second alert
        return alerts(h.fake), h.fake.find("POST", f"/channels/{DM_CHANNEL_ID}/messages")

    in_channel, in_dm = run_bot(scenario, engine, db=db)
    assert len(in_channel) == 1 and len(in_dm) == 1
    embed = in_channel[0].json["embeds"][0]
    assert embed["title"] == "New layoff round: Amazon" and "undisclosed" in str(embed)


def test_edit_and_retract(run_bot, engine_and_db) -> None:
    engine, db = engine_and_db

    async def scenario(h: Harness) -> tuple[Any, Any]:
        edited = await interact(h.fake, admin_command(h.fake, "edit", [
            opt("round", 1, 4), opt("field", "count"), opt("value", "10,500"), opt("reason", "per the filing")], ADMIN))
        retracted = await interact(h.fake, admin_command(h.fake, "retract", [
            opt("round", 2, 4), opt("reason", "duplicate of another report")], ADMIN))
        return edited, retracted

    edited, retracted = run_bot(scenario, engine, db=db)
    assert edited.json["data"]["embeds"][0]["title"] == "Round edited"
    assert retracted.json["data"]["embeds"][0]["title"] == "Round retracted"
    assert db.execute("SELECT count FROM events WHERE id = 1").fetchone()[0] == 10500
    assert db.execute("SELECT status FROM events WHERE id = 2").fetchone()[0] == "retracted"
    reasons = [r[0] for r in db.execute("SELECT reason FROM changes WHERE action IN ('edit', 'retract') ORDER BY id")]
    assert reasons[-2:] == ["per the filing", "duplicate of another report"]


def test_writes_made_elsewhere_are_alerted_by_the_timer(run_bot, engine_and_db) -> None:
    """A round added with the CLI (same database, not through the bot) reaches the channel once."""
    engine, db = engine_and_db
    from bot.data import store

    async def scenario(h: Harness) -> list[Any]:
        await subscribe_all(h.fake)
        await h.client.core.call(store.add_event, db, company="Meta", date="2026-02-12", count=321,
                                 source="https://example.com/meta-feb", actor="cli-user", via="cli")
        await h.fake.wait_for(lambda f: alerts(f), timeout=5)
        await asyncio.sleep(0.5)  # several more polls: still one alert
        return alerts(h.fake)

    posted = run_bot(scenario, engine, db=db, alert_interval=0.1)
    assert len(posted) == 1
    assert posted[0].json["embeds"][0]["title"] == "New layoff round: Meta" and "321" in str(posted[0].json)


OTHER_ADMIN = user_payload(700000000000000003, "bob")


@pytest.mark.parametrize("button", [0, 1], ids=["confirm", "cancel"])
def test_another_admins_confirm_or_cancel_is_answered_and_audited(run_bot, engine_and_db, button: int) -> None:
    """Issue 11: the Cancel used to raise an unhandled PermissionDenied (no reply), and neither
    refusal was recorded."""
    from bot import admin

    engine, db = engine_and_db
    admin.grant(db, "discord", str(OTHER_ADMIN["id"]), by="test")
    before = count_events(db)
    denied = "SELECT actor, reason FROM changes WHERE action = 'denied'"
    refusals = len(db.execute(denied).fetchall())

    async def scenario(h: Harness) -> Any:
        payload = admin_command(h.fake, "import", [], ADMIN)
        h.fake.attachment_option(payload, ["import", "file"], "rounds.csv", GOOD_CSV)
        posted = len(h.fake.find("POST", "/webhooks/"))
        await interact(h.fake, payload)
        report = await followup(h.fake, posted)
        target = report.json["components"][0]["components"][button]
        posted = len(h.fake.find("POST", "/webhooks/"))
        clicked = await interact(h.fake, h.fake.component_payload(target["custom_id"], user=OTHER_ADMIN))
        if clicked.json["type"] in (5, 6):  # deferred: the refusal follows as a webhook message
            return (await followup(h.fake, posted)).json
        return clicked.json["data"]

    answer = run_bot(scenario, engine, db=db)
    assert "only the admin who uploaded" in answer["embeds"][0]["description"]
    assert answer["flags"] & EPHEMERAL
    rows = db.execute(denied).fetchall()
    assert len(rows) == refusals + 1 and str(OTHER_ADMIN["id"]) in rows[-1][0]
    assert count_events(db) == before
