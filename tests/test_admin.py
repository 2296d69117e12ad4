"""Chat admin core: rights checked in the core, denied attempts recorded, import staging,
subscriptions and alerts (one per new round, one summary per import)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from bot import admin
from bot.admin import Actor, ImportExpired, PermissionDenied
from bot.data.validation import ValidationError
from cli.main import cli

from fixtures_data import DATA, dump, events_by

ADA = Actor("slack", "U_ADA", "Ada")
MALLORY = Actor("slack", "U_MAL", "Mallory")
DISCORD_MOD = Actor("discord", "111", "mod", role_ids=("999", "555"))
ROUND = {"company": "Amazon", "date": "2026-02-03", "count": "1200", "source": "https://example.com/a", "status": "confirmed"}


@pytest.fixture
def db(small_db):
    admin.grant(small_db, "slack", "U_ADA", by="test")
    admin.grant(small_db, "discord", "555", kind="role", by="test")
    return small_db


def test_seed_from_env(small_db) -> None:
    env = {"LAYOFFBOT_SLACK_ADMINS": "U1, U2", "LAYOFFBOT_DISCORD_ADMINS": "42", "LAYOFFBOT_DISCORD_ADMIN_ROLES": "7"}
    assert admin.seed_admins_from_env(small_db, env) == 4
    assert admin.seed_admins_from_env(small_db, env) == 0
    got = [(e.platform, e.kind, e.ident) for e in admin.list_admins(small_db)]
    assert got == [("discord", "role", "7"), ("discord", "user", "42"), ("slack", "user", "U1"), ("slack", "user", "U2")]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        pytest.param(ADA, True, id="slack-admin-user"),
        pytest.param(MALLORY, False, id="slack-other-user"),
        pytest.param(DISCORD_MOD, True, id="discord-admin-role"),
        pytest.param(Actor("discord", "U_ADA"), False, id="same-id-other-platform"),
        pytest.param(Actor("discord", "222", role_ids=("1",)), False, id="discord-other-role"),
    ],
)
def test_is_admin(db, actor, expected) -> None:
    assert admin.is_admin(db, actor) is expected


def test_non_admin_write_is_refused_recorded_and_changes_nothing(db) -> None:
    before = dump(db)
    with pytest.raises(PermissionDenied) as info:
        admin.add_round(db, MALLORY, **ROUND)
    assert info.value.actor == MALLORY and info.value.action == "add"
    after = dump(db)
    assert after["events"] == before["events"]
    denied = db.execute("SELECT actor, via, action, reason FROM changes WHERE id = ?", [info.value.change_id]).fetchone()
    assert denied == ("slack:U_MAL (Mallory)", "slack", "denied", "add: only layoffbot admins can change the dataset.")


@pytest.mark.parametrize("operation", ["edit", "confirm", "retract", "undo", "history", "import"])
def test_every_write_checks_rights(db, operation) -> None:
    event_id = admin.add_round(db, ADA, **ROUND).event["id"]
    calls = {
        "edit": lambda: admin.edit_round(db, MALLORY, event_id, {"count": "1"}),
        "confirm": lambda: admin.confirm_round(db, MALLORY, event_id, count="1", source="https://example.com/x"),
        "retract": lambda: admin.retract_round(db, MALLORY, event_id, reason="no"),
        "undo": lambda: admin.undo_change(db, MALLORY),
        "history": lambda: admin.change_history(db, MALLORY),
        "import": lambda: admin.stage_import(db, MALLORY, "x.csv", (DATA / "fyi11_small.csv").read_bytes()),
    }
    before = dump(db)["events"]
    with pytest.raises(PermissionDenied):
        calls[operation]()
    assert dump(db)["events"] == before


def test_admin_operations_are_audited_with_platform(db) -> None:
    result = admin.add_round(db, ADA, **ROUND)
    admin.edit_round(db, DISCORD_MOD, result.event["id"], {"count": "1300"})
    history = admin.change_history(db, ADA, limit=2)
    assert [(v.actor, v.via, v.action) for v in history] == [
        ("discord:111 (mod)", "discord", "edit"),
        ("slack:U_ADA (Ada)", "slack", "add"),
    ]
    undone = admin.undo_change(db, DISCORD_MOD)  # the mod's own last change: the edit
    assert undone.via == "discord" and events_by(db, "Amazon")[0]["count"] == 1200


def test_validation_errors_carry_the_field(db) -> None:
    with pytest.raises(ValidationError) as info:
        admin.add_round(db, ADA, **{**ROUND, "percentage": "150"})
    assert info.value.field == "percentage"


# --------------------------------------------------------------------------- import staging


def test_stage_then_confirm_import(db) -> None:
    before = dump(db)
    preview = admin.stage_import(db, ADA, "small.csv", (DATA / "fyi11_small.csv").read_bytes())
    assert (preview.report.rows_read, preview.report.to_add, preview.report.duplicates) == (7, 6, 1)
    assert dump(db) == before  # staging writes nothing
    report = admin.confirm_import(db, ADA, preview.token)
    assert report.committed and report.added == 6
    with pytest.raises(ImportExpired):
        admin.confirm_import(db, ADA, preview.token)


def test_bad_csv_is_refused_whole(db) -> None:
    preview = admin.stage_import(db, ADA, "bad.csv", (DATA / "fyi11_bad_rows.csv").read_bytes())
    assert [i.row for i in preview.report.rejected] == [3, 4, 5, 6, 7]
    before = dump(db)
    report = admin.confirm_import(db, ADA, preview.token)
    assert report.aborted and not report.committed
    assert dump(db)["events"] == before["events"]


def test_staged_import_expires_and_cancels(db) -> None:
    start = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.timezone.utc)
    content = (DATA / "fyi11_small.csv").read_bytes()
    preview = admin.stage_import(db, ADA, "small.csv", content, now=start)
    assert preview.expires_at == start + dt.timedelta(minutes=10)
    with pytest.raises(ImportExpired):
        admin.confirm_import(db, ADA, preview.token, now=start + dt.timedelta(minutes=11))
    second = admin.stage_import(db, ADA, "small.csv", content, now=start)
    assert admin.cancel_import(db, ADA, second.token, now=start) is True
    assert admin.cancel_import(db, ADA, second.token, now=start) is False


def test_only_the_uploader_confirms(db) -> None:
    admin.grant(db, "slack", "U_BOB")
    preview = admin.stage_import(db, ADA, "small.csv", (DATA / "fyi11_small.csv").read_bytes())
    with pytest.raises(PermissionDenied):
        admin.confirm_import(db, Actor("slack", "U_BOB"), preview.token)


@pytest.mark.parametrize("attempt", ["confirm", "cancel"])
def test_another_admins_confirm_or_cancel_is_refused_and_audited(db, attempt: str) -> None:
    admin.grant(db, "slack", "U_BOB")
    bob = Actor("slack", "U_BOB")
    preview = admin.stage_import(db, ADA, "small.csv", (DATA / "fyi11_small.csv").read_bytes())
    denied = "SELECT actor, reason FROM changes WHERE action = 'denied'"
    before = db.execute(denied).fetchall()
    with pytest.raises(PermissionDenied) as refused:
        if attempt == "confirm":
            admin.confirm_import(db, bob, preview.token)
        else:
            admin.cancel_import(db, bob, preview.token)
    after = db.execute(denied).fetchall()
    assert len(after) == len(before) + 1 and after[-1][0] == bob.audit_name
    assert "only the admin who uploaded" in after[-1][1] and refused.value.change_id is not None
    assert admin.cancel_import(db, ADA, preview.token) is True  # still pending for its uploader


# --------------------------------------------------------------------------- subscriptions and alerts


def test_subscribe_rights(db) -> None:
    with pytest.raises(PermissionDenied):
        admin.subscribe(db, MALLORY, "C1", "Amazon", can_manage_channel=False)
    sub, created = admin.subscribe(db, MALLORY, "C1", "AWS", can_manage_channel=True)
    assert created and sub.company == "Amazon"
    assert admin.subscribe(db, ADA, "C1", "Amazon", can_manage_channel=False)[1] is False  # admin, already there
    admin.subscribe(db, ADA, "C2", "all", can_manage_channel=False)
    assert [(s.channel, s.company) for s in admin.list_subscriptions(db, "slack")] == [("C1", "Amazon"), ("C2", None)]
    assert admin.unsubscribe(db, MALLORY, "C1", "Amazon", can_manage_channel=True) is True
    assert admin.unsubscribe(db, MALLORY, "C1", "Amazon", can_manage_channel=True) is False


def test_one_alert_per_new_round_per_channel(db) -> None:
    admin.subscribe(db, ADA, "C-amazon", "Amazon", can_manage_channel=True)
    admin.subscribe(db, ADA, "C-all", None, can_manage_channel=True)
    admin.subscribe(db, ADA, "C-amazon", None, can_manage_channel=True)  # both: still one alert
    admin.subscribe(db, DISCORD_MOD, "D-x", "X", can_manage_channel=True)
    result = admin.add_round(db, ADA, **ROUND)
    alerts = admin.alerts_for_changes(db, [result.change_id])
    assert sorted((a.platform, a.channel, a.kind) for a in alerts) == [("slack", "C-all", "round"), ("slack", "C-amazon", "round")]
    alert = alerts[0]
    assert alert.rounds[0].count == 1200 and alert.rounds[0].company == "Amazon"
    assert "1,200 jobs" in alert.text and alert.sources[0].url == ROUND["source"]
    assert admin.alerts_for_changes(db, [result.change_id], platform="discord") == []


def test_newly_confirmed_round_alerts_and_plain_edit_does_not(db) -> None:
    admin.subscribe(db, ADA, "C1", "Amazon", can_manage_channel=True)
    planned = admin.add_round(db, ADA, **{**ROUND, "status": "planned", "count": "unknown"})
    edit = admin.edit_round(db, ADA, planned.event["id"], {"note": "more detail"})
    assert admin.alerts_for_changes(db, [edit.change_id]) == []
    confirmed = admin.confirm_round(db, ADA, planned.event["id"], count="16000", source="https://example.com/c")
    alerts = admin.alerts_for_changes(db, [confirmed.change_id])
    assert len(alerts) == 1 and alerts[0].headline.startswith("Newly confirmed")


def test_import_sends_one_summary_per_channel(db) -> None:
    admin.subscribe(db, ADA, "C-all", None, can_manage_channel=True)
    admin.subscribe(db, ADA, "C-amazon", "Amazon", can_manage_channel=True)
    admin.subscribe(db, ADA, "C-x", "X", can_manage_channel=True)
    admin.subscribe(db, DISCORD_MOD, "D-x", "X", can_manage_channel=True)  # another platform: filtered out
    content = (DATA / "fyi11_small.csv").read_bytes()
    report = admin.confirm_import(db, ADA, admin.stage_import(db, ADA, "small.csv", content).token)
    alerts = admin.alerts_for_changes(db, [report.change_id], platform="slack")
    by_channel = {a.channel: a for a in alerts}
    assert sorted(by_channel) == ["C-all", "C-amazon", "C-x"]
    assert all(a.kind == "import" for a in alerts)
    assert by_channel["C-all"].extra["rounds"] == 6
    assert by_channel["C-amazon"].extra["rounds"] == 1 and by_channel["C-amazon"].extra["known_total"] == 300
    assert by_channel["C-x"].extra["companies"] == ["X"]


def test_undone_change_alerts_nobody(db) -> None:
    admin.subscribe(db, ADA, "C1", None, can_manage_channel=True)
    result = admin.add_round(db, ADA, **ROUND)
    admin.undo_change(db, ADA)
    assert admin.alerts_for_changes(db, [result.change_id]) == []


# --------------------------------------------------------------------------- admin CLI


def test_admin_cli(tmp_path) -> None:
    runner = CliRunner()
    path = str(tmp_path / "a.db")
    base = ["--db", path]
    assert runner.invoke(cli, [*base, "data", "init", "--empty"]).exit_code == 0
    granted = runner.invoke(cli, [*base, "admin", "grant", "slack", "U9", "--actor", "lead"])
    assert granted.exit_code == 0 and "now an admin" in granted.output
    role = runner.invoke(cli, [*base, "admin", "grant", "discord", "77", "--role"])
    assert role.exit_code == 0
    bad = runner.invoke(cli, [*base, "admin", "grant", "slack", "R1", "--role"])
    assert bad.exit_code == 1 and "kind" in bad.output
    listed = runner.invoke(cli, [*base, "admin", "list", "--json"], env={"LAYOFFBOT_SLACK_ADMINS": "U10"})
    assert [(e["platform"], e["kind"], e["ident"]) for e in json.loads(listed.output)] == [
        ("discord", "role", "77"), ("slack", "user", "U10"), ("slack", "user", "U9")]
    assert runner.invoke(cli, [*base, "admin", "revoke", "slack", "U9"]).exit_code == 0
    assert runner.invoke(cli, [*base, "admin", "revoke", "slack", "U9"]).exit_code == 1


def test_oversized_upload_is_refused(db, monkeypatch) -> None:
    monkeypatch.setattr(admin.imports, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError) as info:
        admin.stage_import(db, ADA, "big.csv", b"company,date\n" + b"A,2025-01-01\n" * 20)
    assert info.value.field == "file"


def test_pending_alerts_cover_cli_writes_once(db) -> None:
    from bot.data import store

    admin.subscribe(db, ADA, "C1", "Amazon", can_manage_channel=True)
    admin.subscribe(db, DISCORD_MOD, "D1", None, can_manage_channel=True)
    store.add_event(db, company="Amazon", date="2025-01-01", count="5", source="https://example.com/old", actor="cli")
    assert admin.pending_alerts(db, "slack") == []  # first call: starts from now, no replay
    assert admin.pending_alerts(db, "discord") == []
    store.add_event(db, company="Amazon", date="2026-02-10", count="700", source="https://example.com/new", actor="cli")
    slack = admin.pending_alerts(db, "slack")
    assert [(a.channel, a.rounds[0].count) for a in slack] == [("C1", 700)]
    assert admin.pending_alerts(db, "slack") == []  # once
    assert [(a.channel, a.kind) for a in admin.pending_alerts(db, "discord")] == [("D1", "round")]
