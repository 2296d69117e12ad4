"""Streaming import: a path is read in batches inside one transaction, with the same result as the
same bytes; a bad row after batches were written still leaves the database unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.data import importer as importer_module
from bot.data.importer import import_csv
from cli.main import cli

from fixtures_data import dump, make_small_db

HEADER = ["company", "location", "total_laid_off", "date", "percentage_laid_off", "industry", "source", "stage",
          "funds_raised", "country", "date_added"]


def _export(rows: int, bad_row: int | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(rows):
        date = "not a date" if i == bad_row else f"{1 + i % 12}/{1 + i % 28}/2024"
        writer.writerow([f"Firm {i // 5}", "Austin", str(10 + i), date, "", "Other", f"https://example.com/{i}",
                         "Seed", "", "United States", "1/1/2025"])
        if i % 7 == 0:
            writer.writerow([f"Firm {i // 5}", "Austin", str(10 + i), date, "", "Other", f"https://example.com/{i}",
                             "Seed", "", "United States", "1/1/2025"])  # an exact repeat
    return out.getvalue().encode()


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_module, "BATCH_ROWS", 16)


def _events(db) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(r) for r in db.execute(
        "SELECT e.id, c.name, e.date, e.count, e.source, e.origin_key FROM events e JOIN companies c ON c.id = e.company_id"
        " ORDER BY e.id")]


def test_a_path_imports_like_its_bytes_in_batches(small_batches: None, tmp_path: Path) -> None:
    content = _export(100)
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    from_bytes, from_path = make_small_db(), make_small_db()
    seen: list[int] = []
    a = import_csv(from_bytes, content, file_name="export.csv", actor="t")
    b = import_csv(from_path, path, file_name="export.csv", actor="t", progress=seen.append)
    assert (a.rows_read, a.added, a.duplicates_in_file, a.sha256) == (b.rows_read, b.added, b.duplicates_in_file, b.sha256)
    assert b.added == 100 and b.duplicates_in_file == 15 and sum(seen) == b.rows_read
    assert _events(from_bytes) == _events(from_path)
    audit = from_path.execute("SELECT count(*) FROM changes WHERE action = 'add' AND import_id = ?", [b.import_id]).fetchone()[0]
    assert audit == 100  # one audit row per event, written batch by batch


@pytest.mark.parametrize("bad_row", [3, 90], ids=["in-first-batch", "after-several-batches"])
def test_a_bad_row_after_written_batches_rolls_everything_back(small_batches: None, tmp_path: Path, bad_row: int) -> None:
    db = make_small_db()
    before = dump(db)
    path = tmp_path / "bad.csv"
    path.write_bytes(_export(100, bad_row=bad_row))
    report = import_csv(db, path, actor="t")
    assert report.aborted and [issue.field for issue in report.rejected] == ["date"]
    assert report.added == 0 and report.import_id is None
    assert dump(db) == before


def test_skip_invalid_keeps_the_valid_rows_of_every_batch(small_batches: None, tmp_path: Path) -> None:
    db = make_small_db()
    path = tmp_path / "bad.csv"
    path.write_bytes(_export(100, bad_row=50))
    report = import_csv(db, path, actor="t", skip_invalid=True)
    assert report.committed and report.added == 99
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 99


def test_cli_progress_bar_on_request(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(_export(1200))
    db = tmp_path / "db.sqlite"
    result = CliRunner().invoke(cli, ["--db", str(db), "data", "init", "--empty"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["--db", str(db), "data", "import", str(path), "--progress", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "rows/s" in result.output and "would add: 1,200" in result.output
    quiet = CliRunner().invoke(cli, ["--db", str(db), "data", "import", str(path), "--dry-run"])
    assert "rows/s" not in quiet.output
