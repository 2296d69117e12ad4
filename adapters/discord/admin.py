"""Admins in chat on Discord: curate the dataset and manage channel alerts (issue 6).

Commands (admin replies are ephemeral: only the admin sees them):

* ``/layoffs-admin add company:<name> [status] [percentage] [basis] [new_company]`` opens the
  add-round form (date, count or "undisclosed", source URL, division, note);
* ``/layoffs-admin edit round:<id> field:<name> value:<text> [reason]``,
  ``confirm round:<id> count:<n> source:<url> [note]``, ``retract round:<id> reason:<text>``,
  ``undo [change:<id>]``, ``history [company] [round]``;
* ``/layoffs-admin import file:<CSV attachment>``: the dry-run report with Confirm / Cancel
  buttons; only Confirm writes, all or nothing; the staged file expires after 10 minutes (``bot.admin.IMPORT_TTL``);
* ``/layoffs-subscribe [company]`` (empty = every company), ``/layoffs-unsubscribe [company]``,
  ``/layoffs-subscriptions``: alerts in this channel, by anyone who can manage the channel.

Discord's ``default_permissions`` (Manage Server on ``/layoffs-admin``) only hides the commands
from most members; the core (:mod:`bot.admin`) checks the rights of every write and records
refused attempts.  Every write runs on the engine's thread, then the pending alerts are
posted (:mod:`adapters.discord.alerts`; writes made elsewhere are picked up every 30 s).
"""

from __future__ import annotations

import logging
from typing import Any, Optional

import discord
from discord import app_commands

from adapters.common import admin_messages as say
from adapters.common.round_form import NEW_ROUND_STATUSES, PERCENTAGE_BASES
from adapters.discord.admin_forms import (
    MODAL_FIELDS,
    AddRoundModal,
    DraftStore,
    RoundDraft,
    fix_button,
    import_buttons,
)
from adapters.discord.alerts import DEFAULT_INTERVAL, AlertPoster
from adapters.discord.commands import company_choices
from adapters.discord.core import AsyncCore
from adapters.discord.limits import DESCRIPTION, clip
from adapters.discord.platform import DISCORD

__all__ = ["AdminContext", "register_admin_commands", "actor_for", "error_text"]

log = logging.getLogger(__name__)


def actor_for(user: discord.abc.User) -> Any:
    """The core's :class:`~bot.admin.Actor` for a Discord user (roles count for admin rights)."""
    from bot.admin import Actor

    role_ids: list[int] = []
    if isinstance(user, discord.Member):
        # Raw ids: Member.roles drops roles missing from the cache.
        role_ids = [int(r) for r in getattr(user, "_roles", [])] or [r.id for r in user.roles]
    return Actor(DISCORD.name, str(user.id), getattr(user, "display_name", "") or user.name,
                 tuple(str(r) for r in role_ids))


_ICONS = {"denied": "⛔", "invalid": "⚠️", "expired": "⌛", "error": "⚠️"}


def error_text(exc: BaseException) -> str:
    """A refused or invalid write, said plainly (:mod:`adapters.common.admin_messages`, with
    Discord's icon for its kind)."""
    notice = say.describe_error(exc)
    return f"{_ICONS[notice.kind]} {notice.text}"


def _embed(title: str, text: str, *, color: int = 0x2E86C1) -> discord.Embed:
    return discord.Embed(title=clip(title, 256), description=clip(text, DESCRIPTION), color=color)


def _round_summary(event: dict[str, Any] | None) -> str:
    return say.round_line(event, with_source=True)


class AdminContext:
    """What the admin commands share: the client (to post alerts), the core, the database."""

    def __init__(self, client: discord.Client, core: AsyncCore, db: Any, *, alert_interval: float = DEFAULT_INTERVAL,
                 shards: Any = None, admin_channel: int | None = None) -> None:
        self.client = client
        self.core = core
        self.db = db
        self.drafts = DraftStore()
        self.alerts = AlertPoster(client, core, db, interval=alert_interval, shards=shards, admin_channel=admin_channel)

    async def _write(self, interaction: discord.Interaction, function: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a core write; on a data error answer it privately and return None."""
        from bot.data.validation import DataError

        try:
            return await self.core.call(function, self.db, actor_for(interaction.user), *args, **kwargs)
        except DataError as exc:
            await self._say(interaction, error_text(exc), error=True)
            return None

    async def _say(self, interaction: discord.Interaction, text: str, *, title: str = "layoffbot admin",
                   error: bool = False, view: discord.ui.View | None = None) -> None:
        embed = _embed("Not done" if error else title, text, color=0xC0392B if error else 0x27AE60)
        kwargs: dict[str, Any] = {"embed": embed, "ephemeral": True}
        if view is not None:
            kwargs["view"] = view
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)

    async def _alerts(self, change_ids: list[int | None]) -> None:
        """After a write: post what it (and anything written meanwhile) alerts."""
        if any(change_ids):
            await self.alerts.flush()

    # -- add-round form ------------------------------------------------------------------

    async def open_form(self, interaction: discord.Interaction, draft: RoundDraft) -> None:
        from bot import admin
        from bot.data.validation import DataError

        try:  # refuse a non-admin before they fill in the form (the write checks again)
            await self.core.call(admin.require_admin, self.db, actor_for(interaction.user), "add")
        except DataError as exc:
            await self._say(interaction, error_text(exc), error=True)
            return
        await interaction.response.send_modal(AddRoundModal(self, draft))

    async def submit_round(self, interaction: discord.Interaction, draft: RoundDraft) -> None:
        from bot import admin
        from bot.data.validation import DataError, ValidationError

        try:
            result = await self.core.call(admin.add_round, self.db, actor_for(interaction.user),
                                          **draft.add_round_fields())
        except ValidationError as exc:
            text = error_text(exc)
            if exc.field in MODAL_FIELDS:
                key = self.drafts.put(interaction.user.id, draft, exc.field, exc.rule)
                await self._say(interaction, text, error=True, view=fix_button(key))
            else:
                await self._say(interaction, text + " Run /layoffs-admin add again with that option fixed.",
                                error=True)
            return
        except DataError as exc:
            await self._say(interaction, error_text(exc), error=True)
            return
        warnings = "".join(f"\n⚠️ {w}" for w in getattr(result, "warnings", None) or [])
        await self._say(interaction, f"{_round_summary(result.event)}\nChange {result.change_id} "
                        f"(undo it with /layoffs-admin undo).{warnings}", title="Round added")
        await self._alerts([result.change_id])

    async def reopen_form(self, interaction: discord.Interaction, key: str) -> None:
        found = self.drafts.take(key, interaction.user.id)
        if found is None:
            await self._say(interaction, "That form expired: run /layoffs-admin add again.", error=True)
            return
        draft, error_field, error_rule = found
        await interaction.response.send_modal(AddRoundModal(self, draft, error_field=error_field,
                                                            error_rule=error_rule))

    # -- import -------------------------------------------------------------------------

    async def stage_import(self, interaction: discord.Interaction, attachment: discord.Attachment, *,
                           sync: bool = False) -> None:
        """Dry-run an attached CSV as an import, or (``sync``) as the sync of a newer tracker export."""
        from bot import admin
        from bot.data.validation import DataError

        await interaction.response.defer(ephemeral=True, thinking=True)
        limit = admin.MAX_UPLOAD_BYTES
        if attachment.size > limit:  # refused before downloading it
            await self._say(interaction, f"That file is {attachment.size:,} bytes; the limit is {limit:,}.", error=True)
            return
        try:
            content = await attachment.read()
            if sync:
                await self._stage_sync(interaction, attachment.filename, content)
                return
            preview = await self.core.call(admin.stage_import, self.db, actor_for(interaction.user),
                                           attachment.filename, content)
        except DataError as exc:
            await self._say(interaction, error_text(exc), error=True)
            return
        except discord.HTTPException as exc:
            await self._say(interaction, f"Could not download the attachment ({exc.status}).", error=True)
            return
        report = preview.report
        can_confirm = not report.rejected and report.to_add > 0
        verdict = say.import_verdict(report)
        text = f"```\n{clip(report.summary(), DESCRIPTION - 400)}\n```\n{verdict}"
        await self._say(interaction, text, title="Import dry run: nothing written yet",
                        view=import_buttons(preview.token, can_confirm=can_confirm))

    async def _stage_sync(self, interaction: discord.Interaction, filename: str, content: bytes) -> None:
        """The sync's dry run (before -> after) with Confirm / Cancel; DataError propagates to the caller."""
        from bot import admin

        preview = await self.core.call(admin.stage_sync, self.db, actor_for(interaction.user), filename, content)
        report = preview.report
        can_confirm = not report.rejected and report.changed
        verdict = ("**Refused whole**: fix the rejected rows and upload the file again." if report.rejected
                   else "Confirm within 10 minutes to apply it as one change (undoable)." if can_confirm
                   else "Nothing to change.")
        text = f"```\n{clip(report.summary(), DESCRIPTION - 400)}\n```\n{verdict}"
        await self._say(interaction, text, title="Sync dry run: nothing written yet",
                        view=import_buttons(preview.token, can_confirm=can_confirm))

    async def finish_import(self, interaction: discord.Interaction, token: str, *, confirm: bool) -> None:
        from bot import admin
        from bot.data.validation import DataError

        actor = actor_for(interaction.user)
        pending_id = admin.pending_id_of(token)  # a pending sync posted to the admins' channel
        if not confirm and pending_id is not None:
            try:
                dismissed = await self.core.call(admin.cancel_pending_sync, self.db, actor, pending_id)
            except admin.PermissionDenied as exc:  # refused (and audited), buttons kept
                await self._say(interaction, error_text(exc), error=True)
                return
            text = (f"Pending sync #{pending_id} dismissed: nothing was written." if dismissed
                    else f"Pending sync #{pending_id} is no longer pending.")
            await interaction.response.edit_message(embed=_embed("Sync", text), view=None)
            return
        if not confirm:
            try:
                cancelled = await self.core.call(admin.cancel_import, self.db, actor, token)
            except admin.PermissionDenied as exc:  # not the uploader: refused (and audited), buttons kept
                await self._say(interaction, error_text(exc), error=True)
                return
            text = say.IMPORT_CANCELLED if cancelled else error_text(admin.ImportExpired(token))
            await interaction.response.edit_message(embed=_embed("Import", text), view=None)
            return
        if pending_id is not None:  # refused before the message is touched: audited, answered privately
            try:
                await self.core.call(admin.require_admin, self.db, actor, "sync", row_id=pending_id)
            except admin.PermissionDenied as exc:
                await self._say(interaction, error_text(exc), error=True)
                return
        await interaction.response.defer()  # the buttons' message is edited when done
        if pending_id is not None or admin.staged_kind(token) == "sync":  # the Confirm button is shared with syncs
            try:
                synced = (await self.core.call(admin.confirm_pending_sync, self.db, actor, pending_id)
                          if pending_id is not None else await self.core.call(admin.confirm_sync, self.db, actor, token))
            except DataError as exc:
                await interaction.edit_original_response(embed=_embed("Not done", error_text(exc), color=0xC0392B),
                                                         view=None)
                return
            title = ("Sync aborted: nothing written" if synced.aborted
                     else f"Synced: {len(synced.updated):,} updated, {len(synced.added):,} added")
            await interaction.edit_original_response(embed=_embed(title, f"```\n{clip(synced.summary(), 3500)}\n```"),
                                                     view=None)
            if synced.committed:
                await self._alerts([synced.change_id])
            return
        try:
            report = await self.core.call(admin.confirm_import, self.db, actor, token)
        except admin.PermissionDenied as exc:  # not the uploader: refused (and audited), buttons kept
            await self._say(interaction, error_text(exc), error=True)
            return
        except DataError as exc:
            await interaction.edit_original_response(embed=_embed("Not done", error_text(exc), color=0xC0392B),
                                                     view=None)
            return
        title = say.IMPORT_ABORTED if report.aborted else say.imported_title(report)
        await interaction.edit_original_response(embed=_embed(title, f"```\n{clip(report.summary(), 3500)}\n```"),
                                                 view=None)
        if not report.aborted:
            await self._alerts([report.change_id])


def register_admin_commands(tree: app_commands.CommandTree, context: AdminContext) -> None:
    """Add ``/layoffs-admin …`` and the subscription commands to ``tree``."""
    from bot import admin
    from bot.data import store

    group = app_commands.Group(
        name="layoffs-admin",
        description="Curate the layoffs dataset (layoffbot admins only)",
        default_permissions=discord.Permissions(manage_guild=True),
        # Curating needs the server's install (its roles and permissions): never user-installed.
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False),
    )

    async def companies(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await company_choices(context.core, current)

    @group.command(name="add", description="Add a layoff round (opens a form)")
    @app_commands.describe(company="Company (autocompleted)", status="Default: reported",
                           percentage="Share of the workforce, 0–100", basis="What the percentage is of",
                           new_company="The company is not in the data yet: create it")
    @app_commands.choices(status=[app_commands.Choice(name=s, value=s) for s in NEW_ROUND_STATUSES],
                          basis=[app_commands.Choice(name=b, value=b) for b in PERCENTAGE_BASES])
    @app_commands.autocomplete(company=companies)
    async def add(interaction: discord.Interaction, company: app_commands.Range[str, 1, 100],
                  status: Optional[str] = None, percentage: Optional[app_commands.Range[float, 0, 100]] = None,
                  basis: Optional[str] = None, new_company: bool = False) -> None:
        draft = RoundDraft(company=company.strip(), status=status or "reported", percentage=percentage,
                           percentage_basis=basis, new_company=new_company)
        await context.open_form(interaction, draft)

    @group.command(name="edit", description="Change one field of a round")
    @app_commands.describe(round="Round id (#123 in answers and history)", field="Field to change",
                           value="New value", reason="Why (kept in the audit log)")
    @app_commands.choices(field=[app_commands.Choice(name=f, value=f) for f in store.EDITABLE_FIELDS[:25]])
    async def edit(interaction: discord.Interaction, round: int, field: str, value: str,
                   reason: Optional[str] = None) -> None:
        result = await context._write(interaction, admin.edit_round, round, {field: value}, reason=reason)
        if result is not None:
            done = "No change: the round already had that value." if result.change_id is None else \
                f"Change {result.change_id}."
            await context._say(interaction, f"{_round_summary(result.event)}\n{done}", title="Round edited")
            await context._alerts([result.change_id])

    @group.command(name="confirm", description="A planned or rumoured round happened: confirm it")
    @app_commands.describe(round="Round id", count="Jobs cut (or undisclosed)", source="Source URL", note="Note")
    async def confirm(interaction: discord.Interaction, round: int, count: str, source: str,
                      note: Optional[str] = None) -> None:
        result = await context._write(interaction, admin.confirm_round, round, count=count, source=source, note=note)
        if result is not None:
            await context._say(interaction, f"{_round_summary(result.event)}\nChange {result.change_id}.",
                               title="Round confirmed")
            await context._alerts([result.change_id])

    @group.command(name="retract", description="Retract a round that was wrong")
    @app_commands.describe(round="Round id", reason="Why (kept in the audit log)")
    async def retract(interaction: discord.Interaction, round: int, reason: app_commands.Range[str, 3, 500]) -> None:
        result = await context._write(interaction, admin.retract_round, round, reason=reason)
        if result is not None:
            await context._say(interaction, f"{_round_summary(result.event)}\nChange {result.change_id}.",
                               title="Round retracted")

    @group.command(name="undo", description="Undo your own last change, or a given one")
    @app_commands.describe(change="Change id (default: your own latest change)")
    async def undo(interaction: discord.Interaction, change: Optional[int] = None) -> None:
        view = await context._write(interaction, admin.undo_change, change)
        if view is not None:
            from bot.data.history import undo_summary

            text = await context.core.call(undo_summary, context.db, view)  # whose change, and what it was
            await context._say(interaction, text, title="Undone")

    @group.command(name="history", description="Recent changes, of a company or of one round")
    @app_commands.describe(company="Company", round="Round id")
    @app_commands.autocomplete(company=companies)
    async def history(interaction: discord.Interaction, company: Optional[str] = None,
                      round: Optional[int] = None) -> None:
        views = await context._write(interaction, admin.change_history, company=company, event_id=round, limit=15)
        if views is not None:
            lines = [say.change_line(v) for v in views]
            await context._say(interaction, "\n".join(lines) or "No changes yet.", title="History")

    @group.command(name="import", description="Import a CSV of rounds (dry run first, then Confirm)")
    @app_commands.describe(file="The CSV file",
                           sync="A newer tracker export: update, add and flag its rows instead of importing")
    async def import_csv(interaction: discord.Interaction, file: discord.Attachment, sync: bool = False) -> None:
        await context.stage_import(interaction, file, sync=sync)

    tree.add_command(group)

    def can_manage(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            return True  # one's own direct messages
        permissions = interaction.permissions
        return permissions.manage_channels or permissions.manage_guild or permissions.administrator

    def channel_id(interaction: discord.Interaction) -> str:
        return str(interaction.channel_id)

    @tree.command(name="layoffs-subscribe", description="Post new layoff rounds in this channel")
    @app_commands.describe(company="Only this company (empty: every company)")
    @app_commands.autocomplete(company=companies)
    async def subscribe(interaction: discord.Interaction, company: Optional[str] = None) -> None:
        result = await context._write(interaction, admin.subscribe, channel_id(interaction), company,
                                      can_manage_channel=can_manage(interaction))
        if result is not None:
            sub, created = result
            text = say.subscribed(sub.company, created)
            await interaction.response.send_message(embed=_embed("Alerts on", text, color=0x27AE60))

    @tree.command(name="layoffs-unsubscribe", description="Stop posting new layoff rounds in this channel")
    @app_commands.describe(company="The company subscribed to (empty: the every-company subscription)")
    @app_commands.autocomplete(company=companies)
    async def unsubscribe(interaction: discord.Interaction, company: Optional[str] = None) -> None:
        removed = await context._write(interaction, admin.unsubscribe, channel_id(interaction), company,
                                       can_manage_channel=can_manage(interaction))
        if removed is not None:
            text = say.unsubscribed(company, removed)
            await context._say(interaction, text, title="Alerts off")

    @tree.command(name="layoffs-subscriptions", description="What this channel gets alerts for")
    async def subscriptions(interaction: discord.Interaction) -> None:
        subs = await context.core.call(admin.list_subscriptions, context.db, DISCORD.name, channel_id(interaction))
        lines = [f"• {s.company or say.ALL_COMPANIES}" for s in subs]
        await context._say(interaction, "\n".join(lines) or say.no_subscriptions("/layoffs-subscribe <company>"),
                           title="Alerts in this channel")
