"""`earnest analyze`: a readable report, JSON, streaming JSONL, and one clear line on bad input."""

import json

import pytest
import typer
from typer.testing import CliRunner

from earnest.cli.analyze import analyze_command

NOTE = "Priya introduced me to their CFO. Demo for finance booked for 2026-11-26 at 2pm."


@pytest.fixture
def _postgres_when_required():
    """These tests touch no database (the folder-wide fixture would ask for one)."""


@pytest.fixture
def run():
    app = typer.Typer()
    app.command("analyze")(analyze_command)
    app.command("noop")(lambda: None)  # two commands, so "analyze" stays a subcommand
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, ["analyze", *args], input=input)

    return invoke


def test_it_prints_a_readable_report_from_stdin(run):
    result = run("--date", "2026-11-23", input=NOTE)
    assert result.exit_code == 0, result.output
    assert "Verdict: advanced" in result.output
    assert "commitment" in result.output


def test_a_piped_report_is_not_wrapped_at_80_columns(run, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    note = NOTE + " Their CFO said the budget for the pilot is already approved for Q1."
    result = run("--date", "2026-11-23", input=note)
    assert note in result.output.splitlines()  # the note on one line, as it was written


def test_it_prints_json_for_a_file(run, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE)
    result = run(str(note), "--format", "json", "--date", "2026-11-23")
    data = json.loads(result.stdout)
    assert set(data) == {"verdict", "score", "signals", "people"}
    assert data["verdict"] == "advanced"
    signal = data["signals"][0]
    assert set(signal) == {"kind", "text", "start", "end", "currencies", "amount", "due", "status", "confidence"}
    assert NOTE[signal["start"] : signal["end"]] == signal["text"]


def test_it_streams_jsonl(run, tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text(
        json.dumps({"id": "a", "text": "We're not interested, thanks."})
        + "\n\n"
        + json.dumps({"id": 7, "text": "Let's meet next Thursday at 3pm.", "date": "2026-11-23"})
        + "\n"
    )
    result = run("--jsonl", str(lines))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", 7]
    assert rows[0]["verdict"] == "rejected"
    assert rows[1]["signals"][0]["due"] == "2026-11-26"


def test_an_invalid_jsonl_line_names_the_line(run, tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": 1, "text": "ok"}) + "\n{not json\n")
    result = run("--jsonl", str(lines))
    assert result.exit_code == 2
    assert "line 2" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_file_exits_2_with_one_line(run, tmp_path):
    result = run(str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "cannot read" in result.stderr


def test_a_bad_date_exits_2(run):
    result = run("--date", "the day after never", input="hello")
    assert result.exit_code == 2
    assert "cannot read 'the day after never' as a date" in result.stderr


def test_the_date_may_be_relative_like_everywhere_else(run):
    result = run("--date", "2026-11-20", "-f", "json", input="Demo booked for tomorrow at 3pm with Priya.")
    assert result.exit_code == 0
    assert '"due": "2026-11-21"' in result.stdout


def test_the_help_has_an_example(run):
    assert "Example: earnest analyze" in (analyze_command.__doc__ or "")
