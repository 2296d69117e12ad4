"""Pending syncs of a scheduled refresh, posted to the Slack admins' channel: once, with the
dry-run report and a Confirm that applies exactly that file (admins only; refusals audited)."""

from __future__ import annotations

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack, RunningApp, all_text

fixtures_core = pytest.importorskip("fixtures_core")
bot_admin = pytest.importorskip("bot.admin")

ADMIN, OTHER, ADMINS_CHANNEL = "UADMIN", "UOTHER", "CADMINS"
HEADER = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
V1 = HEADER + "Acme Rockets,Austin,70,1/20/2026,,Aerospace,https://example.com/acme,Seed,,United States,1/21/2026\n"
V2 = V1.replace(",70,", ",95,")
CONFIRM, CANCEL = "layoffs_import_confirm", "layoffs_import_cancel"


def _keep_pending(db, content: str, url: str = "https://example.org/layoffs.csv") -> int:
    """What `layoffbot data sync --from URL --dry-run` does when the export changed."""
    from bot.data.sources import save_pending
    from bot.data.sync import sync_csv

    report = sync_csv(db, content.encode(), file_name="layoffs.csv", dry_run=True, actor="cron", via="cli")
    assert report.changed and not report.rejected
    return save_pending(db, source=report.tracker, url=url, file_name="layoffs.csv", sha256=report.sha256,
                        content=content.encode(), summary=report.summary())


@pytest.fixture
def db():
    from bot.data.importer import import_csv

    database = fixtures_core.build_fixture_db()
    bot_admin.grant(database, "slack", ADMIN, by="test")
    assert import_csv(database, V1, file_name="v1.csv", actor="test").added == 1
    return database


def _acme(db) -> int:
    return db.execute("SELECT e.count FROM events e JOIN companies c ON c.id = e.company_id"
                      " WHERE c.name = 'Acme Rockets'").fetchone()[0]


def test_outbox_posts_each_pending_sync_once_and_only_with_an_admin_channel(db) -> None:
    from bot.admin.outbox import pending_messages

    first = _keep_pending(db, V2)
    assert [m for m in pending_messages(db, "slack") if m.kind == "sync"] == []  # no channel: not claimed
    (post,) = [m for m in pending_messages(db, "slack", admin_channel=ADMINS_CHANNEL) if m.kind == "sync"]
    assert post.channel == ADMINS_CHANNEL and post.extra["token"] == f"pending-sync:{first}"
    assert any("update: 1" in line for line in post.extra["lines"])
    assert any("count 70 -> 95" in line for line in post.extra["lines"])
    assert [m for m in pending_messages(db, "slack", admin_channel=ADMINS_CHANNEL) if m.kind == "sync"] == []
    assert _keep_pending(db, V2) == first  # the same file fetched again: same pending sync, not reposted
    assert [m for m in pending_messages(db, "slack", admin_channel=ADMINS_CHANNEL) if m.kind == "sync"] == []
    newer = _keep_pending(db, V2.replace(",95,", ",99,"))
    (again,) = [m for m in pending_messages(db, "slack", admin_channel=ADMINS_CHANNEL) if m.kind == "sync"]
    assert again.extra["pending_id"] == newer != first
    # Discord keeps its own record: the same pending sync reaches its admins too.
    assert len([m for m in pending_messages(db, "discord", admin_channel="123") if m.kind == "sync"]) == 1


def test_admin_channel_setting_is_read_and_checked() -> None:
    from adapters.slack.settings import SlackSettingsError, load_settings

    base = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    assert load_settings(base).admin_channel is None
    assert load_settings(base | {"LAYOFFBOT_SLACK_ADMIN_CHANNEL": "C0ADMINS"}).admin_channel == "C0ADMINS"
    with pytest.raises(SlackSettingsError) as err:
        load_settings(base | {"LAYOFFBOT_SLACK_ADMIN_CHANNEL": "#admins"})
    assert err.value.variable == "LAYOFFBOT_SLACK_ADMIN_CHANNEL"


def test_pending_sync_is_posted_to_the_admins_channel_and_only_an_admin_confirms_it(
        start_app, fake_slack: FakeSlack, db) -> None:
    from adapters.slack.settings import SlackSettings
    from bot.engine import Engine

    pending_id = _keep_pending(db, V2)
    settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake_slack.api_url,
                             admin_channel=ADMINS_CHANNEL)
    app: RunningApp = start_app(Engine(db, today=fixtures_core.TODAY), settings=settings, alert_interval=0.2)
    (post,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage")
                                             if c.data.get("channel") == ADMINS_CHANNEL])
    text = all_text(post.data["blocks"])
    assert f"Pending sync #{pending_id}" in text and "count 70 -&gt; 95" in text and "update: 1" in text
    (actions,) = [b for b in post.data["blocks"] if b["type"] == "actions"]
    buttons = {e["action_id"]: e["value"] for e in actions["elements"]}
    assert buttons == {CONFIRM: f"pending-sync:{pending_id}", CANCEL: f"pending-sync:{pending_id}"}

    refused_url = fake_slack.response_url()
    app.action(buttons[CONFIRM], response_url=refused_url, user=OTHER, channel=ADMINS_CHANNEL, action_id=CONFIRM)
    (refused,) = fake_slack.wait_for(
        lambda f: [c for c in f.calls_to("response_url") if refused_url.endswith(c.method.split(":")[1])])
    assert "admin" in refused.data["text"].lower()
    assert _acme(db) == 70
    denied = db.execute("SELECT actor, reason FROM changes WHERE action = 'denied'").fetchall()
    assert any(OTHER in actor and reason.startswith("sync") for actor, reason in denied)

    done_url = fake_slack.response_url()
    app.action(buttons[CONFIRM], response_url=done_url, user=ADMIN, channel=ADMINS_CHANNEL, action_id=CONFIRM)
    (done,) = fake_slack.wait_for(
        lambda f: [c for c in f.calls_to("response_url") if done_url.endswith(c.method.split(":")[1])])
    assert "Synced layoffs.csv: 1 updated" in done.data["text"]
    assert _acme(db) == 95
    assert db.execute("SELECT state FROM pending_syncs WHERE id = ?", [pending_id]).fetchone()[0] == "applied"
    assert db.execute("SELECT count(*) FROM changes WHERE action = 'sync' AND via = 'slack'").fetchone()[0] == 1

    again_url = fake_slack.response_url()  # a second click (or a replayed one) applies nothing twice
    app.action(buttons[CONFIRM], response_url=again_url, user=ADMIN, channel=ADMINS_CHANNEL, action_id=CONFIRM)
    fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url") if again_url.endswith(c.method.split(":")[1])])
    assert db.execute("SELECT count(*) FROM changes WHERE action = 'sync'").fetchone()[0] == 1
    # Posted once, however many polls ran meanwhile.
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.data.get("channel") == ADMINS_CHANNEL]) == 1


def test_cancel_dismisses_the_pending_sync(start_app, fake_slack: FakeSlack, db) -> None:
    from adapters.slack.settings import SlackSettings
    from bot.engine import Engine

    pending_id = _keep_pending(db, V2)
    settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake_slack.api_url,
                             admin_channel=ADMINS_CHANNEL)
    app: RunningApp = start_app(Engine(db, today=fixtures_core.TODAY), settings=settings, alert_interval=0.2)
    fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data.get("channel") == ADMINS_CHANNEL])
    url = fake_slack.response_url()
    app.action(f"pending-sync:{pending_id}", response_url=url, user=ADMIN, channel=ADMINS_CHANNEL, action_id=CANCEL)
    (done,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url") if url.endswith(c.method.split(":")[1])])
    assert "dismissed" in done.data["text"]
    assert db.execute("SELECT state FROM pending_syncs WHERE id = ?", [pending_id]).fetchone()[0] == "cancelled"
    assert _acme(db) == 70
