"""``layoffbot discord`` as a user runs it: settings, a bad token, and the real engine end to end."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("discord")

from fake_discord import APP_ID, DM_CHANNEL_ID, GOOD_TOKEN, FakeDiscord, user_payload  # noqa: E402

from adapters.discord.settings import (  # noqa: E402
    DEFAULT_API_URL,
    DEFAULT_GATEWAY_URL,
    SettingsError,
    load_settings,
)

ALICE = user_payload(800000000000000001, "alice")


@pytest.mark.parametrize(
    "environ, dotenv, expected",
    [
        pytest.param({"DISCORD_TOKEN": "env"}, "DISCORD_TOKEN=file\n", ("env", DEFAULT_API_URL, DEFAULT_GATEWAY_URL),
                     id="environment-beats-dotenv"),
        pytest.param({}, "DISCORD_TOKEN=file\nDISCORD_API_URL=http://127.0.0.1:9/api/v10/\n"
                     "DISCORD_GATEWAY_URL=ws://127.0.0.1:9/gw\n", ("file", "http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gw"),
                     id="dotenv"),
    ],
)
def test_settings_lookup_order(tmp_path: Path, environ: dict[str, str], dotenv: str, expected: tuple[str, ...]) -> None:
    (tmp_path / ".env").write_text(dotenv)
    settings = load_settings(environ=environ, dotenv_path=tmp_path / ".env")
    assert (settings.token, settings.api_url, settings.gateway_url) == expected
    assert settings.token not in repr(settings), "the token is never shown"


@pytest.mark.parametrize(
    "environ, setting",
    [
        pytest.param({}, "DISCORD_TOKEN", id="no-token"),
        pytest.param({"DISCORD_TOKEN": "t", "DISCORD_API_URL": "discord.com"}, "DISCORD_API_URL", id="bad-api-url"),
        pytest.param({"DISCORD_TOKEN": "t", "DISCORD_GATEWAY_URL": "http://x"}, "DISCORD_GATEWAY_URL", id="bad-gateway"),
    ],
)
def test_settings_errors_name_the_setting(tmp_path: Path, environ: dict[str, str], setting: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(environ=environ, dotenv_path=tmp_path / "missing.env")
    assert error.value.setting == setting and setting in str(error.value)


def _env(fake: FakeDiscord | None, token: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "LAYOFFBOT_"))}
    if token is not None:
        env["DISCORD_TOKEN"] = token
    if fake is not None:
        env["DISCORD_API_URL"] = fake.api_url
        env["DISCORD_GATEWAY_URL"] = fake.gateway_url
    return env


async def _start(db: Path, cwd: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "--db", str(db), "--today", "2026-02-15", "discord", *args,
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


@pytest.fixture
def fixture_db(tmp_path: Path) -> Path:
    fixtures_core = pytest.importorskip("fixtures_core")
    path = tmp_path / "layoffs.db"
    fixtures_core.build_fixture_db(str(path)).conn.close()
    return path


def test_missing_token_stops_with_a_clear_message(tmp_path: Path, fixture_db: Path) -> None:
    async def run() -> tuple[int, bytes]:
        process = await _start(fixture_db, tmp_path, _env(None, None))
        _, err = await asyncio.wait_for(process.communicate(), 60)
        return process.returncode or 0, err

    code, err = asyncio.run(run())
    assert code == 1
    assert b"No Discord bot token: set DISCORD_TOKEN" in err and b"Traceback" not in err


def test_bad_token_stops_at_start_with_a_clear_message(tmp_path: Path, fixture_db: Path) -> None:
    async def run() -> tuple[int, bytes, FakeDiscord]:
        fake = FakeDiscord()
        await fake.start()
        try:
            process = await _start(fixture_db, tmp_path, _env(fake, "not-a-valid-token"))
            _, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            await fake.stop()
        return process.returncode or 0, err, fake

    code, err, fake = asyncio.run(run())
    assert code == 1
    assert b"Discord rejected the bot token (DISCORD_TOKEN)" in err
    assert b"Traceback" not in err and b"not-a-valid-token" not in err, "no traceback, token never echoed"
    assert [r.path for r in fake.requests] == ["/users/@me"], "stopped at login"


def test_other_login_errors_are_one_line_without_the_token(tmp_path: Path, fixture_db: Path) -> None:
    """Issue 11: an HTTP error at login whose page echoes the request's headers used to print a
    traceback with the token in it."""
    async def run() -> tuple[int, bytes]:
        fake = FakeDiscord()
        fake.fail_login_with = 403
        await fake.start()
        try:
            process = await _start(fixture_db, tmp_path, _env(fake, GOOD_TOKEN))
            _, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            await fake.stop()
        return process.returncode or 0, err

    code, err = asyncio.run(run())
    assert code == 1
    assert b"Traceback" not in err and GOOD_TOKEN.encode() not in err
    (line,) = [line for line in err.decode().splitlines() if "Discord refused the start" in line]
    assert "[redacted]" in line and "403" in line


def test_runs_with_the_real_engine_and_syncs_only_when_changed(tmp_path: Path, fixture_db: Path) -> None:
    """Token from .env; a DM answered by the real engine on the fixture DB; a second start does not
    re-sync the unchanged commands (fingerprint kept in the DB's meta table)."""
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={GOOD_TOKEN}\nLAYOFFBOT_DISCORD_ADMINS=424242\n")

    async def one_run(question: str) -> tuple[list[Any], list[Any], bytes]:
        fake = FakeDiscord()
        await fake.start()
        process = await _start(fixture_db, tmp_path, _env(fake, None))
        head = b""
        try:
            while b"Connected as" not in head:  # printed when ready (after the guilds arrived)
                head += await asyncio.wait_for(process.stderr.readline(), 60)  # type: ignore[union-attr]
            await fake.dispatch("MESSAGE_CREATE", fake.message_payload(question, author=ALICE, guild=False))
            posts = await fake.wait_request("POST", f"/channels/{DM_CHANNEL_ID}/messages", timeout=30)
        finally:
            process.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(process.communicate(), 30)
            err = head + err
            await fake.stop()
        return posts, fake.find("PUT", f"/applications/{APP_ID}/commands"), err

    posts, puts, err = asyncio.run(one_run("how many has Amazon cut in 2023?"))
    embed = posts[0].json["embeds"][0]
    assert embed["title"].startswith("Amazon cut ")
    assert "2023" in embed["description"]
    assert embed["footer"]["text"] == "Data as of 1 Feb 2026 · layoffbot"
    assert len(puts) == 1
    assert b"Traceback" not in err and GOOD_TOKEN.encode() not in err
    assert f"Invite URL: https://discord.com/oauth2/authorize?client_id={APP_ID}&scope=bot+applications.commands&permissions=274878024704".encode() in err
    with sqlite3.connect(fixture_db) as conn:
        stored = conn.execute("SELECT value FROM meta WHERE key = ?", [f"discord.commands_sha256.{APP_ID}"]).fetchone()
    assert stored and len(stored[0]) == 64
    with sqlite3.connect(fixture_db) as conn:
        admins = conn.execute("SELECT platform, kind, ident FROM admins").fetchall()
    assert admins == [("discord", "user", "424242")], "admin ids in .env are seeded like exported ones"

    posts, puts, _ = asyncio.run(one_run("who cut the most in 2023?"))
    assert posts[0].json["embeds"][0]["title"].startswith("Top ")
    assert puts == [], "unchanged commands are not synced again"


def test_readme_invite_url_has_exactly_the_needed_scopes_and_permissions() -> None:
    import re

    from adapters.discord.invite import SCOPES, invite_url, required_permissions

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Discord", 1)[1].split("\n## ", 1)[0]
    (url,) = set(re.findall(r"https://discord\.com/oauth2/authorize\?\S+", section))
    assert url == invite_url(0).replace("client_id=0", "client_id=<APPLICATION_ID>")
    assert SCOPES == ("bot", "applications.commands")
    permissions = required_permissions()
    assert {name for name, on in permissions if on} == {  # read_messages is View Channels
        "read_messages", "send_messages", "send_messages_in_threads", "embed_links", "attach_files",
        "read_message_history",
    }
    assert f"integer **{permissions.value}**" in section
