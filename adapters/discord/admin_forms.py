"""The add-round form (a Discord modal) and the import Confirm / Cancel buttons.

Discord modals cannot mark a field as invalid, so a validation error is answered (privately)
with the core's message and a **Fix the form** button that reopens the form with every value
kept and the bad field marked ("⚠ Date") with the rule as its placeholder.  Nothing is written
until the core accepts the whole round.

Buttons carry what they act on in their ``custom_id`` (``layoffbot:import:confirm:<token>``,
``layoffbot:fix:<draft>``) and are handled by :func:`handle_component` from the client's
``on_interaction``, so they need no per-message state.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.limits import clip

if TYPE_CHECKING:
    from adapters.discord.admin import AdminContext

__all__ = [
    "RoundDraft",
    "DraftStore",
    "AddRoundModal",
    "import_buttons",
    "fix_button",
    "CUSTOM_ID_PREFIX",
    "handle_component",
]

CUSTOM_ID_PREFIX = "layoffbot:"
_LABEL_MAX = 45  # Discord's limit for a text input's label and a modal's title
_PLACEHOLDER_MAX = 100

#: Form fields: (draft attribute, label, style, required, max length, placeholder)
FORM_FIELDS: tuple[tuple[str, str, discord.TextStyle, bool, int, str], ...] = (
    ("date", "Date (YYYY-MM-DD)", discord.TextStyle.short, True, 10, "2024-03-20"),
    ("count", "Jobs cut (a number, or undisclosed)", discord.TextStyle.short, True, 20, "1,500 or undisclosed"),
    ("source", "Source URL", discord.TextStyle.short, False, 500, "https://…"),
    ("division", "Division (empty = company-wide)", discord.TextStyle.short, False, 200, "AWS; Twitch"),
    ("note", "Note", discord.TextStyle.paragraph, False, 1000, "What the source says"),
)
MODAL_FIELDS = frozenset(name for name, *_ in FORM_FIELDS)


@dataclass(frozen=True)
class RoundDraft:
    """What an admin has entered so far (command options + form)."""

    company: str
    status: str = "reported"
    percentage: float | None = None
    percentage_basis: str | None = None
    new_company: bool = False
    date: str = ""
    count: str = ""
    source: str = ""
    division: str = ""
    note: str = ""

    def add_round_fields(self) -> dict[str, Any]:
        """Keyword arguments of :func:`bot.admin.add_round` (empty optional fields -> None)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("source", "division", "note"):
            values[name] = values[name].strip() or None
        return values


class DraftStore:
    """Drafts waiting for "Fix the form" (bounded, 15 minutes)."""

    def __init__(self, size: int = 500, ttl: float = 900.0) -> None:
        self._drafts: OrderedDict[str, tuple[float, int, RoundDraft, str | None, str]] = OrderedDict()
        self._size = size
        self._ttl = ttl

    def put(self, user_id: int, draft: RoundDraft, error_field: str | None, error_rule: str) -> str:
        key = secrets.token_urlsafe(9)
        self._drafts[key] = (time.monotonic(), user_id, draft, error_field, error_rule)
        while len(self._drafts) > self._size:
            self._drafts.popitem(last=False)
        return key

    def take(self, key: str, user_id: int) -> tuple[RoundDraft, str | None, str] | None:
        entry = self._drafts.get(key)
        if entry is None or time.monotonic() - entry[0] > self._ttl or entry[1] != user_id:
            return None
        del self._drafts[key]
        return entry[2], entry[3], entry[4]


class AddRoundModal(discord.ui.Modal):
    """The add-round form; submitting it calls the core through ``context``."""

    def __init__(self, context: "AdminContext", draft: RoundDraft, *, error_field: str | None = None,
                 error_rule: str = "") -> None:
        super().__init__(title=clip(f"Add a round: {draft.company}", _LABEL_MAX), timeout=900,
                         custom_id=f"{CUSTOM_ID_PREFIX}add:{secrets.token_urlsafe(9)}")
        self.context = context
        self.draft = draft
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for name, label, style, required, max_length, placeholder in FORM_FIELDS:
            bad = name == error_field
            text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=clip(("⚠ " if bad else "") + label, _LABEL_MAX),
                style=style,
                required=required,
                max_length=max_length,
                placeholder=clip(f"must be {error_rule}" if bad else placeholder, _PLACEHOLDER_MAX),
                default=getattr(draft, name) or None,
                custom_id=name,
            )
            self.inputs[name] = text_input
            self.add_item(text_input)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        typed: dict[str, Any] = {name: (item.value or "").strip() for name, item in self.inputs.items()}
        draft = replace(self.draft, **typed)
        await self.context.submit_round(interaction, draft)


def fix_button(key: str) -> discord.ui.View:
    view = discord.ui.View(timeout=900)
    view.add_item(discord.ui.Button(label="Fix the form", style=discord.ButtonStyle.primary,
                                    custom_id=f"{CUSTOM_ID_PREFIX}fix:{key}"))
    return view


def import_buttons(token: str, *, can_confirm: bool) -> discord.ui.View:
    view = discord.ui.View(timeout=600)
    view.add_item(discord.ui.Button(label="Confirm import", style=discord.ButtonStyle.success,
                                    custom_id=f"{CUSTOM_ID_PREFIX}import:confirm:{token}", disabled=not can_confirm))
    view.add_item(discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary,
                                    custom_id=f"{CUSTOM_ID_PREFIX}import:cancel:{token}"))
    return view


async def handle_component(context: "AdminContext", interaction: discord.Interaction) -> bool:
    """Handle one of our buttons; False when the interaction is not ours."""
    if interaction.type is not discord.InteractionType.component:
        return False
    data: dict[str, Any] = dict(interaction.data or {})
    custom_id = str(data.get("custom_id", ""))
    if not custom_id.startswith(CUSTOM_ID_PREFIX):
        return False
    parts = custom_id[len(CUSTOM_ID_PREFIX):].split(":", 2)  # a token may hold ":" (pending-sync:<id>)
    if parts[0] == "fix" and len(parts) == 2:
        await context.reopen_form(interaction, parts[1])
        return True
    if parts[0] == "import" and len(parts) == 3 and parts[1] in ("confirm", "cancel"):
        await context.finish_import(interaction, parts[2], confirm=parts[1] == "confirm")
        return True
    return False
