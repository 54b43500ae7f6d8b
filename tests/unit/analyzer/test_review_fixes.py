"""Regressions from the new-user review: what people say they would do is not what they gave."""

from datetime import date

import pytest

from earnest.analyzer import analyze
from earnest.analyzer.money import find_money

WHEN = date(2026, 11, 23)  # a Monday


def kinds(text: str, **kwargs) -> set[str]:
    return {s.kind for s in analyze(text, when=WHEN, **kwargs).signals}


@pytest.mark.parametrize("voice", ["auto", "prospect"])
def test_a_price_someone_would_pay_is_fluff_not_a_money_commitment(voice):
    result = analyze("We'd pay $50 a month for this.", when=WHEN, voice=voice)
    assert "commitment" not in result.kinds()
    assert "fluff" in result.kinds()
    assert result.verdict != "advanced"


@pytest.mark.parametrize(
    "text",
    [
        "I'd happily pay $200 a month for it.",
        "We would pay 2k a month for this.",
        "If it did invoicing we would pay for it.",
        "They'd gladly pay $30 per seat.",
    ],
)
def test_hypothetical_and_conditional_prices_never_advance(text):
    result = analyze(text, when=WHEN, voice="prospect")
    assert "commitment" not in result.kinds()
    assert result.verdict != "advanced"


def test_a_price_already_paid_is_still_a_money_commitment():
    result = analyze("They paid the $500 deposit yesterday.", when=WHEN)
    assert "commitment" in result.kinds()


@pytest.mark.parametrize(
    "text",
    [
        "no budget",
        "there's no budget for this",
        "we don't have budget this year",
        "There is no budget for tooling right now.",
    ],
)
def test_a_negated_budget_is_not_a_budget_signal(text):
    assert "budget" not in kinds(text, voice="prospect")


def test_budget_that_exists_is_still_budget():
    assert "budget" in kinds("We have budget for this set aside in Q1.", voice="prospect")


@pytest.mark.parametrize("text", ["They loved it.", "Honestly the team loved it.", "She loved the demo."])
def test_loved_it_is_a_compliment(text):
    result = analyze(text, when=WHEN)
    assert "compliment" in result.kinds()
    assert result.verdict == "complimented"


def test_maybe_before_a_quantity_is_an_estimate_of_a_cost_not_a_hedge():
    found = kinds("We missed two jobs, maybe 800 quid lost")
    assert "problem" in found
    assert "hedge" not in found


def test_maybe_on_its_own_is_still_a_hedge():
    assert "hedge" in kinds("I don't know, maybe.", voice="prospect")


def test_quid_is_pounds_sterling():
    assert [m.label for m in find_money("maybe 800 quid lost")] == ["GBP 800"]


def test_a_yes_with_a_day_and_time_is_a_next_step_not_a_hedge():
    result = analyze("Yeah, sure, Tuesday 10am works", when=WHEN, voice="prospect")
    assert "next_step" in result.kinds()
    assert "hedge" not in result.kinds()
    assert result.verdict == "advanced"


def test_a_prospect_who_brings_a_named_colleague_commits_time_and_reputation():
    text = "Me: Does Tuesday work?\nProspect: Yeah, sure, Tuesday 10am works, I'll bring Karen"
    result = analyze(text, when=WHEN)
    assert "hedge" not in result.kinds()
    assert "next_step" in result.kinds()
    commitment = next(s for s in result.signals if s.kind == "commitment")
    assert "reputation" in commitment.currencies
    assert result.verdict == "advanced"


@pytest.mark.parametrize("repeats", [1, 20, 200])
def test_small_talk_scores_low_however_long_it_runs(repeats):
    result = analyze("Nice meeting. " * repeats, when=WHEN)
    assert result.score < 0.3


def test_the_score_does_not_grow_with_the_number_of_sentences_without_an_advancing_signal():
    short = analyze("We lose hours every week on manual matching. Nice chat.", when=WHEN)
    long = analyze("We lose hours every week on manual matching. " + "Nice chat. " * 300, when=WHEN)
    assert "commitment" not in long.kinds() and "next_step" not in long.kinds()
    assert long.score <= short.score + 0.01
    assert long.score < 0.3


def test_a_real_commitment_still_scores_high_among_small_talk():
    text = "Nice meeting. " * 50 + "Priya introduced me to their CFO. Demo booked for next Thursday 2pm."
    assert analyze(text, when=WHEN).score > 0.6


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("€5.000", "EUR 5,000"),
        ("5.000,50 €", "EUR 5,000.50"),
        ("€1.000.000", "EUR 1,000,000"),
        ("It costs 12,50 euros", "EUR 12.50"),
        ("$5.00", "USD 5"),
        ("$5,000.50", "USD 5,000.50"),
        ("$1,234,567.89", "USD 1,234,567.89"),
    ],
)
def test_european_thousands_separators_are_read_as_thousands_and_american_decimals_stay(text, label):
    assert [m.label for m in find_money(text)] == [label]


def test_a_european_amount_reaches_the_commitment():
    result = analyze("They wired the €5.000 deposit today.", when=WHEN)
    commitment = next(s for s in result.signals if s.kind == "commitment")
    assert commitment.amount == "EUR 5,000"


def test_a_no_to_buying_after_a_dated_meeting_leaves_the_meeting_standing_and_shows_the_no():
    text = "Demo booked with Priya for next Thursday 2pm. Later she said we won't be buying anything this year."
    result = analyze(text, when=WHEN)
    assert result.verdict == "advanced"
    assert result.kinds() & {"rejection", "objection"}
    step = next(s for s in result.signals if s.kind == "next_step")
    assert step.due == date(2026, 11, 26)


def test_a_transcript_no_to_buying_this_year_keeps_the_scheduled_call_advanced():
    text = (
        "Me: Does Tuesday work?\n"
        "Prospect: Tuesday 10am works, see you then.\n"
        "Prospect: To be clear, we won't be buying anything this year.\n"
    )
    result = analyze(text, when=WHEN)
    assert result.verdict == "advanced"
    assert result.kinds() & {"rejection", "objection"}


def test_a_no_that_cancels_the_dated_meeting_is_rejected():
    text = "Demo booked for next Thursday 2pm. Then she emailed to cancel the demo, they went with a competitor."
    assert analyze(text, when=WHEN).verdict == "rejected"


def test_a_no_after_an_undated_commitment_is_still_rejected():
    text = "They agreed to a pilot. Later they said they are not interested."
    assert analyze(text, when=WHEN).verdict == "rejected"
