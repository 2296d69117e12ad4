"""Shared pytest configuration, and the shared fixtures.

The pytest fixtures every suite may use (``small_db``, ``built_db_path``, ``built_db``) live in
:mod:`fixtures_data` and are made available here, once: test modules never import a fixture
(no redefinition warnings, no ``try``/``except`` around imports).  Helper functions and
constants are imported normally (``from fixtures_data import dump``; ``fixtures_core`` for the
engine's fixture database, ``fixtures_charts`` for the chart one, ``fake_engine`` for the
adapters' fake core).
"""

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
# Shared state goes to the test's own store, never to a developer's Redis.
os.environ.pop("REDIS_URL", None)

from fixtures_data import built_db, built_db_path, small_db  # noqa: E402  (fixtures, after the environment is set)
from fixtures_redis import redis_url  # noqa: E402  (session fixture: a real redis-server)

__all__ = ["built_db", "built_db_path", "redis_url", "small_db"]
