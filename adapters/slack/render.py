"""Block Kit rendering of a core :class:`~bot.reply.Reply` (convert out), within Slack's limits.

Layout of an answer, top to bottom: the headline with the figure; what was understood; the
rounds or the ranking (fields for a small comparison, otherwise a compact list, at most
``INLINE_ROWS`` of them, then "…and N more" with a *Show all* button); planned or rumoured
rounds apart (never counted); notes; sources as links; suggestions; a context line with the
data's as-of date.  Every message also carries a plain-text fallback (``text``).

Long lists are never rejected by the API: lines are packed into sections of at most 3,000
characters, and :func:`fit_blocks` is the last pass that cuts anything beyond 50 blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.slack.limits import (
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    MAX_FALLBACK_TEXT,
    MAX_FIELD_TEXT,
    MAX_FIELDS,
    MAX_SECTION_TEXT,
    truncate,
)
from bot.reply import SOMETHING_WENT_WRONG, CompanyRow, Reply, RoundRow, Source, format_day

__all__ = [
    "SlackMessage",
    "SHOW_ALL_ACTION",
    "INLINE_ROWS",
    "INLINE_PLANNED",
    "INLINE_SOURCES",
    "EXAMPLES",
    "FRIENDLY_ERROR",
    "escape",
    "render_reply",
    "render_full",
    "render_help",
    "render_home",
    "render_error",
    "fit_blocks",
]

SHOW_ALL_ACTION = "layoffs_show_all"
INLINE_ROWS = 10
INLINE_PLANNED = 5
INLINE_SOURCES = 8
#: Maximum messages "Show all" sends (a response_url accepts five posts).
MAX_FULL_MESSAGES = 5

EXAMPLES: tuple[str, ...] = (
    "how many has Amazon cut?",
    "who cut the most in 2023?",
    "Meta vs Google",
    "latest layoffs",
    "is Amazon planning more?",
    "what share of Microsoft's staff was cut in 2023?",
    "chart Amazon layoffs by quarter",
)

FRIENDLY_ERROR = SOMETHING_WENT_WRONG  # the one sentence, shared with the core and Discord


@dataclass(slots=True)
class SlackMessage:
    """Arguments for chat.postMessage / response_url / respond(): ``text`` + ``blocks``."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    """True when some rows, planned rounds or sources were left out (Show all has them)."""

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


# ---------------------------------------------------------------------------------------------
# small helpers


def escape(text: str) -> str:
    """Escape the three characters mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(url: str, label: str) -> str:
    # '|' and '>' would end the link early; spaces are not valid in a URL anyway.
    safe_url = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    return f"<{safe_url}|{escape(label).replace('|', '¦')}>"


def _num(n: int) -> str:
    return f"{n:,}"


_date = format_day  # the one date format (bot.reply)


def _percent(p: float) -> str:
    return f"{p:.0f}%" if float(p).is_integer() else f"{p:.1f}%"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}}


def _context(texts: Iterable[str]) -> dict[str, Any]:
    elements = [{"type": "mrkdwn", "text": truncate(t, MAX_SECTION_TEXT)} for t in texts if t]
    return {"type": "context", "elements": elements[:MAX_CONTEXT_ELEMENTS]}


def _pack(lines: Sequence[str], limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Pack lines into as few texts of at most ``limit`` characters as possible."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = truncate(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def fit_blocks(blocks: list[dict[str, Any]], *, max_blocks: int = MAX_BLOCKS) -> list[dict[str, Any]]:
    """Last pass: never more than ``max_blocks``; the cut is said, not silent."""
    if len(blocks) <= max_blocks:
        return blocks
    kept = blocks[: max_blocks - 1]
    return kept + [_context([f"_…{len(blocks) - len(kept)} more parts left out to fit in one Slack message._"])]


# ---------------------------------------------------------------------------------------------
# rows


def round_line(row: RoundRow) -> str:
    """One round: date, company (division), count or 'undisclosed', share, status, source."""
    who = f"*{escape(row.company)}*" + (f" ({escape(row.division)})" if row.division else "")
    size = _num(row.count) if row.count is not None else "undisclosed number"
    parts = [f"• {_date(row.date)} · {who} — {size}"]
    if row.percentage is not None:
        basis = f" of {escape(row.percentage_basis)}" if row.percentage_basis else ""
        parts.append(f" ({_percent(row.percentage)}{basis})")
    if row.announced_count is not None and row.announced_count != row.count:
        parts.append(f", announced {_num(row.announced_count)} in total")
    if row.status not in ("reported", "confirmed"):
        parts.append(f" · _{escape(row.status)}_")
    if row.source:
        parts.append(f" · {_link(row.source, 'source')}")
    if not row.counted:
        parts.append(" · _not added to the total_")
    if row.note:
        parts.append(f" — {escape(row.note)}")
    return "".join(parts)


def company_line(rank: int | None, row: CompanyRow) -> str:
    """One company of a ranking: total, rounds, undisclosed and planned rounds said, never dropped."""
    prefix = f"{rank}. " if rank is not None else "• "
    # The core's phrase: "10,000 in 1 round, plus 1 round of undisclosed size" (never "incl.").
    text = f"{prefix}*{escape(row.company)}* — {escape(row.rounds_phrase())}"
    if row.planned_rounds:
        text += f" · {row.planned_rounds} planned/rumoured, not counted"
    where = " · ".join(escape(x) for x in (row.industry, row.country) if x)
    if where:
        text += f" · {where}"
    return text


def _company_field(row: CompanyRow) -> dict[str, str]:
    lines = [f"*{escape(row.company)}*", escape(row.rounds_phrase())]
    if row.planned_rounds:
        lines.append(f"{row.planned_rounds} planned/rumoured (not counted)")
    return {"type": "mrkdwn", "text": truncate("\n".join(lines), MAX_FIELD_TEXT)}


def row_lines(reply: Reply) -> list[str]:
    ranked = reply.intent == "rank"
    lines: list[str] = []
    for i, row in enumerate(reply.rows, start=1):
        if isinstance(row, CompanyRow):
            lines.append(company_line(i if ranked else None, row))
        else:
            lines.append(round_line(row))
    return lines


def _source_links(sources: Sequence[Source]) -> list[str]:
    return [_link(s.url, s.label or s.url) for s in sources]


def _as_of_line(reply: Reply) -> str:
    if reply.as_of:
        return f"Data as of {_date(reply.as_of)} · sources linked · `/layoffs help`"
    return "Sources linked · `/layoffs help`"


# ---------------------------------------------------------------------------------------------
# messages


def fallback_text(reply: Reply) -> str:
    return truncate(reply.text or reply.headline or "No answer.", MAX_FALLBACK_TEXT)


def render_reply(reply: Reply, *, show_all_value: str | None = None, inline_rows: int = INLINE_ROWS) -> SlackMessage:
    """The answer as one message.  ``show_all_value`` (the key of the full answer kept by the
    app) becomes the Show-all button's value; without it the button is not offered."""
    blocks: list[dict[str, Any]] = []
    truncated = False

    headline = reply.headline.strip()
    if headline:
        blocks.append(_section(f"*{escape(headline)}*"))
    if reply.understood.description:
        blocks.append(_context([f"_Understood:_ {escape(reply.understood.description)}"]))

    if not headline or not (reply.rows or reply.planned or reply.sources):
        # Text-only replies (help, unknown, plain answers): the text is the body.
        body = reply.text.strip()
        if body and body != headline:
            blocks.extend(_section(chunk) for chunk in _pack([escape(line) for line in body.splitlines()]))

    # Rows: a small comparison reads best as fields; everything else as a compact list.
    hidden_rows = 0
    if reply.rows:
        companies = [r for r in reply.rows if isinstance(r, CompanyRow)]
        if reply.intent == "compare" and len(companies) == len(reply.rows) <= MAX_FIELDS:
            blocks.append({"type": "section", "fields": [_company_field(r) for r in companies]})
        else:
            lines = row_lines(reply)
            hidden_rows = max(0, len(lines) - inline_rows)
            blocks.extend(_section(chunk) for chunk in _pack(lines[:inline_rows]))
    hidden_planned = 0
    if reply.planned:
        title = "*Planned or rumoured — shown apart, not counted:*"
        lines = [round_line(r) for r in reply.planned]
        hidden_planned = max(0, len(lines) - INLINE_PLANNED)
        blocks.extend(_section(chunk) for chunk in _pack([title, *lines[:INLINE_PLANNED]]))

    notes = [n for n in reply.notes if n.strip()]
    for chunk in _chunks(notes, MAX_CONTEXT_ELEMENTS):
        blocks.append(_context(escape(n) for n in chunk))

    hidden_sources = 0
    if reply.sources:
        links = _source_links(reply.sources)
        hidden_sources = max(0, len(links) - INLINE_SOURCES)
        text = "*Sources:* " + " · ".join(links[:INLINE_SOURCES])
        if hidden_sources:
            text += f" · _+{hidden_sources} more_"
        blocks.append(_section(text))

    hidden = hidden_rows + hidden_planned + hidden_sources
    if hidden:
        truncated = True
        what = []
        if hidden_rows:
            what.append(f"{hidden_rows} more {'companies' if reply.row_kind == 'companies' else 'rounds'}")
        if hidden_planned:
            what.append(f"{hidden_planned} more planned/rumoured")
        if hidden_sources:
            what.append(f"{hidden_sources} more sources")
        summary = "_…and " + ", ".join(what) + "._"
        if show_all_value:
            blocks.append(
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": summary},
                    "accessory": {
                        "type": "button",
                        "action_id": SHOW_ALL_ACTION,
                        "text": {"type": "plain_text", "text": "Show all"},
                        "value": show_all_value,
                    },
                }
            )
        else:
            blocks.append(_section(summary))

    if reply.suggestions:
        tries = " · ".join(f"“{escape(s)}”" for s in reply.suggestions[:5])
        blocks.append(_context([f"_Try:_ {tries}"]))
    blocks.append(_context([_as_of_line(reply)]))
    return SlackMessage(text=fallback_text(reply), blocks=fit_blocks(blocks), truncated=truncated)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def render_full(reply: Reply) -> list[SlackMessage]:
    """Everything the inline answer left out — every row, planned round and source — for the
    Show-all button, as at most ``MAX_FULL_MESSAGES`` messages of at most 50 blocks."""
    lines = row_lines(reply)
    if reply.planned:
        lines += ["*Planned or rumoured — shown apart, not counted:*"] + [round_line(r) for r in reply.planned]
    if reply.sources:
        lines += ["*Sources:*"] + [f"• {link}" for link in _source_links(reply.sources)]
    title = f"*All of: {escape(reply.headline or reply.understood.description or 'the answer')}*"
    sections = [_section(chunk) for chunk in _pack(lines)]
    per_message = MAX_BLOCKS - 2
    messages: list[SlackMessage] = []
    for start in range(0, max(1, len(sections)), per_message):
        part = sections[start : start + per_message]
        if len(messages) == MAX_FULL_MESSAGES - 1 and start + per_message < len(sections):
            part = part[:-1] + [_section("_The list goes on; `layoffbot data export` has everything._")]
            messages.append(SlackMessage(text="The full list (continued)", blocks=part))
            break
        blocks = ([_section(title)] if start == 0 else []) + part
        messages.append(SlackMessage(text=truncate(f"All of: {reply.headline or 'the answer'}", 300), blocks=blocks))
    return messages


def render_help(reply: Reply | None = None, *, command: str = "/layoffs") -> SlackMessage:
    """How to use the bot in Slack, followed by the core's own help when it has one."""
    usage = [
        "*Ask me about layoffs* — every number is counted from sourced rounds.",
        f"• `{command} <question>` — answer in this channel",
        f"• `{command} private <question>` — answer only to you",
        "• `@layoffbot <question>` — answer in a thread; keep asking in the thread for follow-ups",
        "• or send me a direct message",
    ]
    examples = "_Examples:_ " + " · ".join(f"`{e}`" for e in EXAMPLES[:5])
    blocks: list[dict[str, Any]] = [_section("\n".join(usage)), _context([examples])]
    text = "\n".join(usage)
    if reply is not None and reply.intent == "help" and reply.text.strip():
        blocks.extend(_section(chunk) for chunk in _pack([escape(line) for line in reply.text.strip().splitlines()]))
        text += "\n" + reply.text
    if reply is not None and reply.as_of:
        blocks.append(_context([f"Data as of {_date(reply.as_of)}"]))
    return SlackMessage(text=truncate(text.replace("*", ""), MAX_FALLBACK_TEXT), blocks=fit_blocks(blocks))


def render_home(as_of: dt.date | None, *, command: str = "/layoffs") -> dict[str, Any]:
    """The App Home tab: what the bot does, how to ask, example questions, the data's as-of date."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "layoffbot"}},
        _section(
            "Answers questions about corporate layoffs from a curated, sourced dataset: totals, rounds, "
            "rankings, comparisons, latest news and reported plans — with the period counted and the sources."
        ),
        _section(
            f"*How to ask*\n• `{command} <question>` in any channel (`{command} private …` for only you)\n"
            "• mention `@layoffbot` — I answer in a thread, follow-ups welcome\n• or message me here, in *Messages*"
        ),
        {"type": "divider"},
        _section("*Examples*\n" + "\n".join(f"• {escape(e)}" for e in EXAMPLES)),
        _context([f"Data as of {_date(as_of)}" if as_of else "Data as-of date unknown"]),
    ]
    return {"type": "home", "blocks": blocks}


def render_error() -> SlackMessage:
    return SlackMessage(text=FRIENDLY_ERROR, blocks=[_section(f":warning: {FRIENDLY_ERROR}")])
