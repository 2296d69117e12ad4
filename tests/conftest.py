"""Shared pytest configuration.  Fixtures live in per-area modules (tests/fixtures_*.py)."""

import os
import tempfile

# Tests never touch the user's real database or clock: no LAYOFFBOT_DB / LAYOFFBOT_TODAY from
# the environment, and the default database location (platformdirs' user data directory,
# which honours XDG_DATA_HOME) points into a throw-away directory.
os.environ.pop("LAYOFFBOT_DB", None)
os.environ.pop("LAYOFFBOT_TODAY", None)
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="layoffbot-tests-")
