"""One concurrent writer of the fault suite (run as a separate process by test_fault_data.py).

    python tests/fault_writer.py DB ACTOR NUMBER SECONDS GO_FILE OUT_JSON

Waits for GO_FILE (so that every writer starts at once), then for SECONDS adds rounds of the
company "Faultco" (counts unique to this writer) and, every third operation, undoes its own
last change (``undo`` without an id, by actor), exactly as ``layoffbot data add`` / ``data
undo`` do.  Writes ``{"ops": [[kind, change_id, other_id], ...], "failures": [...]}`` to
OUT_JSON: every exception is a failure.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(db_path: str, actor: str, number: int, seconds: float, go_file: str, out: str) -> None:
    from bot.data.db import open_db
    from bot.data.store import add_event, undo

    db = open_db(db_path)
    ready = Path(out).with_suffix(".ready")
    ready.write_text("ready")
    while not Path(go_file).exists():
        time.sleep(0.005)
    ops: list[list[object]] = []
    failures: list[str] = []
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        try:
            if n % 3 == 0:
                done = undo(db, actor=actor, via="cli")
                ops.append(["undo", done.id, done.undoes])
            else:
                result = add_event(
                    db, company="Faultco", date=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", count=str(number * 1_000_000 + n),
                    source=f"https://example.com/{actor}/{n}", actor=actor, via="cli",
                )
                ops.append(["add", result.change_id, int((result.event or {})["id"])])
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none may happen
            failures.append(f"{type(exc).__name__}: {exc}")
    Path(out).write_text(json.dumps({"ops": ops, "failures": failures}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6])
