"""Discord's message and embed limits, and the helpers that keep text inside them.

Discord rejects a whole message (HTTP 400) when any limit is exceeded, so every string the
adapter sends goes through :func:`clip` or :func:`pack_lines` first: a long answer is
shortened ("… and 12 more rounds"), never refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.common.text import ELLIPSIS, clip

__all__ = [
    "CONTENT",
    "TITLE",
    "DESCRIPTION",
    "FIELDS",
    "FIELD_NAME",
    "FIELD_VALUE",
    "FOOTER",
    "AUTHOR",
    "TOTAL",
    "EMBEDS",
    "ELLIPSIS",
    "CONTINUED",
    "clip",
    "more_line",
    "embed_length",
    "limit_violations",
    "FieldPacker",
]

CONTENT = 2000
"""Characters of a message's ``content``."""
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
TOTAL = 6000
"""Characters across title, description, field names and values, footer and author of ALL
embeds of one message."""
EMBEDS = 10
"""Embeds per message."""

CONTINUED = "\u200b"
"""Name of a field continuing the previous one: a zero-width space (Discord rejects empty names)."""


def more_line(count: int, noun: str) -> str:
    """The line that replaces the rows left out: "… and 12 more rounds"."""
    return f"{ELLIPSIS} and {count:,} more {noun}"


def embed_length(embed: dict[str, Any]) -> int:
    """Characters of one embed dict as Discord counts them toward :data:`TOTAL`."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def limit_violations(content: str | None, embeds: Sequence[dict[str, Any]]) -> list[str]:
    """Every limit a message payload breaks (empty = Discord accepts it)."""
    problems: list[str] = []
    if content and len(content) > CONTENT:
        problems.append(f"content {len(content)} > {CONTENT}")
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds > {EMBEDS}")
    total = 0
    for number, embed in enumerate(embeds):
        where = f"embed {number}"
        checks = [
            ("title", len(embed.get("title") or ""), TITLE),
            ("description", len(embed.get("description") or ""), DESCRIPTION),
            ("fields", len(embed.get("fields") or []), FIELDS),
            ("footer", len((embed.get("footer") or {}).get("text") or ""), FOOTER),
            ("author", len((embed.get("author") or {}).get("name") or ""), AUTHOR),
        ]
        for index, item in enumerate(embed.get("fields") or []):
            checks.append((f"field {index} name", len(item.get("name") or ""), FIELD_NAME))
            checks.append((f"field {index} value", len(item.get("value") or ""), FIELD_VALUE))
            if not (item.get("name") or "").strip() or not (item.get("value") or "").strip():
                problems.append(f"{where}: field {index} is empty (Discord rejects empty fields)")
        for what, size, limit in checks:
            if size > limit:
                problems.append(f"{where}: {what} {size} > {limit}")
        total += embed_length(embed)
    if total > TOTAL:
        problems.append(f"all embeds {total} > {TOTAL}")
    return problems


@dataclass
class FieldPacker:
    """Packs sections of lines into embed fields within a character budget.

    Lines are never split: each is clipped to fit one field value, consecutive lines share a
    field until it is full, and a section continues in fields named :data:`CONTINUED`.  When the
    fields or the budget run out, the rest of a section is replaced by one
    "… and N more <noun>" line, for which room is reserved up front, so the result always
    fits.
    """

    budget: int
    """Characters left for field names and values (of :data:`TOTAL`)."""
    max_fields: int = FIELDS
    fields: list[dict[str, Any]] = field(default_factory=list)

    def add_section(
        self,
        name: str,
        lines: Sequence[str],
        noun: str,
        *,
        budget: int | None = None,
        keep_fields: int = 0,
    ) -> int:
        """Add ``lines`` under ``name``; returns how many lines were left out.

        ``budget`` caps what this section may use (default: all that is left);
        ``keep_fields`` fields are kept free for later sections.
        """
        if not lines:
            return 0
        allowed = min(self.budget, budget if budget is not None else self.budget)
        max_fields = self.max_fields - keep_fields - len(self.fields)
        name = clip(name, FIELD_NAME)
        cont_name = CONTINUED
        reserve = len(more_line(len(lines), noun)) + 1  # +1: the newline before it
        line_limit = FIELD_VALUE - reserve

        values: list[list[str]] = []
        lengths: list[int] = []
        spent = 0
        shown = 0
        for raw in lines:
            line = clip(raw, line_limit)
            if values and lengths[-1] + 1 + len(line) <= line_limit and spent + 1 + len(line) + reserve <= allowed:
                values[-1].append(line)
                lengths[-1] += 1 + len(line)
                spent += 1 + len(line)
            else:
                title = name if not values else cont_name
                if len(values) >= max_fields or spent + len(title) + len(line) + reserve > allowed:
                    break
                values.append([line])
                lengths.append(len(line))
                spent += len(title) + len(line)
            shown += 1

        left_out = len(lines) - shown
        if left_out:
            tail = more_line(left_out, noun)
            if values:
                values[-1].append(tail)
                spent += 1 + len(tail)
            elif max_fields >= 1 and len(name) + len(tail) <= allowed:
                values.append([tail])
                spent += len(name) + len(tail)
        for index, value_lines in enumerate(values):
            self.fields.append({"name": name if index == 0 else cont_name, "value": "\n".join(value_lines), "inline": False})
        self.budget -= spent
        return left_out
