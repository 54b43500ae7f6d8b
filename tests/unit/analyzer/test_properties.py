"""Any text is safe to analyze, and every signal points at the words it came from."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earnest.analyzer import KINDS, analyze

WHEN = date(2026, 11, 23)
PIECES = st.sampled_from(
    [
        "Priya introduced me to their CFO.",
        "We'd definitely buy it!",
        "Rep: ",
        "\nDana: ",
        "next Thursday at 3pm",
        "$5k",
        "not",
        "if",
        "Hi Sam,\n\n",
        "\nBest,\nKim\n",
        "> quoted\n",
        "<p>",
        "</div>",
        "\u200b",
        "é",
        "🙂",
        "\r\n",
        "  - ",
        "?",
        "€1.2m",
        "end of month",
        ":",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES | st.text(max_size=8), max_size=40).map("".join))


def _check(text: str) -> None:
    result = analyze(text, when=WHEN)
    assert result.verdict in ("advanced", "rejected", "hedged", "complimented", "no_next_step")
    assert 0.0 <= result.score <= 1.0
    for signal in result.signals:
        assert signal.kind in KINDS
        assert 0 <= signal.start < signal.end <= len(text)
        assert text[signal.start : signal.end] == signal.text
        assert set(signal.currencies) <= {"time", "reputation", "money"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_is_safe_and_offsets_point_into_it(text):
    _check(text)


@pytest.mark.slow
def test_a_megabyte_of_notes_and_html_is_safe():
    block = (
        "<div>Priya introduced me to their CFO on Tuesday.</div>\n"
        "Rep: We'd definitely buy it someday, keep in touch! 🙂 $5k\n"
    )
    text = (block * (1_000_000 // len(block) + 1))[:1_000_000]
    _check(text)


def test_a_megabyte_without_line_breaks_is_safe():
    _check("x" * 1_000_000)
