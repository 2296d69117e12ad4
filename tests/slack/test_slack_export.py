"""Answers as files in Slack: "as csv" uploads the core's export file (files_upload_v2) to the fake Slack."""

from __future__ import annotations

import csv
import io

import pytest

pytest.importorskip("slack_bolt")

from slack_fakes import FakeSlack, mention  # noqa: E402

from bot.answers.export import export_files  # noqa: E402
from bot.reply import RoundRow  # noqa: E402

fixtures_core = pytest.importorskip("fixtures_core")


def _engine():
    from bot.engine import Engine

    return Engine(fixtures_core.build_fixture_db(), today=fixtures_core.TODAY)


def _uploaded(fake_slack: FakeSlack, count: int = 1) -> list[bytes]:
    calls = fake_slack.wait_for(lambda f: (c := f.calls_to("upload")) and len(c) >= count and c)
    return [fake_slack.uploads[c.data["id"]] for c in calls]


def test_mention_as_csv_uploads_the_answers_rows_into_the_thread(start_app, fake_slack: FakeSlack) -> None:
    app = start_app(_engine())
    app.event(mention("list Amazon's layoffs as csv", ts="1700000900.000100"))
    (body,) = _uploaded(fake_slack)
    reference = _engine().answer("list Amazon's layoffs")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [int(r["id"]) for r in rows] == [r.id for r in [*reference.rows, *reference.planned] if isinstance(r, RoundRow)]
    assert body == export_files(_engine().answer("list Amazon's layoffs as csv"))[0].content
    (complete,) = fake_slack.wait_for(lambda f: f.calls_to("files.completeUploadExternal"))
    assert complete.data.get("thread_ts") == "1700000900.000100" and complete.data.get("channel_id") == "C111"
    (asked,) = fake_slack.calls_to("files.getUploadURLExternal")
    assert asked.data["filename"].startswith("layoffbot-amazon") and asked.data["filename"].endswith(".csv")


def test_slash_command_csv_and_json_uploads_both(start_app, fake_slack: FakeSlack) -> None:
    app = start_app(_engine())
    app.command("who cut the most in 2023? as csv and json")
    bodies = _uploaded(fake_slack, 2)
    assert any(b.startswith(b"company,total,rounds") for b in bodies)
    assert any(b.lstrip().startswith(b"{") and b'"row_kind": "companies"' in b for b in bodies)


def test_private_answers_get_no_file_but_say_why(start_app, fake_slack: FakeSlack) -> None:
    app = start_app(_engine())
    app.command("private list Amazon's layoffs as csv")
    posts = fake_slack.wait_for(lambda f: (p := f.calls_to("response_url")) and len(p) >= 2 and p)
    assert "files are only posted with public answers" in posts[-1].data["text"]
    assert fake_slack.calls_to("upload") == []
