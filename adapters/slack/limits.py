"""Slack's Block Kit limits, and a checker used by the renderer's last pass and by the tests.

Numbers from https://api.slack.com/reference/block-kit/blocks (section text 3,000 characters,
10 fields of 2,000, 50 blocks a message, context 10 elements, button text 75, value 2,000).
"""

from __future__ import annotations

from typing import Any

from adapters.common.text import clip

__all__ = [
    "MAX_BLOCKS",
    "MAX_SECTION_TEXT",
    "MAX_FIELDS",
    "MAX_FIELD_TEXT",
    "MAX_CONTEXT_ELEMENTS",
    "MAX_HEADER_TEXT",
    "MAX_BUTTON_TEXT",
    "MAX_BUTTON_VALUE",
    "MAX_ACTION_ID",
    "MAX_FALLBACK_TEXT",
    "MAX_HOME_BLOCKS",
    "truncate",
    "block_problems",
]

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_ACTIONS_ELEMENTS = 25
#: chat.postMessage truncates text beyond 40,000 characters; the fallback is for notifications
#: and screen readers, so a few thousand characters is plenty.
MAX_FALLBACK_TEXT = 3000


truncate = clip
"""Text cut to a limit, ending in "…" when cut: :func:`adapters.common.text.clip`, which Discord uses too."""


def _text_len(obj: dict[str, Any] | None) -> int:
    return len(obj.get("text", "")) if obj else 0


def block_problems(blocks: list[dict[str, Any]], *, max_blocks: int = MAX_BLOCKS) -> list[str]:
    """Every limit the blocks break, as readable strings (empty when the message is valid)."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks > {max_blocks}")
    for i, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"block {i}: section without text or fields")
            if _text_len(block.get("text")) > MAX_SECTION_TEXT:
                problems.append(f"block {i}: section text {_text_len(block.get('text'))} > {MAX_SECTION_TEXT}")
            if "text" in block and not block["text"].get("text"):
                problems.append(f"block {i}: empty section text")
            fields = block.get("fields", [])
            if len(fields) > MAX_FIELDS:
                problems.append(f"block {i}: {len(fields)} fields > {MAX_FIELDS}")
            for f in fields:
                if _text_len(f) > MAX_FIELD_TEXT:
                    problems.append(f"block {i}: field text {_text_len(f)} > {MAX_FIELD_TEXT}")
        elif kind == "context":
            elements = block.get("elements", [])
            if not elements or len(elements) > MAX_CONTEXT_ELEMENTS:
                problems.append(f"block {i}: context with {len(elements)} elements")
            for e in elements:
                if _text_len(e) > MAX_SECTION_TEXT:
                    problems.append(f"block {i}: context text {_text_len(e)} > {MAX_SECTION_TEXT}")
        elif kind == "header":
            if _text_len(block.get("text")) > MAX_HEADER_TEXT:
                problems.append(f"block {i}: header {_text_len(block.get('text'))} > {MAX_HEADER_TEXT}")
        elif kind == "actions":
            elements = block.get("elements", [])
            if not elements or len(elements) > MAX_ACTIONS_ELEMENTS:
                problems.append(f"block {i}: actions with {len(elements)} elements")
            for e in elements:
                if _text_len(e.get("text")) > MAX_BUTTON_TEXT:
                    problems.append(f"block {i}: button text > {MAX_BUTTON_TEXT}")
                if len(e.get("value", "")) > MAX_BUTTON_VALUE:
                    problems.append(f"block {i}: button value > {MAX_BUTTON_VALUE}")
                if len(e.get("action_id", "")) > MAX_ACTION_ID:
                    problems.append(f"block {i}: action_id > {MAX_ACTION_ID}")
        elif kind not in ("divider", "image", "rich_text", "input"):
            problems.append(f"block {i}: unexpected type {kind!r}")
    return problems
