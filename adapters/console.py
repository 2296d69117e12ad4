"""Console rendering of a :class:`~bot.reply.Reply` (``layoffbot ask`` / ``layoffbot chat``).

The core's ``Reply.text`` is already plain text; the console adds only the chart's file path
and, in a terminal, a little emphasis on the headline.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from bot.reply import Reply
from bot.safe_output import atomic_write

__all__ = ["render", "render_json", "write_chart", "write_exports"]


def render(
    reply: Reply, *, color: bool = False, chart_path: Path | None = None, export_paths: list[Path] | None = None
) -> str:
    text = reply.text
    if color and reply.headline and reply.headline in text:
        text = text.replace(reply.headline, f"\x1b[1m{reply.headline}\x1b[0m", 1)
    if chart_path is not None:
        text += f"\nChart: {chart_path}"
    for path in export_paths or ():
        text += f"\nFile: {path}"
    return text


def render_json(reply: Reply, *, chart_path: Path | None = None, export_paths: list[Path] | None = None) -> str:
    data = reply.to_dict()
    if chart_path is not None:
        data["chart_path"] = str(chart_path)
    if export_paths:
        data["export_paths"] = [str(p) for p in export_paths]
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def write_chart(
    reply: Reply, path: Path, *, protect: Iterable[os.PathLike[str] | str] = ()
) -> tuple[Path | None, str | None]:
    """Render the reply's chart to ``path``: (path written, or None with the reason).

    Written with :func:`bot.safe_output.atomic_write`: never over a ``protect`` file (the open
    database), a directory or a device; a refusal or an I/O error is the reason, not a crash.
    """
    if reply.chart is None:
        return None, None
    try:
        from bot.charts.render import render_png

        png = render_png(reply.chart)
    except ImportError as exc:  # at import or at render time (ChartsUnavailable is an ImportError)
        return None, f"charts need matplotlib: pip install -e '.[charts]' ({exc.name})"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, png, protect=protect)
    except OSError as exc:  # UnsafeOutputError included
        return None, str(exc) if exc.strerror is None else f"cannot write {path}: {exc.strerror}"
    return path, None


def write_exports(
    reply: Reply, path: Path | None, *, directory: Path = Path("."), protect: Iterable[os.PathLike[str] | str] = ()
) -> list[Path]:
    """Write the files the reply asks for ("as csv", "export"): to ``path`` when given (one file;
    with CSV and JSON both, ``path`` with each format's suffix), else into ``directory`` under
    the file's own name.  Returns the paths written.  Written like charts, with
    :func:`bot.safe_output.atomic_write` (never over a ``protect`` file, a directory or a device)."""
    from bot.answers.export import export_files

    files = export_files(reply)
    written: list[Path] = []
    for file in files:
        if path is None:
            target = directory / file.filename
        elif len(files) == 1:
            target = path
        else:
            target = path.with_suffix(Path(file.filename).suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, file.content, protect=protect)
        written.append(target)
    return written
