"""Shard ranges: which guilds this process serves when a big bot is split across processes.

Discord assigns guild ``g`` to shard ``(g >> 22) % shard_count``; direct messages arrive on
shard 0.  ``layoffbot discord --shard-ids 0-3 --shard-count 8`` runs shards 0..3 of 8 in one
process; another process (or host) runs 4-7.  Whatever must happen once per guild -- posting an
alert to one of its channels -- is done by the process whose range holds that guild's shard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ShardRange", "ShardRangeError", "parse_shard_ids", "shard_of"]

#: Discord's limit on shards per bot is far below this; it only bounds what we accept.
MAX_SHARDS = 100_000


class ShardRangeError(ValueError):
    """``--shard-ids`` / ``--shard-count`` are malformed or inconsistent.  ``value``, ``problem``."""

    def __init__(self, value: str, problem: str) -> None:
        self.value = value
        self.problem = problem
        super().__init__(f"{problem} (got {value!r})")


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord delivers guild ``guild_id``'s events on."""
    return (int(guild_id) >> 22) % shard_count


def parse_shard_ids(text: str, shard_count: int) -> tuple[int, ...]:
    """``"0-3"``, ``"5"``, ``"0,2,4-6"`` -> sorted shard ids, each below ``shard_count``."""
    if not 1 <= shard_count <= MAX_SHARDS:
        raise ShardRangeError(str(shard_count), f"the shard count must be between 1 and {MAX_SHARDS}")
    ids: set[int] = set()
    for part in (text or "").replace(" ", "").split(","):
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if match is None:
            raise ShardRangeError(text, "shard ids are numbers or ranges like 0-3, separated by commas")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first > last:
            raise ShardRangeError(text, f"the range {part} runs backwards")
        if last >= shard_count:
            raise ShardRangeError(text, f"shard ids run from 0 to {shard_count - 1} with --shard-count {shard_count}")
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


@dataclass(frozen=True, slots=True)
class ShardRange:
    """The shards one process runs, out of ``count``."""

    ids: tuple[int, ...]
    count: int

    @classmethod
    def parse(cls, ids: str, count: int) -> ShardRange:
        return cls(parse_shard_ids(ids, count), count)

    def owns_guild(self, guild_id: int | None) -> bool:
        """Whether this process serves ``guild_id`` (None = a DM: shard 0's process)."""
        return (0 if guild_id is None else shard_of(guild_id, self.count)) in self.ids

    @property
    def label(self) -> str:
        """``0-3/8`` (for logs and the alert cursor of this range)."""
        spans: list[str] = []
        start = prev = self.ids[0]
        for shard in (*self.ids[1:], None):
            if shard is not None and shard == prev + 1:
                prev = shard
                continue
            spans.append(str(start) if start == prev else f"{start}-{prev}")
            if shard is not None:
                start = prev = shard
        return ",".join(spans) + f"/{self.count}"
