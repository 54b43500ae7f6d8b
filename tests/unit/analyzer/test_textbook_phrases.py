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


@pytest.mark.parametrize(("text", "expected"), [
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
])
def test_textbook_phrases_read_as_the_framework_says(text, expected):
    kind, never, verdict = expected
    result = analyze(text, WHEN)
    assert kind in result.kinds()
    assert not never & result.kinds()
    assert verdict is None or result.verdict == verdict


@pytest.mark.parametrize("text", [
    "Deposit of 10% received, balance due on delivery",
    "Down payment came through, the rest is due at go-live",
])
def test_a_deposit_is_paid_in_money(text):
    commitment = next(s for s in analyze(text, WHEN).signals if s.kind == "commitment")
    assert "money" in commitment.currencies


@pytest.mark.parametrize("text", [
    "No follow-up scheduled",
    "- no next meeting booked",
    "Nothing on the calendar yet.",
])
def test_a_negated_step_is_no_next_step(text):
    result = analyze(text, WHEN)
    assert not {"next_step", "commitment"} & result.kinds()
    assert result.verdict != "advanced"
