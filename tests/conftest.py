"""Shared pytest configuration.  Fixtures live in per-area modules (tests/fixtures_*.py)."""

import atexit
import os
import shutil
import tempfile

# Tests never touch the user's real database or clock: no LAYOFFBOT_DB / LAYOFFBOT_TODAY from
# the environment, and the default database location (platformdirs' user data directory,
# which honours XDG_DATA_HOME) points into a throw-away directory.
os.environ.pop("LAYOFFBOT_DB", None)
os.environ.pop("LAYOFFBOT_TODAY", None)
_data_home = tempfile.mkdtemp(prefix="layoffbot-tests-")
atexit.register(shutil.rmtree, _data_home, ignore_errors=True)
os.environ["XDG_DATA_HOME"] = _data_home
