"""Reply -> Discord message: embeds (as API dicts), a plain-text fallback and the chart to attach.

Layout of the one embed an answer gets:

* title: the headline with the figure (else the first line of the text);
* description: what was understood, then the answer text (the headline not repeated) and notes;
* fields: the rounds or the ranking, then the reported plans and rumours ("not counted"),
  then sources as links, then suggestions;
* footer: the data's as-of date; image: ``attachment://layoffs-chart.png`` when a chart is attached.

Every string is kept inside Discord's limits (:mod:`adapters.discord.limits`); long lists end
in "… and N more".  Rendering is pure (no discord import), so it is unit-tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from adapters.discord import limits
from bot.reply import ChartRequest, CompanyRow, Reply, RoundRow, Source, format_day

__all__ = ["CHART_FILENAME", "RenderedReply", "render_reply", "render_plain", "format_date", "escape_markdown", "inline", "short"]

CHART_FILENAME = "layoffs-chart.png"
_COLOR = 0xC0392B
_MARKDOWN_SPECIAL = re.compile(r"([\\*_~`|>\[\]])")

# Budget caps (characters) so the rows never crowd out the sources, which back every number.
_PLANNED_CAP = 900
_SOURCES_CAP = 1400
_SUGGESTIONS_CAP = 300
_NOTE_CAP = 160
_NAME_CAP = 80
_DIVISION_CAP = 120
_ROW_URL_CAP = 300
_DESCRIPTION_MIN = 1000
_FIELDS_SHARE = 4200


@dataclass
class RenderedReply:
    """What the client sends for one :class:`~bot.reply.Reply`."""

    embeds: list[dict[str, Any]]
    plain: str
    """Plain-text fallback (≤ 2,000 characters) for channels where embeds are not allowed."""
    chart: ChartRequest | None = None
    ephemeral: bool = False
    left_out: dict[str, int] = field(default_factory=dict)
    """Per section, how many lines were replaced by "… and N more"."""


def escape_markdown(text: str) -> str:
    """``text`` with Discord markdown characters escaped (company names like "*N Sync")."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def inline(text: str) -> str:
    """``text`` on one line, whitespace collapsed (a newline inside a row would split it)."""
    return " ".join(text.split())


def short(text: str, limit: int) -> str:
    """``inline(text)`` clipped to ``limit``; only a prefix is flattened (huge notes stay cheap)."""
    head = text[: 4 * limit + 8]
    flat = inline(head)
    if len(head) < len(text) and len(flat) <= limit:
        return flat[: limit - 1].rstrip() + limits.ELLIPSIS
    return limits.clip(flat, limit)


format_date = format_day  # the one date format (bot.reply)


def _link(label: str, url: str | None) -> str:
    """A masked link when the URL is a plain http(s) URL, else the label (and URL) as text."""
    label = escape_markdown(short(label, 200)) or "source"
    if url and re.match(r"^https?://\S+$", url) and len(url) <= 512:
        safe = url.replace("(", "%28").replace(")", "%29")
        return f"[{label}]({safe})"
    return label


def _count(value: int | None) -> str:
    return "undisclosed" if value is None else f"{value:,}"


def _round_line(row: RoundRow, *, show_company: bool = True) -> str:
    """"**20 Mar 2023** · Amazon (AWS; Twitch) — 9,000 · 5% of company · confirmed [source](…)"."""
    where = escape_markdown(short(row.company, _NAME_CAP)) if show_company else ""
    if row.division and short(row.division, _DIVISION_CAP):
        division = escape_markdown(short(row.division, _DIVISION_CAP))
        where = f"{where} ({division})" if where else division
    figure = _count(row.count)
    if row.announced_count is not None and row.announced_count != row.count:
        figure += f" (announced {row.announced_count:,})"
    parts = [f"**{format_date(row.date)}**" + (f" · {where}" if where else "") + f" — {figure}"]
    if row.percentage is not None:
        basis = f" of {row.percentage_basis}" if row.percentage_basis else ""
        parts.append(f"{row.percentage:g}%{basis}")
    if row.status != "reported":
        parts.append(row.status)
    if not row.counted:
        parts.append("*not counted*")
    note = short(row.note, _NOTE_CAP) if row.note else ""
    if note:
        parts.append(escape_markdown(note))
    line = " · ".join(parts)
    if row.source and len(row.source) <= _ROW_URL_CAP:
        line += " " + _link("source", row.source)
    return line


def _round_lines(rows: list[RoundRow], reply: Reply) -> list[str]:
    # One company asked about: its name on every line is noise.
    show_company = len({row.company for row in rows}) > 1 or not reply.understood.companies
    return [_round_line(row, show_company=show_company) for row in rows]


def _company_line(rank: int, row: CompanyRow) -> str:
    # The core's phrase: "10,000 in 1 round, plus 1 round of undisclosed size" (as on Slack).
    line = f"{rank}. **{escape_markdown(short(row.company, _NAME_CAP))}** — {escape_markdown(row.rounds_phrase())}"
    extras = []
    if row.planned_rounds:
        extras.append(f"{row.planned_rounds:,} planned, not counted")
    if extras:
        line += " (" + "; ".join(extras) + ")"
    return line


def _source_line(source: Source) -> str:
    return "• " + _link(short(source.label, 200) or source.url, source.url)


def _title(reply: Reply) -> str:
    title = reply.headline.strip() or next((line.strip() for line in reply.text.splitlines() if line.strip()), "")
    return limits.clip(title or "layoffbot", limits.TITLE)


def _body_lines(reply: Reply, title: str) -> list[str]:
    """The lines of ``reply.text`` the embed's other parts do not already show.

    Dropped, in order: the headline (the title), the understood line, "Data as of" (the
    footer), "Try:" (a field), notes (shown after), and, when the Reply has structured rows,
    plans or sources, the text's lists: indented lines and their "Rounds:"-style headers.
    """
    structured = bool(reply.rows or reply.planned or reply.sources)
    skip = {title.strip(), reply.headline.strip(), reply.understood.description.strip()}
    notes = {note.strip() for note in reply.notes}
    kept: list[str] = []
    for line in reply.text.splitlines():
        stripped = line.strip()
        if not stripped or stripped in skip or stripped.startswith("Data as of"):
            continue
        if reply.suggestions and stripped.startswith("Try:"):
            continue
        if stripped.startswith("Note:") and stripped[5:].strip() in notes:
            continue
        if structured and (line[:1].isspace() or (stripped.endswith(":") and len(stripped) <= 80)):
            continue
        kept.append(line.rstrip())
    return kept


def _description(reply: Reply, title: str, limit: int) -> str:
    parts: list[str] = []
    if reply.understood.description and reply.intent not in ("help", "unknown"):
        parts.append(f"*Understood: {escape_markdown(reply.understood.description)}*")
    body = "\n".join(_body_lines(reply, title)).strip()
    if body:
        parts.append(body)
    for note in reply.notes:
        if note and note not in body:
            parts.append(f"ℹ️ {note}")
    return limits.clip("\n\n".join(parts), limit)


def _footer(reply: Reply) -> str:
    if reply.as_of:
        return f"Data as of {format_date(reply.as_of)} · layoffbot"
    return "layoffbot"


def _sections(reply: Reply) -> list[tuple[str, list[str], str, int | None]]:
    """(field name, lines, noun for "… and N more", budget cap) in order of importance."""
    sections: list[tuple[str, list[str], str, int | None]] = []
    if reply.rows:
        if reply.row_kind == "companies" or isinstance(reply.rows[0], CompanyRow):
            lines = [_company_line(i, row) for i, row in enumerate(reply.rows, 1) if isinstance(row, CompanyRow)]
            sections.append(("Ranking" if reply.intent == "rank" else "Companies", lines, "companies", None))
        else:
            lines = _round_lines([row for row in reply.rows if isinstance(row, RoundRow)], reply)
            sections.append(("Rounds", lines, "rounds", None))
    if reply.planned:
        lines = _round_lines(reply.planned, reply)
        sections.append(("Planned or rumoured — not counted", lines, "planned rounds", _PLANNED_CAP))
    if reply.sources:
        sections.append(("Sources", [_source_line(s) for s in reply.sources], "sources", _SOURCES_CAP))
    if any(short(s, 150) for s in reply.suggestions):
        lines = [f"• {escape_markdown(short(s, 150))}" for s in reply.suggestions if short(s, 150)]
        sections.append(("Try asking", lines, "suggestions", _SUGGESTIONS_CAP))
    return sections


def _section_need(name: str, lines: list[str], cap: int | None) -> int:
    """Characters the section would like, counted only up to what it can get."""
    ceiling = cap if cap is not None else limits.TOTAL
    need = len(name)
    for line in lines:
        need += len(line) + 1
        if need >= ceiling:
            return ceiling
    return need


def render_reply(reply: Reply, *, chart_attached: bool = False) -> RenderedReply:
    """Render ``reply`` as one embed within every Discord limit.

    Budget of the 6,000 characters, in order: title and footer; the fields (rows first, then
    plans, sources, suggestions, each later section keeping its capped share) up to
    ``_FIELDS_SHARE``; the description gets the rest (at least ``_DESCRIPTION_MIN``).
    ``chart_attached``: the caller attaches the chart PNG as :data:`CHART_FILENAME`, so the
    embed shows it as its image.
    """
    title = _title(reply)
    footer = _footer(reply)
    sections = _sections(reply)
    fields_need = sum(_section_need(name, lines, cap) for name, lines, _, cap in sections)
    description_limit = min(
        limits.DESCRIPTION,
        max(_DESCRIPTION_MIN, limits.TOTAL - len(title) - len(footer) - min(fields_need, _FIELDS_SHARE)),
    )
    description = _description(reply, title, description_limit)

    packer = limits.FieldPacker(budget=limits.TOTAL - len(title) - len(description) - len(footer))
    left_out: dict[str, int] = {}
    for index, (name, lines, noun, cap) in enumerate(sections):
        later = sections[index + 1 :]
        # Keep room (and a field each) for the sections after this one.
        reserved = sum(_section_need(n, ls, c) for n, ls, _, c in later)
        budget = max(0, packer.budget - reserved)
        if cap is not None:
            budget = min(budget, cap)
        missing = packer.add_section(name, lines, noun, budget=budget, keep_fields=len(later))
        if missing:
            left_out[noun] = missing

    embed: dict[str, Any] = {"type": "rich", "title": title, "color": _COLOR, "footer": {"text": footer}}
    if description:
        embed["description"] = description
    if packer.fields:
        embed["fields"] = packer.fields
    if chart_attached and reply.chart is not None:
        embed["image"] = {"url": f"attachment://{CHART_FILENAME}"}
    return RenderedReply(
        embeds=[embed],
        plain=render_plain(reply),
        chart=reply.chart,
        ephemeral=reply.private,
        left_out=left_out,
    )


def render_plain(reply: Reply, limit: int = limits.CONTENT) -> str:
    """The Reply's plain text within ``limit`` characters, cut at a line with "… and N more lines"."""
    text = reply.text.strip() or reply.headline.strip() or "No answer."
    if reply.as_of and "as of" not in text.lower():
        text += f"\n(Data as of {format_date(reply.as_of)})"
    if len(text) <= limit:
        return text
    lines = text.splitlines()
    kept: list[str] = []
    size = 0
    for number, line in enumerate(lines):
        tail = limits.more_line(len(lines) - number, "lines")
        line = limits.clip(line, limit - len(tail) - 1)
        if size + len(line) + 1 + len(tail) > limit:
            return "\n".join(kept + [limits.more_line(len(lines) - number, "lines")])
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)  # pragma: no cover - the length check above returns first
