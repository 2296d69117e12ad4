"""``layoffbot ask`` and ``layoffbot chat``: the question-answering core from the command line.

Both work with no tokens on the default database (built from ``data/`` on first use).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.main import Settings, pass_settings

__all__ = ["ask", "chat"]

DEFAULT_CHART = Path("layoffbot-chart.png")


def _engine(settings: Settings):
    from bot.engine import Engine

    return Engine(settings.db(), today=settings.today)


def _protected(settings: Settings) -> list[Path]:
    """The open database's files: a chart is never written over them."""
    from bot.data.db import resolve_db_path
    from bot.safe_output import database_files

    return database_files(resolve_db_path(settings.db_path))


def _numbered(path: Path, n: int) -> Path:
    return path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")


@click.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the Reply as JSON (with '-': one JSON object per input line).")
@click.option(
    "--chart-out",
    "chart_out_name",
    type=click.Path(),  # a str (Path("") would silently become "."); checked by safe_output_path
    default=None,
    help=f"Where to write the PNG when the answer has a chart (default: ./{DEFAULT_CHART}). "
    "Never over the database, a directory or a device; written to a temporary file, then renamed.",
)
@click.option(
    "--export-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the answer's rows to this file (CSV, or JSON for a .json name); questions saying "
    "'as csv', 'as json' or 'export' write ./layoffbot-<question>.csv|json without it.",
)
@pass_settings
def ask(settings: Settings, question: tuple[str, ...], as_json: bool, chart_out_name: str | None,
        export_out: Path | None) -> None:
    """Answer QUESTION, e.g.  layoffbot ask "how many has Amazon cut since 2023?"

    \b
    QUESTION '-' reads one question per line from stdin (one conversation, so follow-ups
    like "and in 2024?" work); with --json each answer is one JSON object per line.
    Charts ("chart Amazon layoffs"; "chart AI layoffs by month in 2025" draws only the rounds
    tagged with that cause) are written as PNG to --chart-out and the path printed;
    answers asked "as csv" / "as json" / "export" (or with --export-out) are written as files.
    More: "which company had the most layoff rounds since 2023?", "is Amazon cutting faster
    than Meta?", "amazon cut 18000 in jan 2023 right?"; a company not in the data gets no
    figure (README "What it understands").
    """
    from adapters.console import render, render_json, write_chart, write_exports
    from bot.answers.export import export_request
    from bot.safe_output import safe_output_path

    protect = _protected(settings)
    chart_out = None if chart_out_name is None else Path(chart_out_name)
    if chart_out_name is not None:
        safe_output_path(chart_out_name, protect)  # a bad --chart-out fails before any work (one line, exit 1)
    if export_out is not None:
        safe_output_path(export_out, protect)
    engine = _engine(settings)
    texts = [line.rstrip("\n") for line in sys.stdin] if question == ("-",) else [" ".join(question)]
    texts = [t for t in texts if t.strip()] if question == ("-",) else texts
    charts = 0
    exports = 0
    for text in texts:
        if export_out is not None and not export_request(text)[0]:
            text += " as json" if export_out.suffix.lower() == ".json" else " as csv"
        reply = engine.answer(text, asker="cli", conversation="cli")
        export_paths: list[Path] = []
        if reply.export:
            exports += 1
            target = _numbered(export_out, exports) if export_out is not None else None
            export_paths = write_exports(reply, target, protect=protect)
        chart_path = None
        if reply.chart is not None and (chart_out is not None or question != ("-",)):
            charts += 1
            chart_path, problem = write_chart(reply, _numbered(chart_out or DEFAULT_CHART, charts), protect=protect)
            if problem:
                click.echo(f"Chart not written: {problem}", err=True)
        if as_json:
            click.echo(render_json(reply, chart_path=chart_path, export_paths=export_paths))
        else:
            click.echo(render(reply, color=sys.stdout.isatty(), chart_path=chart_path, export_paths=export_paths))
            if len(texts) > 1:
                click.echo("")


@click.command("chat")
@click.option("--chart-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="Directory for chart PNGs (default: current directory).")
@pass_settings
def chat(settings: Settings, chart_dir: Path) -> None:
    """Interactive session: ask, follow up ("what about Google?", "and in 2024?").

    Commands: 'history' lists your questions, 'reset' forgets the context, 'quit' ends.
    """
    from adapters.console import render, write_chart

    try:
        import readline  # noqa: F401  (arrow-key history when available)
    except ImportError:  # pragma: no cover
        pass
    protect = _protected(settings)
    engine = _engine(settings)
    history: list[str] = []
    as_of = engine.as_of()
    click.echo(f"layoffbot — data as of {as_of.isoformat() if as_of else 'unknown'}. Type 'help', 'history', 'reset' or 'quit'.")
    charts = 0
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            break
        command = text.strip().lower()
        if not command:
            continue
        if command in ("quit", "exit", "q", ":q"):
            break
        if command == "history":
            for n, past in enumerate(history, 1):
                click.echo(f"{n:3d}  {past}")
            continue
        if command in ("reset", "start over", "new"):
            engine.forget("chat")
            click.echo("Context cleared.")
            continue
        history.append(text)
        reply = engine.answer(text, asker="console", conversation="chat")
        chart_path = None
        if reply.chart is not None:
            charts += 1
            chart_path, problem = write_chart(reply, chart_dir / f"layoffbot-chart-{charts}.png", protect=protect)
            if problem:
                click.echo(f"Chart not written: {problem}", err=True)
        click.echo(render(reply, color=sys.stdout.isatty(), chart_path=chart_path))
