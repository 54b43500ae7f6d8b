"""`earnest analyze`: what a note, email or transcript shows the customer actually gave."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .context import today
from .output import console

if TYPE_CHECKING:
    from earnest.analyzer import AnalysisResult

STYLES = {
    "commitment": "bold black on green",
    "next_step": "bold black on cyan",
    "budget": "green",
    "problem": "yellow",
    "workaround": "yellow",
    "objection": "magenta",
    "hedge": "black on yellow",
    "fluff": "italic black on bright_white",
    "compliment": "italic",
    "rejection": "bold white on red",
}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)  # plain: Rich would wrap the line
    return typer.Exit(2)


def _conversation_date(value: str | None, where: str) -> date:
    if not value:
        return today()
    from earnest.domain.errors import DomainError

    from .context import parse_date

    try:
        return parse_date(value, where)
    except DomainError as exc:
        raise _fail(str(exc)) from None


def _read_text(file: Path | None) -> str:
    if file is None:
        return sys.stdin.read()
    try:
        return file.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror or exc}") from None


def _report(text: str, result: AnalysisResult, console: Console) -> None:
    highlighted = Text(text)
    for signal in result.signals:
        highlighted.stylize(STYLES.get(signal.kind, "bold"), signal.start, signal.end)
    console.print(Text.assemble(("Verdict: ", "bold"), (result.verdict, "bold cyan"), f"   score {result.score:.2f}"))
    console.print(highlighted)
    if not result.signals:
        console.print("No signals: nothing shows what the customer gave.")
        return
    table = Table("kind", "text", "currencies", "amount", "due", show_lines=False)
    for s in result.signals:
        table.add_row(
            Text(s.kind, STYLES.get(s.kind, "")),
            s.text,
            ", ".join(s.currencies),
            s.amount or "",
            s.due.isoformat() if s.due else "",
        )
    console.print(table)


def _jsonl_records(handle: TextIO, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(f"{name} line {number}: invalid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise _fail(f'{name} line {number}: needs an object with a "text" string')
        yield number, record


def _analyze_jsonl(path: Path, voice: str) -> None:
    from earnest.analyzer import analyze

    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror or exc}") from None
    progress = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(console=Console(stderr=True), transient=True)
        progress.start()
        task = progress.add_task("analyzing", total=None)
    try:
        with handle:
            for number, record in _jsonl_records(handle, str(path)):
                when = _conversation_date(record.get("date"), f"{path} line {number}")
                result = analyze(record["text"], when=when, voice=voice)
                out = {"id": record.get("id"), **result.as_json()}
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
                sys.stdout.flush()
                if progress is not None:
                    progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()


def analyze_command(
    file: Annotated[
        Path | None, typer.Argument(help="Note, email or transcript to read; standard input when left out.")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text (a readable report; 'table' works too) or json.")
    ] = "text",
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl", help="Read one JSON object per line (id, text, optional date); write one result per line."
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", help="The conversation's date: 2026-11-20, -3d, 'last tuesday' (default: today)."),
    ] = None,
    voice: Annotated[
        str,
        typer.Option(
            "--voice",
            help="auto, prospect (all words are the customer's) or notes (ours about them).",
        ),
    ] = "auto",
) -> None:
    """Show what a conversation proves the customer gave: commitments, next steps, hedges, praise.

    Example: earnest analyze call-notes.txt --format json
    """
    output_format = "text" if output_format == "table" else output_format
    if output_format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {output_format!r}")
    if voice not in ("auto", "prospect", "notes"):
        raise _fail(f"--voice must be auto, prospect or notes, not {voice!r}")
    if jsonl is not None:
        _analyze_jsonl(jsonl, voice)
        return
    text = _read_text(file)
    when = _conversation_date(on, "--date")
    from earnest.analyzer import analyze

    result = analyze(text, when=when, voice=voice)
    if output_format == "json":
        sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
    else:
        _report(text, result, console)
