"""Shared pytest configuration.  Fixtures live in per-area modules (tests/fixtures_*.py)."""

import os

# Tests never touch the user's real database or clock.
os.environ.pop("LAYOFFBOT_DB", None)
os.environ.pop("LAYOFFBOT_TODAY", None)
