"""The reference implementation is checked against the golden set's hand-computed figures
(tests/golden/core_golden.json): where a golden group states a scope and a figure, the
reference computes the same figure from the raw rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fixtures_core
import pytest
from reference import Reference, Scope

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "golden" / "core_golden.json").read_text(encoding="utf-8"))


def _scope(expect: dict[str, Any]) -> Scope:
    return Scope(
        tuple(expect.get("companies") or ()), expect.get("division"), expect.get("start"), expect.get("end"),
        expect.get("industry"), expect.get("country"),
    )


# Groups whose expectation is not a plain scope: a period left implicit in ``expect``
# (brief-google-recent-empty), a limit on a timeline (top 3 rounds), rows that are periods.
_NOT_A_SCOPE = {"brief-google-recent-empty", "qa-company-top-3-rounds"}
COMPANIES = {name for (_i, name, _ind, _c) in fixtures_core.COMPANIES}


def _groups(intent: str, key: str) -> list[Any]:
    return [
        pytest.param(g["expect"], id=g["name"])
        for g in GOLDEN["groups"]
        if g["expect"].get("intent") == intent and key in g["expect"] and not g.get("before")
        and g["name"] not in _NOT_A_SCOPE
        and all(pair[0] in COMPANIES for pair in g["expect"].get("ranked", []))
    ]


@pytest.mark.parametrize("expect", _groups("total", "total"))
def test_reference_totals_match_golden(expect: dict[str, Any], ref: Reference) -> None:
    total, undisclosed = ref.total(_scope(expect))
    assert total == expect["total"]
    if "undisclosed" in expect:
        assert undisclosed == expect["undisclosed"]


@pytest.mark.parametrize("expect", _groups("rank", "ranked"))
def test_reference_rankings_match_golden(expect: dict[str, Any], ref: Reference) -> None:
    want = [tuple(pair) for pair in expect["ranked"]]
    assert ref.rank(_scope(expect))[: len(want)] == want


@pytest.mark.parametrize("expect", _groups("compare", "ranked"))
def test_reference_comparisons_match_golden(expect: dict[str, Any], ref: Reference) -> None:
    assert sorted(ref.compare(_scope(expect))) == sorted(tuple(p) for p in expect["ranked"])


@pytest.mark.parametrize("expect", _groups("rounds", "row_count"))
def test_reference_timelines_match_golden(expect: dict[str, Any], ref: Reference) -> None:
    assert ref.listed_rounds(_scope(expect)) == expect["row_count"]


def test_reference_checks_many_golden_groups() -> None:
    assert len(_groups("total", "total")) >= 20
