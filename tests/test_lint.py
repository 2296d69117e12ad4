"""mypy and ruff stay clean on the product code (bot, cli, adapters) and ruff on the tests.

Both run as subprocesses with the settings in pyproject.toml ([tool.mypy], [tool.ruff]); any
finding fails the test and prints it.  They are in the ``test`` extra; a machine without
them skips, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ["bot", "cli", "adapters"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _module_available(name: str) -> bool:
    return _run(sys.executable, "-c", f"import {name}").returncode == 0


@pytest.mark.skipif(shutil.which("ruff") is None and not _module_available("ruff"),
                    reason="ruff is not installed (pip install -e '.[test]')")
@pytest.mark.parametrize("paths", [pytest.param(PRODUCT, id="product"), pytest.param(["tests"], id="tests")])
def test_ruff_is_clean(paths: list[str]) -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "--no-cache", *paths)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not _module_available("mypy"), reason="mypy is not installed (pip install -e '.[test]')")
def test_mypy_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy", *PRODUCT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
