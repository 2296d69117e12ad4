"""Block Kit for the admin side (issue 6): the add-round modal, outcomes, import previews, alerts."""

from __future__ import annotations

from typing import Any

from adapters.common.round_form import NEW_ROUND_STATUSES, PERCENTAGE_BASES
from adapters.slack.limits import MAX_BLOCKS, truncate
from adapters.slack.render import SlackMessage, _pack, _section, escape, render_reply
from bot.reply import Reply

__all__ = [
    "ADD_ROUND_CALLBACK",
    "IMPORT_CONFIRM_ACTION",
    "IMPORT_CANCEL_ACTION",
    "COMPANY_SELECT_ACTION",
    "company_options",
    "FORM_FIELDS",
    "add_round_modal",
    "form_values",
    "render_outcome",
    "render_import_preview",
    "render_alert",
    "ADMIN_HELP",
]

ADD_ROUND_CALLBACK = "layoffs_add_round"
IMPORT_CONFIRM_ACTION = "layoffs_import_confirm"
IMPORT_CANCEL_ACTION = "layoffs_import_cancel"
COMPANY_SELECT_ACTION = "layoffs_company_select"
"""The form's company field: an external_select whose options come from the core's autocomplete."""

#: Form fields in order: block_id (= the core's field name), label, element, optional.
FORM_FIELDS: tuple[tuple[str, str, str, bool], ...] = (
    ("company", "Company", "company", False),
    ("date", "Date", "date", False),
    ("count", "People laid off (a number, or \"undisclosed\")", "text", False),
    ("status", "Status", "status", False),
    ("source", "Source URL", "url", False),
    ("division", "Division(s), separated by \"; \" (empty = company-wide)", "text", True),
    ("percentage", "Percentage (0–100)", "text", True),
    ("percentage_basis", "Percentage of", "basis", True),
    ("note", "Note", "multiline", True),
    ("new_company", "New company", "new", True),
)

ADMIN_HELP = (
    "*Admin commands* (answers only to you; every write is checked and audited):\n"
    "• `/layoffs admin add` — a form to add a round\n"
    "• `/layoffs admin edit <round id> field=value …` (e.g. `count=1500`, `source=https://…`)\n"
    "• `/layoffs admin confirm <round id> <count> <source url>`\n"
    "• `/layoffs admin retract <round id> <reason>`\n"
    "• `/layoffs admin undo [change id]` — your own last change, or a given one\n"
    "• `/layoffs admin history [company]`\n"
    "• `/layoffs admin import` — then send me a CSV file in a direct message\n"
    "*Alerts* (channel managers and admins): `/layoffs subscribe <company|all>`, "
    "`/layoffs unsubscribe <company|all>`, `/layoffs subscriptions`; a weekly digest: "
    "`/layoffs digest weekly monday 9` (UTC, or add a timezone), `/layoffs digest off`\n"
    "*Your watchlist* (anyone; DMs you matching new rounds): `/layoffs watch Amazon`, "
    "`/layoffs watch fintech layoffs over 500`, `/layoffs watch WA`, `/layoffs my watchlist`, `/layoffs unwatch all`"
)


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(value: str) -> dict[str, Any]:
    return {"text": _plain(value), "value": value}


def _element(kind: str) -> dict[str, Any]:
    if kind == "company":
        return {"type": "external_select", "action_id": COMPANY_SELECT_ACTION, "min_query_length": 1,
                "placeholder": _plain("Type to search the dataset")}
    if kind == "date":
        return {"type": "datepicker", "action_id": "value"}
    if kind == "status":
        return {"type": "static_select", "action_id": "value", "options": [_option(s) for s in NEW_ROUND_STATUSES],
                "initial_option": _option("reported")}
    if kind == "basis":
        return {"type": "static_select", "action_id": "value", "options": [_option(b) for b in PERCENTAGE_BASES]}
    if kind == "new":
        return {"type": "checkboxes", "action_id": "value",
                "options": [{"text": _plain("The company is not in the dataset yet: create it"), "value": "yes"}]}
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value"}
    if kind == "multiline":
        element["multiline"] = True
    return element


def add_round_modal(channel_id: str) -> dict[str, Any]:
    blocks = [
        {"type": "input", "block_id": name, "label": _plain(label), "element": _element(kind), "optional": optional}
        for name, label, kind, optional in FORM_FIELDS
    ]
    return {
        "type": "modal",
        "callback_id": ADD_ROUND_CALLBACK,
        "title": _plain("Add a layoff round"),
        "submit": _plain("Add"),
        "close": _plain("Cancel"),
        "private_metadata": channel_id,
        "blocks": blocks,
    }


def form_values(view: dict[str, Any]) -> dict[str, Any]:
    """The submitted form as the core's keyword arguments (empty optional fields left out)."""
    state = view.get("state", {}).get("values", {})
    fields: dict[str, Any] = {}
    for name, _, kind, _ in FORM_FIELDS:
        block = state.get(name, {})
        element = block.get(COMPANY_SELECT_ACTION if kind == "company" else "value", {})
        if kind == "company":
            value = (element.get("selected_option") or {}).get("value")
        elif kind == "date":
            value = element.get("selected_date")
        elif kind in ("status", "basis"):
            value = (element.get("selected_option") or {}).get("value")
        elif kind == "new":
            fields["new_company"] = bool(element.get("selected_options"))
            continue
        else:
            value = element.get("value")
        if value not in (None, ""):
            fields[name] = value
    return fields


def company_options(suggestions: list[str], typed: str) -> list[dict[str, Any]]:
    """Autocomplete options: the dataset's matches, then what was typed (a new company, to be
    created with the form's "New company" box).  Slack allows 100 options of 75 characters."""
    typed = " ".join(typed.split())[:75]
    names = [n[:75] for n in suggestions[:99]]
    if typed and typed.lower() not in (n.lower() for n in names):
        names.append(typed)
    return [_option(n) for n in names]


def render_outcome(message: str, lines: list[str] | None = None, *, ok: bool = True) -> SlackMessage:
    icon = "" if ok else ":no_entry: "
    blocks = [_section(icon + escape(message))]
    blocks += [_section(chunk) for chunk in _pack([escape(line) for line in (lines or [])])]
    return SlackMessage(text=truncate(message, 3000), blocks=blocks[:MAX_BLOCKS])


def render_import_preview(message: str, lines: list[str], token: str | None) -> SlackMessage:
    result = render_outcome(message, lines)
    if token:
        result.blocks = result.blocks[: MAX_BLOCKS - 1] + [{
            "type": "actions",
            "block_id": "import",
            "elements": [
                {"type": "button", "action_id": IMPORT_CONFIRM_ACTION, "text": _plain("Confirm import"),
                 "style": "primary", "value": token},
                {"type": "button", "action_id": IMPORT_CANCEL_ACTION, "text": _plain("Cancel"), "value": token},
            ],
        }]
    return result


_ALERT_BANNERS = {"watch": ":eyes: *Your watchlist*", "digest": ":calendar: *Weekly layoff digest*"}


def render_alert(alert: Any) -> SlackMessage:
    """An alert rendered like an answer: headline, the rounds, sources, as-of date."""
    if getattr(alert, "kind", "") == "sync":  # a pending sync for the admins: its report and Confirm / Cancel
        extra = alert.extra or {}
        message = render_import_preview(f"{alert.headline}. {alert.text}", list(extra.get("lines") or []),
                                        extra.get("token"))
        message.blocks.insert(0, _section(":arrows_counterclockwise: *Data refresh to review*"))
        message.blocks = message.blocks[:MAX_BLOCKS]
        return message
    reply = (getattr(alert, "extra", None) or {}).get("reply")  # a digest carries its Reply
    if not isinstance(reply, Reply):
        reply = Reply(intent="latest", text=alert.text, headline=alert.headline, rows=list(alert.rounds),
                      row_kind="rounds", sources=list(alert.sources), as_of=alert.as_of)
    message = render_reply(reply)
    banner = _ALERT_BANNERS.get(getattr(alert, "kind", ""), ":rotating_light: *New layoff alert*")
    message.blocks.insert(0, _section(banner))
    message.blocks = message.blocks[:MAX_BLOCKS]
    return message
