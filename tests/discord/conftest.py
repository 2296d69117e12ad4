"""Discord adapter tests: skipped whole when discord.py (the discord extra) is not installed."""

import importlib.util

if importlib.util.find_spec("discord") is None or importlib.util.find_spec("discord.gateway") is None:
    collect_ignore_glob = ["test_*.py"]
else:
    from discord_fixtures import fake_engine, run_bot  # noqa: F401  (fixtures)
