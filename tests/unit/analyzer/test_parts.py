"""Money, dates, emails and speakers: the pieces the analyzer is built from."""

import re
from datetime import date

import pytest

from earnest.analyzer.dates import find_due
from earnest.analyzer.emails import email_body
from earnest.analyzer.money import find_money
from earnest.analyzer.our_asks import our_asks
from earnest.analyzer.speakers import regions, sentence_actor

WHEN = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We set aside $50k", "USD 50,000"),
        ("a 5,000 USD pilot", "USD 5,000"),
        ("€1.2m budget", "EUR 1,200,000"),
        ("ten grand", "USD 10,000"),
        ("two thousand dollars", "USD 2,000"),
        ("I can do $2.50!", "USD 2.50"),
        ("GBP 300 deposit", "GBP 300"),
    ],
)
def test_money_in_common_forms(text, label):
    assert [m.label for m in find_money(text)] == [label]


def test_a_bare_number_is_not_money():
    assert find_money("we have 3 people and 12 laptops") == []


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("meet next Thursday", date(2026, 11, 26)),
        ("call by Friday", date(2026, 11, 27)),
        ("send it by end of month", date(2026, 11, 30)),
        ("in two weeks", date(2026, 12, 7)),
        ("EOD", WHEN),
    ],
)
def test_relative_dates_resolve_against_the_conversation(text, due):
    assert find_due(text, WHEN) == due


def test_we_and_may_are_not_dates():
    assert find_due("we may do it", WHEN) is None


def test_email_body_stops_at_signature_and_quote():
    text = "Hi,\n\nBody line.\n\nBest,\nKim\n> quoted"
    start, end = email_body(text)
    assert text[start:end].strip() == "Hi,\n\nBody line."


def test_transcript_voices_follow_the_speaker_labels():
    text = "Rep: Want a pilot?\nDana: Yes.\n"
    assert [r.voice for r in regions(text)] == ["us", "prospect"]


def test_the_first_speaker_is_us_when_nobody_is_marked():
    text = "Alex: Want a pilot?\nDana: Yes.\nAlex: Great."
    assert [r.voice for r in regions(text)] == ["us", "prospect", "us"]


def test_a_note_heading_is_not_a_speaker():
    assert [r.voice for r in regions("Met Carlos. Next: demo Thursday")] == ["notes"]


def test_fields_that_each_open_one_line_are_a_notes_headings_not_speakers():
    text = "Present: Declan Fahy (Director of Schools)\nFrom us: Katrin S.\n\n- They signed with a rival."
    assert [r.voice for r in regions(text)] == ["notes"]


def test_a_roster_marks_who_is_us():
    text = "Present: Curtis Webb (VP), Jordan (SC, us)\n\nCurtis: No approval today.\nJordan: Understood.\n"
    assert [r.voice for r in regions(text)] == ["notes", "prospect", "us"]


def test_a_speaker_introduced_with_a_title_is_theirs_even_when_first_to_speak():
    text = (
        "Call - Hugo / Keisha Grant (Senior Payroll Analyst, Almond Growers)\n\n"
        "Keisha Grant: We onboard 600 people in two weeks.\nHugo: Who signs off?\nKeisha Grant: Deb.\n"
    )
    assert [r.voice for r in regions(text)] == ["notes", "prospect", "us", "prospect"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("we committed to sending a revised SOW by Monday", "us"),
        ("We'll send the deck Friday", "us"),
        ("As promised I'll send the questionnaire answers", "us"),
        ("We'll start the pilot Monday", "joint"),
        ("We agreed to a pilot", "joint"),
    ],
)
def test_what_we_deliver_is_ours_alone(text, actor):
    assert sentence_actor(re.findall(r"[A-Za-z']+", text), "notes") == actor


def test_an_ask_in_the_present_tense_is_ours():
    text = "I ask for 10 min call next week. They ask for a discount."
    assert [text[a:b] for a, b in our_asks(text)] == ["I ask for 10 min call next week"]
