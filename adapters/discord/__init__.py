"""The Discord adapter: a thin layer between discord.py and the layoffbot core.

Modules: :mod:`.settings` (token and endpoints from the environment), :mod:`.conversation`
(which messages to answer, follow-up keys), :mod:`.core` (the shared :mod:`adapters.common.bridge`), :mod:`.platform` (what the core is told
about Discord),
:mod:`.render` + :mod:`.limits` (Reply -> embeds within Discord's limits), :mod:`.outgoing`
(embeds and chart files), :mod:`.commands` (slash commands), :mod:`.sync` (command sync),
:mod:`.client` (events), :mod:`.invite` (scopes, permissions), :mod:`.cli` (``layoffbot discord``);
admins in chat: :mod:`.admin` (commands), :mod:`.admin_forms` (modal, buttons), :mod:`.alerts`.
"""

__all__: list[str] = []
