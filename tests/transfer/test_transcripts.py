"""Meeting transcripts import as conversations; our own promises are never read as theirs."""

import json
from pathlib import Path

import pytest

from earnest.domain.errors import DomainError
from earnest.transfer.transcripts import our_speakers, transcript_read

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


@pytest.fixture
def cli(db, monkeypatch):
    from typer.testing import CliRunner

    from earnest.cli import app

    monkeypatch.setenv("EARNEST_TODAY", "2026-11-23")
    monkeypatch.setenv("EARNEST_WORKSPACE", "transcripts")

    def run(*args: str):
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    return run


def test_webvtt_voices_become_speaker_turns():
    t = transcript_read((FIXTURES / "teams-call.vtt").read_bytes(), "teams-call.vtt")
    assert t.speakers == ("Sam Lee", "Dana Ortiz")
    assert t.lines[1][0] == "Dana Ortiz" and "re-keying" in t.lines[1][1] and "introduced" in t.lines[1][1]
    assert t.as_notes().startswith("Sam Lee: Thanks for making the time")


def test_srt_and_plain_transcripts_read_the_speaker_from_the_line():
    srt = transcript_read((FIXTURES / "zoom-call.srt").read_bytes())
    assert srt.speakers == ("Sam Lee", "Priya Shah")
    plain = transcript_read(b"Me: Could you share one real file?\nJo Park: Yes, I'll send it Friday.\n")
    assert plain.lines == (("Me", "Could you share one real file?"), ("Jo Park", "Yes, I'll send it Friday."))


def test_our_side_is_found_by_name_and_a_wrong_name_is_refused():
    t = transcript_read((FIXTURES / "teams-call.vtt").read_bytes())
    assert our_speakers(t, me=["sam"]) == ["Sam Lee"]
    with pytest.raises(DomainError, match="speakers are: Sam Lee, Dana Ortiz"):
        our_speakers(t, me=["Alex"])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x00\x01binary", "binary file"),
        (b"WEBVTT\n\n", "holds no speech"),
        ("Caf\u00e9: ol\u00e9".encode("cp1252"), "not UTF-8"),
    ],
)
def test_bad_files_get_one_clear_error(raw, message):
    with pytest.raises(DomainError, match=message):
        transcript_read(raw, "bad.vtt")


def test_the_cli_imports_a_transcript_once_and_records_their_commitments_not_ours(cli):
    cli("prospect", "add", "Orbit Freight", "--ladder", "b2b", "--date", "2026-10-01")
    path = str(FIXTURES / "teams-call.vtt")
    out = json.loads(
        cli(
            "import",
            "transcript",
            path,
            "--prospect",
            "Orbit Freight",
            "--me",
            "Sam Lee",
            "--accept-suggestions",
            "-f",
            "json",
        ).output
    )
    assert out["created"] and out["outcome"] == "advanced"
    commitments = json.loads(cli("commitment", "list", "Orbit Freight", "-f", "json").output)
    assert any(c["rung"] == "shares_project_data" and c["status"] == "agreed" for c in commitments)
    # "I'll send you the security questionnaire" is our promise, not theirs
    assert not any("questionnaire" in c["description"] for c in commitments)
    contacts = json.loads(cli("contact", "list", "Orbit Freight", "-f", "json").output)
    assert {"name": "Raj Patel", "role": "budget_owner"}.items() <= next(
        c for c in contacts if c["name"] == "Raj Patel"
    ).items()
    again = json.loads(
        cli(
            "import",
            "transcript",
            path,
            "--prospect",
            "Orbit Freight",
            "--me",
            "Sam Lee",
            "--accept-suggestions",
            "-f",
            "json",
        ).output
    )
    assert not again["created"] and again["conversation_id"] == out["conversation_id"]
    assert len(json.loads(cli("commitment", "list", "Orbit Freight", "-f", "json").output)) == len(commitments)


def test_a_wrong_me_exits_2_and_logs_nothing(cli):
    cli("prospect", "add", "Orbit Freight", "--ladder", "b2b")
    result = cli("import", "transcript", str(FIXTURES / "zoom-call.srt"), "--prospect", "Orbit Freight", "--me", "Alex")
    assert result.exit_code == 2 and "nobody called" in result.output
    assert json.loads(cli("commitment", "list", "-f", "json").output) == []
