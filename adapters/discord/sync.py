"""Publishing the slash commands to Discord: to one server at once, or globally when changed.

Global command updates are rate limited and take a while to reach every client, so a start
only syncs globally when the command definitions changed since the last sync.  Their
fingerprint (SHA-256 of the JSON Discord receives) is kept per application in the database's
``meta`` table under ``discord.commands_sha256.<application id>``.  ``--sync-guild ID``
syncs a copy to that one server, which Discord applies immediately (for testing).

Several processes (shard ranges) starting together sync once: a global sync first takes a lock
in the shared state store (``lock=``, set-if-absent per application and fingerprint); the
others find it taken and skip.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Protocol

import discord
from discord import app_commands

from bot.data.db import write_transaction

__all__ = ["HashStore", "MetaTableHashStore", "MemoryHashStore", "commands_fingerprint", "sync_commands"]

log = logging.getLogger(__name__)

#: How long one process's claim to sync a given set of definitions lasts.
SYNC_LOCK_TTL = 3600.0


class HashStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


class MetaTableHashStore:
    """Fingerprints in the layoffbot database's ``meta`` table."""

    def __init__(self, db: "object") -> None:
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()  # type: ignore[attr-defined]
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        with write_transaction(self.db):  # type: ignore[arg-type]
            self.db.execute(  # type: ignore[attr-defined]
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


class MemoryHashStore:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value


def commands_fingerprint(tree: app_commands.CommandTree) -> str:
    payload = sorted((command.to_dict(tree) for command in tree.get_commands()), key=lambda c: (c["name"], c["type"]))
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree,
    application_id: int,
    store: HashStore,
    *,
    guild_id: int | None = None,
    lock: Any = None,
) -> str:
    """Sync the commands; returns what was done: ``guild`` | ``global`` | ``unchanged`` |
    ``elsewhere`` (another process holds the sync lock for these definitions)."""
    if guild_id is not None:
        guild = discord.Object(id=guild_id)
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
        log.info("synced %d commands to guild %s", len(synced), guild_id)
        return "guild"
    key = f"discord.commands_sha256.{application_id}"
    fingerprint = commands_fingerprint(tree)
    if store.get(key) == fingerprint:
        log.info("slash commands unchanged since the last global sync; not syncing")
        return "unchanged"
    if lock is not None and not lock.add(f"discord:command-sync:{application_id}:{fingerprint}", "1", SYNC_LOCK_TTL):
        log.info("another process is syncing these slash commands; not syncing here")
        return "elsewhere"
    synced = await tree.sync()
    store.set(key, fingerprint)
    log.info("synced %d commands globally (they may take a while to show everywhere)", len(synced))
    return "global"
