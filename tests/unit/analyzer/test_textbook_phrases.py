"""Issue 12: the framework's own textbook phrases, and the same ideas in other words.

None of these strings is in the training data; they pass because of cues and examples of
the same kind, not because of the strings themselves.
"""

from datetime import date

import pytest

from earnest.analyzer import analyze

WHEN = date(2026, 11, 23)
BRUSH_OFF = ("hedge", {"commitment", "next_step", "fluff"}, "hedged")
DEPOSIT = ("commitment", set(), "advanced")
TOO_SMALL = ("rejection", set(), "rejected")
PRICE = ("objection", {"commitment"}, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Said to send her the deck and she'll take a look", BRUSH_OFF),
        ("Love it!! Let me know when it launches", BRUSH_OFF),
        ("We'll review internally and let you know", BRUSH_OFF),
        ("They said they'd keep us in mind", BRUSH_OFF),
        ("He told us to email the brochure over and he'd have a look at some point", BRUSH_OFF),
        ("Great stuff, tell me when it is ready", BRUSH_OFF),
        ("Deposit of 10% received, balance due on delivery", DEPOSIT),
        ("Down payment came through, the rest is due at go-live", DEPOSIT),
        ("Sounds like a great tool for bigger companies. We're too small to need it.", TOO_SMALL),
        ("Nice product, but with six people we're too small for it.", TOO_SMALL),
        ("pricing seems steep compared to Zendesk", PRICE),
        ("The price looks steep next to what we pay Intercom.", PRICE),
    ],
)
def test_textbook_phrases_read_as_the_framework_says(text, expected):
    kind, never, verdict = expected
    result = analyze(text, WHEN)
    assert kind in result.kinds()
    assert not never & result.kinds()
    assert verdict is None or result.verdict == verdict


@pytest.mark.parametrize(
    "text",
    [
        "Deposit of 10% received, balance due on delivery",
        "Down payment came through, the rest is due at go-live",
    ],
)
def test_a_deposit_is_paid_in_money(text):
    commitment = next(s for s in analyze(text, WHEN).signals if s.kind == "commitment")
    assert "money" in commitment.currencies


@pytest.mark.parametrize(
    "text",
    [
        "No follow-up scheduled",
        "- no next meeting booked",
        "Nothing on the calendar yet.",
    ],
)
def test_a_negated_step_is_no_next_step(text):
    result = analyze(text, WHEN)
    assert not {"next_step", "commitment"} & result.kinds()
    assert result.verdict != "advanced"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The team really liked it.", "compliment"),
        ("They booked the follow-up meetings for Tuesday at 10am.", "next_step"),
        ("He introduced us to two of their partners.", "commitment"),
    ],
)
def test_any_form_of_a_cue_word_counts(text, kind):
    assert kind in analyze(text, WHEN).kinds()


def test_inflected_cues_match_only_as_written():
    # "paid" marks something done; "pay" in "I'd happily pay" must not
    result = analyze("I'd happily pay $200 a month for it.", WHEN, voice="prospect")
    assert "commitment" not in result.kinds()


def test_a_long_bullet_ends_at_the_next_bullet():
    text = (
        "- they reconcile pick lists in Excel every night, which takes about two hours\n- Dana loved the scanner demo"
    )
    spans = {s.text for s in analyze(text, WHEN).signals}
    assert "Dana loved the scanner demo" in spans
    assert all("\n" not in span for span in spans)


def test_a_stall_beside_a_period_is_no_next_step():
    result = analyze("Let's talk again sometime next month.", WHEN, voice="prospect")
    assert "next_step" not in result.kinds()
    assert "hedge" in result.kinds()
    dated = analyze("Let's talk again sometime Tuesday at 3pm.", WHEN, voice="prospect")
    assert "next_step" in dated.kinds()


def test_their_clause_after_ours_is_theirs():
    result = analyze("I asked for the shipment data and she agreed to send it by Friday.", WHEN)
    assert "commitment" in result.kinds()
    assert analyze("I told her we would send the deck.", WHEN).kinds() == frozenset()
