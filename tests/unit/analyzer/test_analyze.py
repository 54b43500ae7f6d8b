"""The analyzer reads what the customer gave, not what anyone said they might do."""

from datetime import date

import pytest

import earnest
from earnest.analyzer import AnalysisResult, analyze

WHEN = date(2026, 11, 23)  # a Monday


def kinds(text: str, **kwargs) -> set[str]:
    return {s.kind for s in analyze(text, when=WHEN, **kwargs).signals}


def test_analyze_is_exposed_lazily_on_the_package():
    assert earnest.analyze is analyze
    assert "analyze" in earnest.__all__


def test_a_third_person_intro_is_a_reputation_commitment():
    result = analyze("Priya introduced me to their CFO.", when=WHEN)
    assert result.verdict == "advanced"
    commitment = next(s for s in result.signals if s.kind == "commitment")
    assert "reputation" in commitment.currencies


def test_a_negated_commitment_is_not_a_commitment():
    result = analyze("We wouldn't commit to a follow-up.", when=WHEN)
    assert "commitment" not in result.kinds()
    assert result.verdict in ("rejected", "hedged")


def test_a_conditional_promise_is_not_a_commitment():
    result = analyze("If you add SSO we'd consider a pilot.", when=WHEN)
    assert "commitment" not in result.kinds()
    assert result.verdict != "advanced"


def test_our_own_promise_is_not_their_commitment():
    result = analyze("I'll send the deck tomorrow.", when=WHEN, voice="notes")
    assert result.signals == ()
    assert result.verdict == "no_next_step"


def test_the_same_words_from_the_prospect_are_a_commitment():
    assert "commitment" in kinds("I'll send you the security questionnaire by Friday.", voice="prospect")


def test_praise_and_hypothetical_promises_are_only_compliments():
    result = analyze("Love it! We would definitely buy it someday.", when=WHEN)
    assert result.verdict == "complimented"
    assert {"compliment", "fluff"} <= result.kinds()


def test_a_yes_without_date_or_person_is_a_hedge():
    assert analyze("Sure, let's do a pilot sometime.", when=WHEN).verdict == "hedged"


def test_a_dated_next_step_resolves_against_the_conversation_date():
    result = analyze("We booked a demo for next Thursday at 2pm with their ops team.", when=WHEN)
    step = next(s for s in result.signals if s.kind == "next_step")
    assert step.due == date(2026, 11, 26)
    assert result.verdict == "advanced"


def test_a_clear_no_is_rejected():
    assert analyze("We're not interested, thanks.", when=WHEN).verdict == "rejected"


def test_a_transcript_judges_the_prospect_not_the_rep():
    text = "Rep: I'll send over the contract by Monday.\nDana: Sounds interesting, keep me posted.\n"
    result = analyze(text, when=WHEN)
    assert "commitment" not in result.kinds()
    assert result.verdict == "hedged"


def test_a_transcript_commitment_carries_its_due_date():
    text = "Rep: Shall we book the follow-up?\nAna: Yes, next Wednesday at 11, I'll bring our IT lead."
    result = analyze(text, when=WHEN)
    assert result.verdict == "advanced"
    assert any(s.due == date(2026, 11, 25) for s in result.signals)


def test_an_email_is_judged_without_its_quoted_reply_and_signature():
    text = (
        "Hi Sam,\n\nWe'll wire the $10,000 deposit by Friday.\n\nThanks,\nRita\n\n"
        "On Mon, Mar 3, 2025 at 9:12 AM Sam <sam@example.com> wrote:\n"
        "> This is amazing, we would definitely buy it.\n"
    )
    result = analyze(text, when=WHEN)
    commitment = next(s for s in result.signals if s.kind == "commitment")
    assert commitment.amount == "USD 10,000"
    assert "money" in commitment.currencies
    assert all(s.start < text.index("On Mon") for s in result.signals)


def test_notes_find_the_problem_the_workaround_and_the_budget():
    found = kinds(
        "We track it in a spreadsheet and lose 10 hours a week. There's $50k earmarked for tooling this year."
    )
    assert {"problem", "workaround", "budget"} <= found


def test_signal_offsets_point_into_the_text():
    text = "  - Priya introduced me to their CFO.\n- Next: demo for finance Thursday 2pm\n"
    for signal in analyze(text, when=WHEN).signals:
        assert text[signal.start : signal.end] == signal.text


@pytest.mark.parametrize("text", ["", "   \n\t", "?!", "<html><body>hi</body></html>"])
def test_empty_or_odd_input_gives_no_next_step(text):
    result = analyze(text, when=WHEN)
    assert isinstance(result, AnalysisResult)
    assert 0.0 <= result.score <= 1.0


def test_a_commitment_scores_above_a_compliment():
    strong = analyze("They wired the $5,000 deposit for the pilot.", when=WHEN).score
    weak = analyze("This is amazing, great product.", when=WHEN).score
    assert strong > 0.5 > weak


@pytest.mark.parametrize(
    "text",
    [
        "Last year the PTA paid a £500 deposit to another startup for a lost-property system.",
        "They signed an LOI with a competitor back in 2024 and it went nowhere.",
        "We tried two of these apps last year and the crews hated them.",
    ],
)
def test_what_they_gave_another_vendor_before_is_no_commitment_to_us(text):
    assert "commitment" not in analyze(text, when=WHEN).kinds()


def test_last_years_data_shared_with_us_is_still_a_commitment():
    result = analyze("She agreed to send us last year's repair tickets by Friday.", when=WHEN)
    assert "commitment" in result.kinds()


def test_one_sentence_is_a_concern_or_a_no_never_both():
    result = analyze("They worry it is too expensive for this year.", when=date(2026, 12, 1))
    assert [s.kind for s in result.signals] == ["objection"]
