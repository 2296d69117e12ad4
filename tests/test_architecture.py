"""The layering rules of issue 10, checked on the source tree: the core (``bot/``) imports no
adapter and names no platform; platform knowledge lives in the adapters and is handed in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_FILES = sorted((ROOT / "bot").rglob("*.py"))
_PLATFORM_WORDS = re.compile(r"slack|discord", re.I)
_ADAPTER_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:adapters|cli)\b", re.M)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_core_files_found() -> None:
    assert len(CORE_FILES) > 20  # the scan below must not pass by finding nothing


@pytest.mark.parametrize("path", CORE_FILES, ids=_rel)
def test_core_names_no_platform(path: Path) -> None:
    hits = [f"{n}: {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if _PLATFORM_WORDS.search(line)]
    assert hits == []


@pytest.mark.parametrize("path", CORE_FILES, ids=_rel)
def test_core_imports_no_adapter_or_cli(path: Path) -> None:
    assert _ADAPTER_IMPORT.findall(path.read_text(encoding="utf-8")) == []
