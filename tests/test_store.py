"""Validated, audited writes: add/edit/retract/confirm, undo (and redo), history, export, stats."""

from __future__ import annotations

import json

import pytest

from bot.data.store import (
    add_event,
    confirm_event,
    edit_event,
    export_events,
    get_event,
    history,
    retract_event,
    stats,
    undo,
)
from bot.data.validation import (
    NotFoundError,
    UndoError,
    UnknownCompanyError,
    ValidationError,
)

from fixtures_data import dump

SOURCE = "https://example.com/report"


def _add(db, **overrides):
    values = {"company": "Amazon", "date": "2026-02-03", "count": "1200", "source": SOURCE, "actor": "alice"}
    values.update(overrides)
    return add_event(db, **values)


def test_add_records_the_change(small_db) -> None:
    result = _add(small_db, status="confirmed", percentage="2", note="test")
    event = result.event
    assert (event["company"], event["date"], event["count"], event["status"], event["origin"]) == (
        "Amazon",
        "2026-02-03",
        1200,
        "confirmed",
        "admin",
    )
    assert event["percentage_basis"] == "company"
    change = small_db.execute("SELECT actor, via, action, before, after FROM changes WHERE id = ?", [result.change_id]).fetchone()
    assert change[:3] == ("alice", "cli", "add") and change[3] is None
    assert json.loads(change[4])["count"] == 1200
    assert small_db.execute("SELECT value FROM meta WHERE key = 'data_as_of'").fetchone()[0] == "2026-02-03"


def test_add_through_alias_sets_division(small_db) -> None:
    event = _add(small_db, company="AWS", percentage="10").event
    assert (event["company"], event["division"], event["percentage_basis"]) == ("Amazon", "AWS", "division")


@pytest.mark.parametrize(
    ("overrides", "field", "rule_part"),
    [
        pytest.param({"count": "-3"}, "count", "non-negative integer", id="negative-count"),
        pytest.param({"count": "12.5"}, "count", "non-negative integer", id="fractional-count"),
        pytest.param({"count": "lots"}, "count", "non-negative integer", id="word-count"),
        pytest.param({"percentage": "120"}, "percentage", "between 0 and 100", id="percentage-over-100"),
        pytest.param({"date": "2026-02-30"}, "date", "real date", id="impossible-date"),
        pytest.param({"date": ""}, "date", "real date", id="missing-date"),
        pytest.param({"source": "ftp://example.com/x"}, "source", "http(s) URL", id="ftp-source"),
        pytest.param({"source": "a memo"}, "source", "http(s) URL", id="text-source"),
        pytest.param({"source": None}, "source", "http(s) URL", id="no-source"),
        pytest.param({"status": "maybe"}, "status", "one of", id="bad-status"),
        pytest.param({"percentage_basis": "planet"}, "percentage_basis", "one of", id="bad-basis"),
        pytest.param({"company": "Initrode"}, "company", "known company", id="unknown-company"),
        pytest.param({"part_of_event_id": "999"}, "part_of_event_id", "existing event", id="dangling-link"),
    ],
)
def test_add_validation_names_field_and_rule(small_db, overrides, field, rule_part) -> None:
    before = dump(small_db)
    with pytest.raises(ValidationError) as info:
        _add(small_db, **overrides)
    assert info.value.field == field
    assert rule_part in info.value.rule
    assert field in str(info.value)
    assert dump(small_db) == before


def test_unknown_company_suggests_and_new_company_creates(small_db) -> None:
    with pytest.raises(UnknownCompanyError) as info:
        _add(small_db, company="Amazn")
    assert info.value.suggestions == ["Amazon"]
    result = _add(small_db, company="Initrode", new_company=True, country="United States")
    assert result.created_company == "Initrode"
    assert small_db.execute("SELECT country FROM companies WHERE name = 'Initrode'").fetchone()[0] == "United States"


def test_unsourced_needs_the_flag(small_db) -> None:
    event = _add(small_db, source=None, unsourced=True, count="unknown").event
    assert event["unsourced"] == 1 and event["count"] is None


def test_edit_and_no_op(small_db) -> None:
    event_id = _add(small_db).event["id"]
    result = edit_event(small_db, event_id, {"count": "1,500", "basis": "corporate", "pct": "3"}, actor="bob")
    assert (result.event["count"], result.event["percentage"], result.event["percentage_basis"]) == (1500, 3.0, "corporate")
    assert result.before["count"] == 1200
    same = edit_event(small_db, event_id, {"count": "1500"}, actor="bob")
    assert same.change_id is None


@pytest.mark.parametrize(
    ("updates", "field"),
    [
        pytest.param({"colour": "red"}, "colour", id="unknown-field"),
        pytest.param({"count": "-1"}, "count", id="bad-count"),
        pytest.param({"source": ""}, "source", id="clearing-source-needs-unsourced"),
        pytest.param({"company": "Nobody Corp"}, "company", id="unknown-company"),
    ],
)
def test_edit_validation(small_db, updates, field) -> None:
    event_id = _add(small_db).event["id"]
    before = dump(small_db)
    with pytest.raises(ValidationError) as info:
        edit_event(small_db, event_id, updates)
    assert info.value.field == field
    assert dump(small_db) == before


def test_edit_missing_event(small_db) -> None:
    with pytest.raises(NotFoundError):
        edit_event(small_db, 12345, {"count": "1"})


def test_confirm_planned_round(small_db) -> None:
    planned = _add(small_db, status="planned", count="unknown", source="https://example.com/plan").event
    result = confirm_event(small_db, planned["id"], count="16000", source="https://example.com/confirmed", actor="carol")
    event = result.event
    assert (event["status"], event["count"], event["source"]) == ("confirmed", 16000, "https://example.com/confirmed")
    assert "https://example.com/plan" in event["other_sources"]
    with pytest.raises(ValidationError) as info:
        confirm_event(small_db, planned["id"], count="1", source=SOURCE)
    assert info.value.field == "status"


def test_confirm_needs_a_source(small_db) -> None:
    planned = _add(small_db, status="rumored", count="unknown").event
    with pytest.raises(ValidationError) as info:
        confirm_event(small_db, planned["id"], count="10", source="")
    assert info.value.field == "source"


def test_retract_needs_a_reason(small_db) -> None:
    event_id = _add(small_db).event["id"]
    with pytest.raises(ValidationError) as info:
        retract_event(small_db, event_id, reason="  ")
    assert info.value.field == "reason"
    result = retract_event(small_db, event_id, reason="duplicate of a WARN row", actor="dave")
    assert result.event["status"] == "retracted"
    assert "duplicate of a WARN row" in result.event["note"]
    assert history(small_db, limit=1)[0].reason == "duplicate of a WARN row"


def test_undo_chain_and_redo(small_db) -> None:
    start = dump(small_db)
    event_id = _add(small_db).event["id"]
    edit_event(small_db, event_id, {"count": "2000"}, actor="bob")
    after_edit = get_event(small_db, event_id)
    first = undo(small_db, actor="bob")  # undoes bob's own edit
    assert get_event(small_db, event_id)["count"] == 1200
    assert first.action == "undo"
    redo = undo(small_db, first.id, actor="eve")  # undo the undo = redo
    assert get_event(small_db, event_id) == after_edit
    assert redo.undoes == first.id
    undo(small_db, actor="bob")  # the edit again (it is live once more)
    undo(small_db, actor="alice")  # alice's add
    with pytest.raises(NotFoundError):
        get_event(small_db, event_id)
    data = dump(small_db)
    assert data["events"] == start["events"]
    assert data["companies"] == start["companies"]


def test_undo_refuses_when_the_row_changed_since(small_db) -> None:
    event_id = _add(small_db).event["id"]
    edit = edit_event(small_db, event_id, {"count": "2000"}).change_id
    later = edit_event(small_db, event_id, {"count": "3000"}).change_id
    with pytest.raises(UndoError) as info:
        undo(small_db, edit)
    assert info.value.blocking == [later]
    with pytest.raises(UndoError, match="already undone"):
        undo(small_db, later)
        undo(small_db, later)


def test_undo_nothing(small_db) -> None:
    with pytest.raises(UndoError, match="nothing to undo"):
        undo(small_db)


def test_history_by_company(built_db) -> None:
    _add(built_db, company="Amazon", actor="alice")
    _add(built_db, company="Meta", actor="bob", date="2026-02-04")
    views = history(built_db, company="Facebook")
    assert [(v.company, v.actor, v.action) for v in views] == [("Meta", "bob", "add")]
    assert "Meta 2026-02-04 1,200 (reported)" in views[0].summary


def test_export_has_required_columns_and_every_event(built_db) -> None:
    rows = export_events(built_db)
    assert len(rows) == built_db.execute("SELECT count(*) FROM events").fetchone()[0]
    required = ["id", "company", "division", "date", "count", "percentage", "percentage_basis", "status", "location", "country", "source"]
    assert list(rows[0])[: len(required)] == required


def test_stats(built_db) -> None:
    info = stats(built_db)
    assert info["events"] == sum(info["by_status"].values())
    assert info["by_status"]["planned"] >= 1 and info["by_status"]["rumored"] >= 1
    assert info["data_as_of"] == "2026-03-05"


def test_add_refuses_an_exact_duplicate_and_warns_about_near_rounds(small_db) -> None:
    first = _add(small_db)
    assert first.warnings == []
    with pytest.raises(ValidationError) as info:
        _add(small_db)
    assert info.value.field == "date" and "duplicate" in info.value.rule
    near = _add(small_db, date="2026-02-20", count="300")
    assert len(near.warnings) == 1 and f"event {first.event['id']}" in near.warnings[0]
