"""The weekly digest in the core: its content for a fixture week, schedules, and the claimed slot."""

from __future__ import annotations

import datetime as dt

import pytest

import fixtures_core
from bot import admin
from bot.admin import digest
from bot.data.db import open_db

P = "slack"
ADMIN = admin.Actor(P, "UADMIN")
MANAGER = admin.Actor(P, "UMANAGER")
MONDAY_9 = dt.datetime(2026, 2, 16, 9, 30, tzinfo=dt.timezone.utc)  # week before: Mon 9 - Sun 15 Feb 2026


def _add(db, company: str, count: int | None, day: str, status: str = "reported") -> None:
    admin.add_round(db, ADMIN, company=company, date=day, count=None if count is None else str(count), status=status,
                    source=f"https://news.example/{company.lower()}-{day}")


def _fixture_week(db) -> None:
    _add(db, "Amazon", 1200, "2026-02-09")
    _add(db, "Meta", 3000, "2026-02-12")
    _add(db, "PayPal", None, "2026-02-13")  # undisclosed: listed, not summed, not the largest
    _add(db, "Google", 10000, "2026-02-14", status="planned")  # a plan: shown apart, never the largest
    _add(db, "Intel", 9999, "2026-02-16")  # the posting day: next week's
    _add(db, "Zoom", 5000, "2026-02-08")  # the Sunday before: last week's


@pytest.fixture
def fdb():
    database = fixtures_core.build_fixture_db()
    admin.grant(database, P, "UADMIN", by="test")
    return database


def test_digest_of_a_fixture_week(fdb) -> None:
    before = {r[0] for r in fdb.execute("SELECT id FROM events WHERE date BETWEEN '2026-02-09' AND '2026-02-15'")}
    _fixture_week(fdb)
    reply = digest.build_digest(fdb, dt.date(2026, 2, 9), dt.date(2026, 2, 15))
    new = [r for r in reply.rows if r.id not in before]
    assert [(r.company, r.count) for r in new] == [("Meta", 3000), ("Amazon", 1200), ("PayPal", None)]
    assert [(r.company, r.status) for r in reply.planned if r.id not in before] == [("Google", "planned")]
    fixture_sum = sum(r.count or 0 for r in reply.rows if r.id in before and r.counted)
    assert reply.total == 3000 + 1200 + fixture_sum  # by hand: the two known new rounds
    largest = max((r for r in reply.rows if r.count is not None), key=lambda r: r.count)
    assert reply.extra["largest"] == {"company": largest.company, "count": largest.count}
    assert "Largest:" in reply.text and "Plans and rumours" in reply.text and "Google" in reply.text
    assert reply.chart is not None and reply.chart.kind == "top_companies"


def test_digest_restricted_to_the_channels_company(fdb) -> None:
    _fixture_week(fdb)
    admin.subscribe(fdb, MANAGER, "CAMZN", "Amazon", can_manage_channel=True)
    digest.set_digest(fdb, MANAGER, "CAMZN", "weekly monday 9", can_manage_channel=True)
    (post,) = digest.due_digests(fdb, P, now=MONDAY_9)
    reply = post.extra["reply"]
    assert post.kind == "digest" and post.channel == "CAMZN"
    assert {r.company for r in reply.rows} <= {"Amazon"} and 1200 in [r.count for r in reply.rows]
    assert reply.extra["largest"]["company"] == "Amazon"


@pytest.mark.parametrize("text, expected", [
    pytest.param("weekly monday 9", (0, 9, "UTC"), id="plain"),
    pytest.param("friday 5pm", (4, 17, "UTC"), id="pm"),
    pytest.param("weekly wed 8 Europe/Berlin", (2, 8, "Europe/Berlin"), id="timezone"),
])
def test_parse_schedule(text: str, expected: tuple[int, int, str]) -> None:
    assert digest.parse_schedule(text) == expected


@pytest.mark.parametrize("text", ["weekly someday 9", "monday 25", "monday 9 Mars/Olympus", "tomorrow"])
def test_bad_schedules_are_refused(text: str) -> None:
    with pytest.raises(digest.DigestError):
        digest.parse_schedule(text)


def test_schedule_rules(fdb) -> None:
    with pytest.raises(digest.DigestError, match="Subscribe this channel first"):
        digest.set_digest(fdb, MANAGER, "CNEW", "monday 9", can_manage_channel=True)
    admin.subscribe(fdb, MANAGER, "CNEW", None, can_manage_channel=True)
    with pytest.raises(admin.PermissionDenied):
        digest.set_digest(fdb, admin.Actor(P, "USTRANGER"), "CNEW", "monday 9", can_manage_channel=False)
    assert "Monday at 09:00 UTC" in digest.digest_command(fdb, MANAGER, "CNEW", "weekly monday 9",
                                                          can_manage_channel=True)
    assert "Monday at 09:00 UTC" in digest.digest_command(fdb, MANAGER, "CNEW", "", can_manage_channel=False)
    assert digest.due_digests(fdb, P, now=MONDAY_9 - dt.timedelta(hours=1)) == []  # 08:30: not yet
    assert digest.due_digests(fdb, P, now=MONDAY_9 + dt.timedelta(days=1)) == []  # Tuesday: not the day
    admin.unsubscribe(fdb, MANAGER, "CNEW", None, can_manage_channel=True)
    assert digest.due_digests(fdb, P, now=MONDAY_9) == []  # unsubscribed: paused, slot not taken
    admin.subscribe(fdb, MANAGER, "CNEW", None, can_manage_channel=True)
    assert len(digest.due_digests(fdb, P, now=MONDAY_9)) == 1
    assert "stopped" in digest.digest_command(fdb, MANAGER, "CNEW", "off", can_manage_channel=True)
    assert digest.due_digests(fdb, P, now=MONDAY_9 + dt.timedelta(days=7)) == []  # stopped: next week neither


def test_two_pollers_claiming_the_same_slot_post_once(tmp_path) -> None:
    """Two instances on one database file (two connections): the (channel, week) slot is claimed
    by one INSERT, so exactly one of them returns the digest — and next week it is due again."""
    path = tmp_path / "shared.db"
    first = open_db(path)
    first.execute("INSERT INTO companies (id, name, industry, country) VALUES (1, 'Amazon', 'Retail', 'United States')")
    first.conn.commit()
    admin.grant(first, P, "UADMIN", by="test")
    _add(first, "Amazon", 700, "2026-02-10")
    admin.subscribe(first, MANAGER, "CALL", None, can_manage_channel=True)
    digest.set_digest(first, MANAGER, "CALL", "weekly monday 9", can_manage_channel=True)
    second = open_db(path)
    got = digest.due_digests(first, P, now=MONDAY_9) + digest.due_digests(second, P, now=MONDAY_9)
    got += digest.due_digests(second, P, now=MONDAY_9 + dt.timedelta(hours=3))  # a later poll the same day
    assert len(got) == 1 and got[0].extra["reply"].total == 700
    assert len(digest.due_digests(second, P, now=MONDAY_9 + dt.timedelta(days=7))) == 1
