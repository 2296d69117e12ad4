"""Discord adapter tests: skipped whole when discord.py (the discord extra) is not installed."""

import importlib.util
import sys
from pathlib import Path

# tests/ holds the shared fixture modules (fixtures_core.py): importable when this directory
# runs alone too.  Appended, so the discord.py package always wins over this directory's name.
_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:
    sys.path.append(_TESTS)

if importlib.util.find_spec("discord") is None or importlib.util.find_spec("discord.gateway") is None:
    collect_ignore_glob = ["test_*.py"]
else:
    from discord_fixtures import fake_engine, run_bot  # noqa: F401  (fixtures)
