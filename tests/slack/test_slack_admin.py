"""Issue 6 through the Slack harness: admin modal, refusals, field errors, CSV import, undo,
subscriptions and alerts — with the real Engine and core admin API on the fixture DB."""

from __future__ import annotations

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, RunningApp, all_text, direct_message  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")
bot_admin = pytest.importorskip("bot.admin")

ADMIN = "UADMIN"
GOOD_CSV = (
    "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
    "Amazon,Seattle,700,1/20/2026,,Retail,https://example.com/amazon-2026-01-20,Post-IPO,,United States,1/21/2026\n"
    "Amazon,Seattle,300,1/25/2026,,Retail,https://example.com/amazon-2026-01-25,Post-IPO,,United States,1/26/2026\n"
)
BAD_CSV = GOOD_CSV + "Amazon,Seattle,50,2/30/2025,,Retail,https://example.com/bad-date,Post-IPO,,United States,3/1/2025\n"
NEW_ROUND = {"company": "Amazon", "date": "2026-01-30", "count": "1234", "status": "reported",
             "source": "https://news.example/amazon-2026-01-30"}


@pytest.fixture
def db():
    database = fixtures_core.build_fixture_db()
    bot_admin.grant(database, "slack", ADMIN, by="test")
    return database


@pytest.fixture
def app(start_app, db) -> RunningApp:
    from bot.engine import Engine

    return start_app(Engine(db, today=fixtures_core.TODAY))


def _events(db) -> int:
    return db.execute("SELECT count(*) FROM events").fetchone()[0]


def _amazon_total(db) -> int:
    from bot.engine import Engine

    reply = Engine(db, today=fixtures_core.TODAY).answer("how many has Amazon cut?", conversation="check")
    assert reply.total is not None
    return reply.total


def _ask(app: RunningApp, fake: FakeSlack, question: str) -> str:
    before = len(fake.calls_to("response_url"))
    app.command(question)
    posts = fake.wait_for(lambda f: (p := f.calls_to("response_url")) and len(p) > before and p)
    return all_text(posts[before].data.get("blocks", [])) + "\n" + posts[before].data.get("text", "")


def test_admin_adds_a_round_through_the_modal_and_the_next_answer_includes_it(app, fake_slack: FakeSlack, db) -> None:
    before = _amazon_total(db)
    app.command("admin add", user=ADMIN)
    (opened,) = fake_slack.wait_for(lambda f: f.calls_to("views.open"))
    view = opened.data["view"]
    assert view["callback_id"] == "layoffs_add_round"
    assert [b["block_id"] for b in view["blocks"]][:5] == ["company", "date", "count", "status", "source"]

    result = app.view_submission(NEW_ROUND, user=ADMIN)
    assert result.status == 200 and result.body == ""  # the form closes
    (dm,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    assert dm.data["channel"] == ADMIN and "Added round" in dm.data["text"]
    assert _amazon_total(db) == before + 1234
    assert f"{before + 1234:,}" in _ask(app, fake_slack, "how many has Amazon cut?")


def test_non_admin_is_refused_and_nothing_changes(app, fake_slack: FakeSlack, db) -> None:
    count = _events(db)
    denied = db.execute("SELECT count(*) FROM changes WHERE action = 'denied'").fetchone()[0]
    text = _ask(app, fake_slack, "admin add")  # default user U111 is no admin
    assert "only layoffbot admins" in text.lower() and fake_slack.calls_to("views.open") == []
    assert db.execute("SELECT count(*) FROM changes WHERE action = 'denied'").fetchone()[0] == denied + 1  # recorded
    result = app.view_submission(NEW_ROUND, user="UNOBODY")  # a forged submission: the core refuses it
    assert result.status == 200 and result.json()["response_action"] == "errors"
    assert _events(db) == count
    assert db.execute("SELECT count(*) FROM changes WHERE action = 'denied'").fetchone()[0] >= 1


@pytest.mark.parametrize(
    "field, value",
    [("count", "lots"), ("percentage", "150"), ("source", "not a url"), ("company", "Nonexistent Widgets Inc")],
    ids=["count", "percentage", "source", "unknown-company"],
)
def test_bad_field_is_reported_on_the_form(app, fake_slack: FakeSlack, db, field: str, value: str) -> None:
    count = _events(db)
    result = app.view_submission({**NEW_ROUND, field: value}, user=ADMIN)
    body = result.json()
    assert body["response_action"] == "errors" and field in body["errors"] and body["errors"][field]
    assert _events(db) == count
    fake_slack.quiet_for(0.3)
    assert fake_slack.calls_to("chat.postMessage") == []


def test_csv_with_a_bad_row_is_refused_whole(app, fake_slack: FakeSlack, db) -> None:
    count = _events(db)
    fake_slack.files["bad.csv"] = BAD_CSV.encode()
    app.event(direct_message("", subtype="file_share", user=ADMIN,
                             files=[{"id": "F1", "name": "bad.csv", "filetype": "csv", "size": len(BAD_CSV),
                                     "url_private_download": f"{fake_slack.url}/files/bad.csv"}]))
    (post,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    text = all_text(post.data["blocks"])
    assert "cannot be imported" in text and "4" in text  # the bad row's number is reported
    assert not [b for b in post.data["blocks"] if b["type"] == "actions"]  # no Confirm button
    (download,) = fake_slack.calls_to("file_download")
    assert download.headers["Authorization"].startswith("Bearer xoxb-")
    assert _events(db) == count


def test_csv_import_confirm_alerts_once_per_channel_then_undo(app, fake_slack: FakeSlack, db) -> None:
    # A channel manager subscribes their channel to Amazon; a stranger may not.
    fake_slack.channel_creators["CALERT"] = "UMANAGER"
    assert "only people who can manage this channel" in _ask_as(app, fake_slack, "subscribe Amazon", user="USTRANGER",
                                                               channel="CALERT")
    assert "will get an alert" in _ask_as(app, fake_slack, "subscribe Amazon", user="UMANAGER", channel="CALERT")
    assert "Amazon" in _ask_as(app, fake_slack, "subscriptions", user="UMANAGER", channel="CALERT")

    before = _amazon_total(db)
    fake_slack.files["good.csv"] = GOOD_CSV.encode()
    app.event(direct_message("", subtype="file_share", user=ADMIN, channel="DADMIN",
                             files=[{"id": "F2", "name": "good.csv", "size": len(GOOD_CSV),
                                     "url_private_download": f"{fake_slack.url}/files/good.csv"}]))
    (preview,) = fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    (actions,) = [b for b in preview.data["blocks"] if b["type"] == "actions"]
    confirm = next(e for e in actions["elements"] if e["action_id"] == "layoffs_import_confirm")
    assert _amazon_total(db) == before  # a dry run wrote nothing

    response_url = fake_slack.response_url()
    app.action(confirm["value"], response_url=response_url, user=ADMIN, channel="DADMIN",
               action_id="layoffs_import_confirm")
    (done,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("response_url") if response_url.endswith(c.method.split(":")[1])])
    assert done.data["replace_original"] is True and "Imported 2 rounds" in done.data["text"]
    alerts = fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data["channel"] == "CALERT"])
    fake_slack.quiet_for(0.5)
    alerts = [c for c in fake_slack.calls_to("chat.postMessage") if c.data["channel"] == "CALERT"]
    assert len(alerts) == 1  # one summary for the import, not one per row
    assert _amazon_total(db) == before + 1000

    # A second click on the spent button writes nothing more.
    app.action(confirm["value"], response_url=fake_slack.response_url(), user=ADMIN, action_id="layoffs_import_confirm")
    fake_slack.quiet_for(0.5)
    assert _amazon_total(db) == before + 1000

    text = _ask_as(app, fake_slack, "admin undo", user=ADMIN, channel="DADMIN")
    assert "Undone" in text
    assert f"by slack:{ADMIN}" in text and "import #" in text  # whose change, and which
    assert _amazon_total(db) == before


def test_one_alert_per_new_round_from_the_modal(app, fake_slack: FakeSlack, db) -> None:
    _ask_as(app, fake_slack, "subscribe all", user=ADMIN, channel="CALL")  # an admin may subscribe any channel
    app.view_submission(NEW_ROUND, user=ADMIN)
    fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data["channel"] == "CALL"])
    fake_slack.quiet_for(0.5)
    alerts = [c for c in fake_slack.calls_to("chat.postMessage") if c.data["channel"] == "CALL"]
    assert len(alerts) == 1
    assert "1,234" in all_text(alerts[0].data["blocks"]) and "New layoff alert" in all_text(alerts[0].data["blocks"])
    assert "stopped" in _ask_as(app, fake_slack, "unsubscribe all", user=ADMIN, channel="CALL")
    assert "no layoff alerts" in _ask_as(app, fake_slack, "subscriptions", user=ADMIN, channel="CALL")


def test_history_and_admin_help(app, fake_slack: FakeSlack, db) -> None:
    app.view_submission(NEW_ROUND, user=ADMIN)
    fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    history = _ask_as(app, fake_slack, "admin history Amazon", user=ADMIN)
    assert "Amazon" in history and "add" in history
    assert "admin" in _ask_as(app, fake_slack, "admin history", user="U111").lower()  # refused, said clearly
    assert "/layoffs admin add" in _ask_as(app, fake_slack, "admin", user=ADMIN)


def _ask_as(app: RunningApp, fake: FakeSlack, text: str, *, user: str, channel: str = "C111") -> str:
    before = len(fake.calls_to("response_url"))
    app.command(text, user=user, channel=channel)
    posts = fake.wait_for(lambda f: (p := f.calls_to("response_url")) and len(p) > before and p)
    post = posts[before]
    assert post.data["response_type"] == "ephemeral"  # admin and subscription replies are private
    return all_text(post.data.get("blocks", [])) + "\n" + post.data.get("text", "")


def test_writes_made_elsewhere_are_alerted_by_the_loop(start_app, fake_slack: FakeSlack, db) -> None:
    from bot.engine import Engine

    app = start_app(Engine(db, today=fixtures_core.TODAY), alert_interval=0.2)
    _ask_as(app, fake_slack, "subscribe Amazon", user=ADMIN, channel="CLOOP")
    # As `layoffbot data add` would: the core API directly, not through Slack.
    bot_admin.add_round(db, bot_admin.Actor("slack", ADMIN), company="Amazon", date="2026-01-29", count="777",
                        source="https://news.example/amazon-cli")
    (alert,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data["channel"] == "CLOOP"])
    assert "777" in all_text(alert.data["blocks"])
    fake_slack.quiet_for(0.6)  # several more loop passes: still exactly one alert
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.data["channel"] == "CLOOP"]) == 1


def test_admin_through_the_worker_process(start_app, fake_slack: FakeSlack, tmp_path) -> None:
    """What `layoffbot slack` runs: admin operations and alerts cross the process boundary."""
    from adapters.slack.bridge import ProcessEngine

    db_file = tmp_path / "fixture.db"
    database = fixtures_core.build_fixture_db(str(db_file))
    bot_admin.grant(database, "slack", ADMIN, by="test")
    before = _amazon_total(database)
    database.close()
    bridge = ProcessEngine(db_file, today=fixtures_core.TODAY)
    try:
        bridge.warm_up()
        app = start_app(None, bridge=bridge)
        _ask_as(app, fake_slack, "subscribe all", user=ADMIN, channel="CPROC")
        result = app.view_submission({**NEW_ROUND, "count": "many"}, user=ADMIN)
        assert "count" in result.json()["errors"]
        assert app.view_submission(NEW_ROUND, user=ADMIN).body == ""
        (alert,) = fake_slack.wait_for(lambda f: [c for c in f.calls_to("chat.postMessage") if c.data["channel"] == "CPROC"],
                                       timeout=60)
        assert "1,234" in all_text(alert.data["blocks"])
        from bot.data.db import open_db

        assert _amazon_total(open_db(db_file)) == before + 1234
        assert f"{before + 1234:,}" in _ask(app, fake_slack, "how many has Amazon cut?")  # the worker's engine sees it
    finally:
        bridge.close()


def test_company_autocomplete_in_the_form(app, fake_slack: FakeSlack) -> None:
    result = app.suggestion("Ama")
    assert result.status == 200
    names = [o["value"] for o in result.json()["options"]]
    assert names[0] == "Amazon"
    assert names[-1] == "Ama"  # what was typed, for a new company
    assert [o["value"] for o in app.suggestion("Amazon").json()["options"]].count("Amazon") == 1


def test_edit_retract_and_confirm_through_subcommands(app, fake_slack: FakeSlack, db) -> None:
    app.view_submission(NEW_ROUND, user=ADMIN)
    fake_slack.wait_for(lambda f: f.calls_to("chat.postMessage"))
    event_id = db.execute("SELECT max(id) FROM events").fetchone()[0]
    before = _amazon_total(db)

    assert "Edited" in _ask_as(app, fake_slack, f"admin edit {event_id} count=1500", user=ADMIN)
    assert _amazon_total(db) == before - 1234 + 1500
    assert ":no_entry:" in _ask_as(app, fake_slack, f"admin edit {event_id} count=lots", user=ADMIN)  # said, not done
    assert db.execute("SELECT count FROM events WHERE id = ?", [event_id]).fetchone()[0] == 1500  # unchanged

    assert "Retracted" in _ask_as(app, fake_slack, f"admin retract {event_id} duplicate of an earlier round", user=ADMIN)
    assert _amazon_total(db) == before - 1234

    planned = db.execute("SELECT id FROM events WHERE status = 'planned' AND company_id = 1").fetchone()[0]
    text = _ask_as(app, fake_slack, f"admin confirm {planned} 2000 https://news.example/amazon-confirmed", user=ADMIN)
    assert "Confirmed" in text, text
    assert db.execute("SELECT status, count FROM events WHERE id = ?", [planned]).fetchone() == ("confirmed", 2000)
